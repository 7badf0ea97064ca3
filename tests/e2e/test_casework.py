"""Issue 9's journeys in Chromium, on a desktop and on a 390 px phone: a case manager finds a
client on the caseload, books an appointment, looks up a service in the directory and refers
the client there (refused first for information no consent covers, then sent with what the
client's consent does cover); the client asks to move an appointment from their phone. axe
checks every page on the way."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Appointment, Referral, RescheduleRequest

from .conftest import assert_accessible, record_tab

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _nav(page, name: str, phone: bool) -> None:
    if phone:
        page.get_by_role("button", name="Show or hide the menu").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_case_manager_books_an_appointment_and_makes_a_referral(
    screen, page, live_server, demo, sign_in
):
    phone = screen == "phone"
    if phone:
        page.set_viewport_size(PHONE)
    sign_in("casemanager@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    expect(page.get_by_role("heading", name="Referrals waiting for news")).to_be_visible()
    expect(page.get_by_role("heading", name="No contact for 30 days")).to_be_visible()
    assert_accessible(page)

    _nav(page, "Caseload", phone)
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Next appointment").click()
    expect(page.get_by_role("columnheader", name="Next appointment")).to_have_attribute(
        "aria-sort", "ascending"
    )
    page.get_by_role("link", name="Jordan Rivers").click()
    expect(page.get_by_role("heading", name="Appointments and referrals")).to_be_visible()

    # Book an appointment, with a mistake first.
    record_tab(page, "Appointments")
    expect(page.get_by_role("heading", name="Appointments", level=2)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Book an appointment").click()
    assert_accessible(page)
    day = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Kind of appointment").select_option("medical")
    page.get_by_label("Date").fill(day.isoformat())
    # In the evening: the demo books office hours, so this time clashes with nothing.
    page.get_by_label("Time").fill("21:15")
    page.get_by_label("Length (minutes)").fill("30")
    page.get_by_role("button", name="Book").click()
    expect(page.get_by_text("Please give a place, or a video link.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Place").fill("Harbor Community Clinic, 220 Pier Road")
    page.get_by_role("button", name="Book").click()
    expect(page.get_by_text("The appointment is booked")).to_be_visible()
    expect(page.get_by_text("Harbor Community Clinic, 220 Pier Road")).to_be_visible()
    assert_accessible(page)
    booked = Appointment.objects.get(place="Harbor Community Clinic, 220 Pier Road")
    assert timezone.localtime(booked.starts_at).strftime("%H:%M") == "21:15"

    # Look the service up in the directory.
    _nav(page, "Resources", phone)
    expect(page.get_by_role("heading", name="Resource directory")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="Search").fill("rehousing")
    page.get_by_label("Category").select_option("housing")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Rapid rehousing").click()
    expect(page.get_by_role("heading", name="Rapid rehousing")).to_be_visible()
    assert_accessible(page)

    # Refer: assessments are not covered by Jordan's consent; contact details are.
    _nav(page, "Caseload", phone)
    page.get_by_role("link", name="Jordan Rivers").click()
    record_tab(page, "Referrals")
    assert_accessible(page)
    page.get_by_role("link", name="Make a referral").click()
    assert_accessible(page)
    page.get_by_label("Refer to").select_option(
        label="Rapid rehousing — Springfield Housing Alliance"
    )
    page.get_by_label("Reason for the referral").fill("Needs a deposit for a new flat.")
    page.get_by_label("Urgency").select_option("soon")
    page.get_by_label("My intake and screening results").check()
    page.get_by_role("button", name="Send the referral").click()
    # Asked once, with what will happen (issue 18).
    expect(page.get_by_role("heading", name=re.compile("Send the referral to"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes: send the referral").click()
    expect(page.get_by_text("No signed consent in effect covers")).to_be_visible()
    assert_accessible(page)
    before = Referral.objects.count()
    page.get_by_label("My intake and screening results").uncheck()
    page.get_by_label("My contact details").check()
    page.get_by_label("What exactly is shared").fill("Name and phone number")
    # Jordan's consent ends "when the referral is closed": staff confirm it has not happened.
    page.get_by_label("The event that ends the client's consent has not happened").check()
    page.get_by_role("button", name="Send the referral").click()
    page.get_by_role("button", name="Yes: send the referral").click()
    expect(page.get_by_text("The referral is recorded and the disclosure logged.")).to_be_visible()
    expect(page.get_by_role("link", name="recorded in the disclosures")).to_be_visible()
    assert_accessible(page)
    assert Referral.objects.count() == before + 1

    # The provider accepted.
    page.get_by_label("Status now").select_option("accepted")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The referral is updated.")).to_be_visible()
    expect(page.get_by_text("Accepted:")).to_be_visible()

    _nav(page, "Referrals", phone)
    expect(page.get_by_role("heading", name="Open referrals")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Only those waiting for news").click()
    expect(page.get_by_role("heading", name="Referrals waiting for news")).to_be_visible()

    _nav(page, "My week", phone)
    expect(page.get_by_role("heading", name="My week", exact=False)).to_be_visible()
    assert_accessible(page)


def test_a_client_asks_to_move_an_appointment_from_their_phone(page, live_server, demo, sign_in):
    page.set_viewport_size(PHONE)
    sign_in("client@example.org")
    page.wait_for_url(f"{live_server.url}/my/")
    expect(page.get_by_role("heading", name="My appointments")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="My appointments").last.click()
    expect(page.get_by_role("heading", name="My appointments", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Places I have been referred to")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ask to change the time").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Send my request").click()
    expect(
        page.get_by_text("Please say which days or times suit you better.").or_(
            page.get_by_text("This field is required.")
        )
    ).to_be_visible()
    page.get_by_label("Which days or times suit you better?").fill("Any weekday after 4 pm")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_text("Thank you. Your case manager will be in touch")).to_be_visible()
    assert RescheduleRequest.objects.filter(message="Any weekday after 4 pm").exists()
