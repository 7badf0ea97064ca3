"""The consent, support network and disclosure pages, as a client and a case manager use them
with the demo data; every page checked by axe-core."""

import pytest
from playwright.sync_api import expect

from clients.models import Client

from .conftest import assert_accessible, open_menu, record_tab

pytestmark = pytest.mark.e2e


def test_a_client_manages_their_details_network_and_consents(page, live_server, demo, sign_in):
    sign_in("client@example.org")
    page.wait_for_url(f"{live_server.url}/my/")
    page.get_by_role("link", name="My details").click()
    assert_accessible(page)
    page.get_by_label("Pronouns").fill("they/them")
    page.get_by_label("E-mail").fill("not an address")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter a valid email address")).to_be_visible()
    page.get_by_label("E-mail").fill("jordan@example.org")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your details are saved.")).to_be_visible()

    open_menu(page, "My record")
    page.get_by_role("link", name="My support network").first.click()
    assert_accessible(page)
    expect(page.get_by_role("link", name="Al-Anon Family Groups").first).to_be_visible()
    page.get_by_role("link", name="Add someone").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Quinn Helper")
    page.get_by_label("Kind of relationship").select_option("friend")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Quinn Helper")).to_be_visible()

    page.goto(f"{live_server.url}/my/disclosures/")
    expect(page.get_by_text("Phoned to say they attended group")).to_be_visible()
    assert_accessible(page)

    open_menu(page, "My record")
    page.get_by_role("link", name="My consents").first.click()
    page.get_by_role("link", name="Sharing with Employee assistance program").click()
    expect(page.get_by_text("Expired", exact=True)).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Read and sign").first.click()
    page.get_by_role("link", name="Decline this consent").click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, decline it").click()
    expect(page.get_by_text("This consent is revoked")).to_be_visible()
    assert_accessible(page)

    open_menu(page, "My record")
    page.get_by_role("link", name="Who has seen my record").first.click()
    expect(page.get_by_role("cell", name="Casey Manager").first).to_be_visible()
    assert_accessible(page)


def test_a_case_manager_reads_consents_network_and_disclosures(page, live_server, demo, sign_in):
    record = Client.objects.get(user=demo["client@example.org"])
    sign_in("casemanager@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    page.goto(f"{live_server.url}/clients/{record.pk}/consents/")
    assert_accessible(page)
    page.get_by_role("link", name="Employee assistance program, Northside Logistics").click()
    expect(page.get_by_text("Open the scan of the signed form")).to_be_visible()
    assert_accessible(page)
    record_tab(page, "Support network")
    expect(page.get_by_role("heading", name="Support network", level=2)).to_be_visible()
    assert_accessible(page)
    record_tab(page, "Consents and disclosures")
    page.get_by_role("link", name="Disclosures", exact=True).click()
    expect(page.get_by_role("link", name="Disclosures", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Record a disclosure").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("This field is required").first).to_be_visible()
    record_tab(page, "Consents and disclosures")
    page.get_by_role("link", name="New consent").click()
    page.get_by_role("button", name="Save consent").click()
    expect(
        page.get_by_text("Please say who may disclose")
        .or_(page.get_by_text("Please describe specifically"))
        .first
    ).to_be_visible()
    assert_accessible(page)
