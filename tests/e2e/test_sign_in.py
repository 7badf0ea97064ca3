"""A case manager and a client sign in as they would at work or on a phone."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_a_case_manager_signs_in_with_password_and_totp(page, live_server, demo, sign_in):
    sign_in("casemanager@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.get_by_text("Case manager")).to_be_visible()
    assert_accessible(page)


def test_a_client_signs_in_on_a_phone_and_sees_my_recovery(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.wait_for_url("**/accounts/login/**")
    assert_accessible(page)
    page.get_by_label("Email").fill("client@example.org")
    page.get_by_label("Password").fill("recovery-demo")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/my/")
    expect(page.get_by_role("heading", name="My recovery", level=1)).to_be_visible()
    assert_accessible(page)
    # The menu folds away on a phone and opens from the keyboard.
    toggler = page.get_by_role("button", name="Show or hide the menu")
    toggler.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)
    context.close()


def test_the_skip_link_is_the_first_stop_for_the_keyboard(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
