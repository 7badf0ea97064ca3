"""A client sets how they are reminded, on a phone, and sees their reminders."""

import pytest
from playwright.sync_api import expect

from recovery_portal.notifications.models import Preference

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_a_client_sets_quiet_hours_and_text_reminders_on_a_phone(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("client@example.org")
    page.get_by_label("Password").fill("recovery-demo")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/my/")

    page.get_by_role("button", name="Show or hide the menu").click()
    # Wait for the menu to finish unfolding: a click during Bootstrap's collapse animation can
    # land on a link that is still moving.
    page.locator("#main-nav.collapse.show").wait_for()
    # "Account": the person's own settings, one item of the menu.
    page.locator("#main-nav summary", has_text="Account").click()
    page.get_by_role("link", name="Reminder settings").click()
    expect(page.get_by_role("heading", name="Reminder settings", level=1)).to_be_visible()
    expect(page.get_by_label("Discreet wording (recommended)")).to_be_checked()
    assert_accessible(page)

    page.get_by_label("Send reminders by text message").check()
    page.get_by_role("button", name="Save settings").click()
    # No number yet: the form says so, nothing is saved.
    expect(page.get_by_text("Please enter a mobile number to get text messages.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Mobile number for text messages").fill("+1 555 123 4567")
    page.get_by_label("Quiet hours start").fill("21:00")
    page.get_by_label("Quiet hours end").fill("07:30")
    page.get_by_label("Milestones").uncheck()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your reminder settings are saved.")).to_be_visible()
    assert_accessible(page)

    preference = Preference.objects.get(user__email="client@example.org")
    assert preference.sms_enabled and preference.phone == "+15551234567"
    assert preference.opted_out_kinds == ["milestone"]

    page.get_by_role("link", name="See your reminders").click()
    expect(page.get_by_role("heading", name="My reminders", level=1)).to_be_visible()
    expect(page.get_by_text("Bring your photo ID and insurance card.")).to_be_visible()
    assert_accessible(page)
    context.close()
