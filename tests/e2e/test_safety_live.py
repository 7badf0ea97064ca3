"""The safety net live, in Chromium (issue 16): the client's case manager has Today open on a
1280 px desk when the client, on a 390 px phone, presses "Talk to someone now". Without
reloading, Today's safety region fetches itself again (``TODAY_REFRESH_SECONDS``, shortened
here from the minute it is by default) and the request becomes the first card on the page;
what the case manager was typing and the page's own state survive. axe-core checks both pages.
"""

import re

import pytest
from playwright.sync_api import expect

from aftercare.models import HelpRequest

from .conftest import assert_accessible
from .test_aftercare import _sign_in

pytestmark = pytest.mark.e2e

REFRESH = 3  # seconds; the default (60) is the same code on a longer timer


def test_talk_to_someone_now_reaches_an_open_today_first_without_a_reload(
    browser, live_server, demo, settings
):
    settings.TODAY_REFRESH_SECONDS = REFRESH

    # 1. The case manager opens Today before anything happens.
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    today = desk.new_page()
    _sign_in(today, live_server.url, "casemanager@example.org", totp=True)
    today.wait_for_url(f"{live_server.url}/today/")
    region = today.locator("#today-live")
    expect(region).to_have_attribute("data-refresh-seconds", str(REFRESH))
    expect(today.locator(".help-now-card")).to_have_count(0)
    first_card = today.locator("main section.card").first
    expect(first_card).not_to_have_class(re.compile("help-now-card"))
    assert_accessible(today)

    # Whatever the page holds now must still be there after the cards refresh: a value the
    # page's own script world keeps, and a half-typed note in a field outside the region.
    navigations = []
    today.on("framenavigated", lambda frame: navigations.append(frame.url))
    today.evaluate("() => { window.__todayOpenedOnce = 'still here'; }")
    today.evaluate(
        """() => {
            const label = document.createElement('label');
            label.htmlFor = 'desk-note'; label.textContent = 'Desk note';
            const field = document.createElement('textarea');
            field.id = 'desk-note';
            document.querySelector('main').append(label, field);
        }"""
    )
    today.get_by_label("Desk note").fill("Call the housing office about")
    stamp = region.locator(".today-live-stamp")
    expect(stamp).to_contain_text(f"every {REFRESH} seconds without reloading the page")

    # 2. The client, on a phone, asks for help.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.new_page()
    _sign_in(page, live_server.url, "client@example.org", totp=False)
    page.wait_for_url(f"{live_server.url}/my/")
    page.get_by_role("button", name="Show or hide the menu").click()
    page.locator("#main-nav.collapse.show").wait_for()
    page.get_by_role("link", name="My check-ins").click()
    expect(page.get_by_role("heading", name="My check-ins", level=1)).to_be_visible()
    page.get_by_role("button", name="Talk to someone now").click()
    expect(page.get_by_text("We received your message at")).to_be_visible()
    # When someone will call, and what to do sooner: 988 as links to call or text.
    told = page.locator(".messages")
    expect(told).to_contain_text(re.compile(r"will call you"))
    expect(told.locator('a[href="tel:988"]')).to_have_count(1)
    expect(told.locator('a[href="sms:988"]')).to_have_count(1)
    assert_accessible(page)
    help_request = HelpRequest.objects.get(handled_at__isnull=True)
    phone.close()

    # 3. Within a refresh or two (well within the minute), Today shows it first.
    card = today.locator(".help-now-card")
    expect(card).to_have_count(1, timeout=(REFRESH * 4) * 1000)
    expect(first_card).to_have_class(re.compile("help-now-card"))
    expect(card.get_by_text(help_request.client.display_name, exact=True)).to_be_visible()
    expect(card.get_by_role("link", name=help_request.client.phone)).to_be_visible()
    # Nothing reloaded: no navigation, the page's state and the half-typed note are intact.
    assert navigations == []
    assert today.evaluate("() => window.__todayOpenedOnce") == "still here"
    expect(today.get_by_label("Desk note")).to_have_value("Call the housing office about")
    assert_accessible(today)

    # 4. Answered from Today: the card goes (the form posts, as it does without JavaScript).
    card.get_by_role("button", name=re.compile("Mark as answered")).click()
    expect(today.locator(".help-now-card")).to_have_count(0)
    help_request.refresh_from_db()
    assert help_request.handled_at is not None
    desk.close()
