"""Navigation that fits (issue 18, item 3): every role's menu on one line at 1280 px and behind
a menu button at 390 px (Bootstrap's collapse, from our static files); a record's tabs in
sections, at most two rows on a phone, the current section and tab marked. axe-core checks
each page at both widths."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _signed_in(browser, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=viewport)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return context.new_page()


def _rows(page, selector: str) -> int:
    """How many lines the items matching ``selector`` take (distinct tops of the visible)."""
    return page.evaluate(
        """(selector) => new Set([...document.querySelectorAll(selector)]
            .filter((e) => e.offsetParent !== null)
            .map((e) => Math.round(e.getBoundingClientRect().top))).size""",
        selector,
    )


@pytest.mark.parametrize(
    "persona", ["admin_user", "supervisor", "case_manager", "facilitator", "client_user"]
)
def test_every_roles_menu_is_one_line_wide_and_a_button_on_a_phone(
    persona, request, browser, live_server, client_record
):
    user = request.getfixturevalue(persona)
    home = reverse("home:my_recovery" if user.is_client else "home:today")
    page = _signed_in(browser, live_server, user, WIDE)
    page.goto(live_server.url + home)
    assert _rows(page, "#main-nav > ul > li") == 1
    expect(page.get_by_role("button", name="Show or hide the menu")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    toggler = page.get_by_role("button", name="Show or hide the menu")
    expect(toggler).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    toggler.click()
    page.locator("#main-nav.collapse.show").wait_for()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.locator("#main-nav summary", has_text="Account").click()
    expect(page.get_by_role("link", name="Reminder settings")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)


def test_a_records_tabs_come_in_sections_at_most_two_rows_on_a_phone(
    browser, live_server, supervisor, client_record
):
    page = _signed_in(browser, live_server, supervisor, PHONE)
    page.goto(live_server.url + reverse("casework:notes", args=[client_record.pk]))
    nav = page.get_by_role("navigation", name="Parts of the record")
    expect(nav.locator('[aria-current="true"]')).to_have_accessible_name("Plan")  # the short label
    expect(nav.locator('[aria-current="page"]')).to_have_text("Notes")
    assert _rows(page, ".record-nav li") == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    nav.get_by_role("link", name="Sharing").click()
    page.wait_for_url("**/consents/")
    nav = page.get_by_role("navigation", name="Parts of the record")
    expect(nav.locator('[aria-current="page"]')).to_have_text("Consents and disclosures")
    assert _rows(page, ".record-nav li") == 2

    page.set_viewport_size(WIDE)
    expect(nav.locator('[aria-current="true"]')).to_have_accessible_name("Contact and sharing")
    assert _rows(page, ".record-nav li") == 2
    assert_accessible(page)
