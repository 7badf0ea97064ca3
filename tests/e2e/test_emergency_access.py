"""Minimum necessary and break-the-glass in Chromium: the administrator lands on Today with the
Administration link and no client records; a case manager opens a record outside their
caseload in an emergency with a reason, sees the emergency summary (not the whole record) marked
as such, and the supervisor sees it on Today."""

import re

import pytest
from playwright.sync_api import expect

from clients.models import ClientStatus
from clients.services.record import case_assign, client_create

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e

REASON = "Morgan called the front desk in distress; Cam is off shift and I need the safety plan."


def test_the_administrator_manages_staff_and_sees_no_client_record(
    page, live_server, demo, sign_in
):
    sign_in("admin@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    expect(page.get_by_role("link", name="Open administration")).to_be_visible()
    nav = page.get_by_role("navigation").first
    expect(nav.get_by_role("link", name="Clients", exact=True)).to_have_count(0)
    expect(page.get_by_role("heading", name="Safety alerts")).to_have_count(0)
    assert_accessible(page)
    response = page.goto(f"{live_server.url}/clients/")
    assert response.status == 403


def test_a_case_manager_opens_a_record_in_an_emergency_and_the_supervisor_sees_it(
    page, live_server, demo, sign_in
):
    record = client_create(
        actor=demo["casemanager@example.org"],
        legal_first_name="Morgan",
        legal_last_name="Testwood",
        status=ClientStatus.ACTIVE,
    )
    case_assign(
        client=record,
        case_manager=demo["casemanager@example.org"],
        actor=demo["supervisor@example.org"],
    )
    sign_in("casemanager2@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    page.goto(f"{live_server.url}/clients/")
    page.get_by_role("textbox", name="Search").fill("Morgan Testwood")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_text("A record matching your search exactly is on another caseload")
    ).to_be_visible()
    expect(page.get_by_text("Testwood")).to_have_count(0)
    page.get_by_role("link", name="Open in an emergency").click()
    expect(page.get_by_role("heading", name="Open a record in an emergency")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Reason").fill(REASON)
    page.get_by_role("button", name="Open the record in an emergency").click()
    page.wait_for_url(re.compile(rf".*/clients/{record.pk}/emergency-summary/"))
    expect(page.locator(".emergency-access")).to_contain_text("front desk")
    # The summary an emergency needs, not the whole record: no tabs into plans or notes.
    expect(page.get_by_role("heading", name="Telling medical personnel")).to_be_visible()
    expect(page.get_by_role("link", name="Notes")).to_have_count(0)
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in("supervisor@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    card = page.locator("section", has=page.get_by_role("heading", name="Emergency access"))
    expect(card).to_contain_text("Morgan Testwood")
    expect(card).to_contain_text("front desk in distress")
    assert_accessible(page)
