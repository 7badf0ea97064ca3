"""The pages issue 18 (items 3, 7, 8, 9) changed, in Chromium at 1280 and 390 px: axe-core
finds no serious violation, no page is wider than the window, and the calendar link's copy
button copies. With ``SCREENSHOT_DIR`` set, each page is saved there at both widths (for the
developer to look at)."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from casework.services.plan import plan_start
from clients.selectors.intake import intake_needs_of
from clients.services.intake import intake_complete, intake_section_save, intake_start
from tests.casework.helpers import resource_make
from tests.groups.helpers import make_group

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 390)


def _context(browser, live_server, user):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    return context


def _check(page, name: str) -> None:
    """At each width: no serious axe violation, no page wider than the window, a screenshot."""
    shots = os.environ.get("SCREENSHOT_DIR")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        assert_accessible(page)
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{shots}/{name}-{width}.png", full_page=True)


def _intake_and_plan(client_record, case_manager):
    intake = intake_start(client=client_record, actor=case_manager)
    intake_section_save(
        intake=intake,
        step="substance_use",
        actor=case_manager,
        answers={"last_use_date": "2026-03-14"},
    )
    intake_section_save(
        intake=intake,
        step="strengths",
        actor=case_manager,
        answers={
            "goals_in_own_words": "Stay well and find a home.",
            "needs": [{"domain": "housing", "description": "A stable place", "priority": "urgent"}],
        },
    )
    return intake


def test_the_changed_pages_at_both_widths(
    browser, live_server, supervisor, case_manager, admin_user, client_user, client_record
):
    group = make_group(supervisor, name="Tuesday Night Hope")
    resource = resource_make(case_manager, keywords="sober living, halfway house")
    intake = _intake_and_plan(client_record, case_manager)
    url = live_server.url

    page = _context(browser, live_server, None).new_page()
    page.goto(f"{url}/meetings/?fellowship=aa")
    expect(page.locator(".meetings .fellowship").first).to_have_text("Alcoholics Anonymous (AA)")
    _check(page, "finder")
    page.goto(f"{url}{reverse('groups:meeting', args=[group.slug])}")
    _check(page, "meeting")

    page = _context(browser, live_server, case_manager).new_page()
    page.goto(f"{url}{reverse('clients:intake_finish', args=[client_record.pk])}")
    expect(page.get_by_role("heading", name="Identity and contact")).to_be_visible()
    _check(page, "intake-review")
    page.goto(f"{url}{reverse('casework:resources')}?q=sober")
    expect(page.get_by_role("link", name=resource.name)).to_be_visible()
    _check(page, "directory-search")
    page.goto(f"{url}{reverse('casework:resource', args=[resource.pk])}")
    page.get_by_label("Client", exact=True).select_option(str(client_record.pk))
    _check(page, "resource")
    page.get_by_role("button", name="Start the referral").click()
    expect(page.get_by_label("Refer to")).to_have_value(str(resource.pk))

    intake_complete(intake=intake, actor=case_manager)
    plan_start(client=client_record, actor=case_manager, needs=intake_needs_of(client_record))
    page.goto(f"{url}{reverse('casework:plan', args=[client_record.pk])}")
    expect(page.get_by_text("priority urgent")).to_be_visible()
    _check(page, "record-plan")
    page.goto(f"{url}{reverse('clients:list')}")
    _check(page, "client-list")

    page = _context(browser, live_server, supervisor).new_page()
    page.goto(f"{url}{reverse('aftercare:compliance')}")
    _check(page, "compliance")

    context = _context(browser, live_server, client_user)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{url}{reverse('groups:mine')}")
    _check(page, "my-meetings")
    page.get_by_role("link", name="Add my meetings to my phone's calendar").click()
    page.get_by_role("button", name="Make my calendar link").click()
    subscribe = page.get_by_role("link", name="Subscribe in my calendar app")
    expect(subscribe).to_have_attribute(
        "href",
        f"webcal://{url.split('://', 1)[1]}/meetings/calendar/"
        + page.locator("#feed-url").input_value().rsplit("/", 1)[1],
    )
    _check(page, "calendar-link")
    page.get_by_role("button", name="Copy the link").click()
    expect(page.get_by_text("Copied. Paste it in your calendar app.")).to_be_visible()
