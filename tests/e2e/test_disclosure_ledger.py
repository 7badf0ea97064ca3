"""The disclosure ledger in the browser: a supervisor exports the record to the client (right of
access), a case manager records a medical-emergency disclosure, and the client sees both under
"Who has seen my record"; every page checked by axe-core."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from clients.models import Client, Disclosure

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_exports_and_emergency_disclosures_reach_the_clients_ledger(
    page, live_server, demo, sign_in, browser
):
    record = Client.objects.get(user=demo["client@example.org"])
    sign_in("supervisor@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    page.goto(f"{live_server.url}/clients/{record.pk}/export/")
    page.wait_for_url("**/accounts/reauthenticate/**")  # exports ask for the password again
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/clients/{record.pk}/export/")
    assert_accessible(page)
    before = Disclosure.objects.filter(client=record).count()
    page.get_by_label("To the client (right of access)").check()
    page.get_by_role("button", name="Record the disclosure and export").click()
    expect(page.get_by_role("heading", name=f"Client record: {record.legal_name}")).to_be_visible()
    # The export says where it went (its disclosure also shows in the copy's own ledger).
    expect(page.get_by_text("to the client (their right of access)").first).to_be_visible()
    assert Disclosure.objects.filter(client=record).count() == before + 1

    page.goto(f"{live_server.url}/clients/{record.pk}/disclosures/without-consent/")
    assert_accessible(page)
    page.get_by_label("Medical emergency (42 CFR 2.51)").check()
    page.get_by_label("To whom (name)").fill("Dr. Sam Okafor")
    page.get_by_label("Their health care facility (medical emergency)").fill("Mercy Urgent Care")
    page.get_by_label("My contact details").check()
    page.get_by_label("What was shared").fill("Emergency contact and current medications")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("Please describe the nature of the emergency")).to_be_visible()
    page.get_by_label("Nature of the emergency (medical emergency)").fill("Fainted at a meeting")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("The disclosure is recorded")).to_be_visible()
    assert_accessible(page)

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("Email").fill("client@example.org")
    phone.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    phone.get_by_role("button", name="Sign In").click()
    phone.wait_for_url(f"{live_server.url}/my/")
    phone.goto(f"{live_server.url}/my/who-has-seen-my-record/")
    expect(phone.get_by_text("Dr. Sam Okafor, Mercy Urgent Care")).to_be_visible()
    expect(phone.get_by_text("To the client (their right of access)").first).to_be_visible()
    assert_accessible(phone)
    phone.close()
