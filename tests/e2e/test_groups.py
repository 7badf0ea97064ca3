"""Peer groups in the browser: a facilitator takes attendance on a phone, by tapping and with
the keyboard; a client finds a public meeting, downloads its .ics, joins an open group and
RSVPs. axe-core checks every page."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from groups.models import RSVP, Attendance, Enrollment, Session
from tests.conftest import totp_code

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _sign_in(page, url, email, *, totp=False):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if totp:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.get_by_label("Code").fill(totp_code(settings.DEMO_TOTP_SECRET))
        page.get_by_role("button", name="Sign In").click()


def test_a_facilitator_takes_attendance_on_a_phone_by_tapping_and_with_the_keyboard(
    browser, live_server, demo
):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    _sign_in(page, live_server.url, "facilitator@example.org", totp=True)
    page.goto(f"{live_server.url}/groups/")
    expect(page.get_by_role("heading", name="Groups", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Peer Support Circle")).to_be_visible()
    expect(page.get_by_role("link", name="Tuesday Night Hope")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Peer Support Circle").click()
    assert_accessible(page)
    page.get_by_role("link", name="Attendance of").first.click()
    expect(page.get_by_role("heading", name="Roster")).to_be_visible()
    assert_accessible(page)
    session = Session.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    first = page.locator(".roster > li").first
    name = first.locator(".roster-name").inner_text().split("\n")[0].split(" ·")[0].strip()

    # Tap: one button per status.
    first.get_by_role("button", name="Late").tap()
    first = page.locator(".roster > li").first
    expect(first.get_by_role("button", name="Late")).to_have_attribute("aria-pressed", "true")
    # Recorded in the background, and said aloud for screen readers.
    expect(page.locator("#roster-live")).to_have_text(f"{name}: Late")
    # Keyboard: focus the next button and press Enter.
    first.get_by_role("button", name="Excused").focus()
    page.keyboard.press("Enter")
    first = page.locator(".roster > li").first
    expect(first.get_by_role("button", name="Excused")).to_have_attribute("aria-pressed", "true")
    statuses = set(Attendance.objects.filter(session=session).values_list("status", flat=True))
    assert "excused" in statuses
    assert name

    # The page fits the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Mark all present").click()
    expect(page.get_by_text("Marked")).to_be_visible()
    assert_accessible(page)
    roster_url = page.url.split("#")[0]

    # Too early for a session next week: no buttons, and the roster says from when.
    page.get_by_role("link", name="Peer Support Circle").click()
    page.get_by_role("link", name="Roster of").last.click()
    expect(page.get_by_text("Attendance can be taken from")).to_be_visible()
    expect(page.locator(".roster > li").first.get_by_role("button")).to_have_count(0)

    signed_in = context.storage_state()  # a TOTP code cannot be used twice: keep the session
    context.close()

    # Without JavaScript the same buttons are plain forms: the page reloads with the mark.
    plain = browser.new_context(**PHONE, java_script_enabled=False, storage_state=signed_in)
    page = plain.new_page()
    page.goto(roster_url)
    first = page.locator(".roster > li").first
    first.get_by_role("button", name="Absent").tap()
    first = page.locator(".roster > li").first
    expect(first.get_by_role("button", name="Absent")).to_have_attribute("aria-pressed", "true")
    plain.close()


def test_a_client_finds_a_meeting_joins_a_group_rsvps_and_downloads_the_calendar(
    browser, live_server, demo
):
    context = browser.new_context(**PHONE, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/meetings/")
    expect(page.get_by_role("heading", name="Find a meeting")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("How").select_option("online")
    page.get_by_role("button", name="Show meetings").click()
    expect(page.get_by_role("link", name="SMART Recovery Midday").first).to_be_visible()
    expect(page.get_by_role("link", name="Tuesday Night Hope")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="SMART Recovery Midday").first.click()
    expect(page.get_by_role("heading", name="SMART Recovery Midday")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    assert download.value.suggested_filename == "smart-recovery-midday.ics"
    assert "BEGIN:VCALENDAR" in Path(download.value.path()).read_text()

    _sign_in(page, live_server.url, "client@example.org")
    page.goto(f"{live_server.url}/my/meetings/")
    expect(page.get_by_role("heading", name="My meetings", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Join CBT Skills Group").click()
    expect(page.get_by_text("You joined CBT Skills Group")).to_be_visible()
    assert Enrollment.objects.filter(
        group__slug="cbt-skills", client__user__email="client@example.org", status="enrolled"
    ).exists()
    card = page.locator(".next-meeting").filter(has_text="CBT Skills Group").first
    card.get_by_role("button", name="Going", exact=True).click()
    expect(page.get_by_text("Thanks for letting us know.")).to_be_visible()
    assert RSVP.objects.filter(
        session__group__slug="cbt-skills", client__user__email="client@example.org", answer="going"
    ).exists()
    assert_accessible(page)
    context.close()
