"""Aftercare in Chromium: a client checks in on a phone and presses 'Talk to someone now';
the on-call case manager sees the request on Today; a supervisor opens the follow-up
compliance dashboard and its chart renders. axe-core checks every page."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from aftercare.models import CheckIn, HelpRequest
from tests.conftest import totp_code

from .conftest import assert_accessible, open_menu

pytestmark = pytest.mark.e2e


def _sign_in(page, base: str, email: str, *, totp: bool) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if totp:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.get_by_label("Code").fill(totp_code(settings.DEMO_TOTP_SECRET))
        page.get_by_role("button", name="Sign In").click()


def _answer(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=re.compile(re.escape(question))).get_by_label(
        answer, exact=True
    ).check()


def test_a_client_checks_in_asks_for_help_and_the_on_call_staff_and_supervisor_see_it(
    browser, live_server, demo
):
    # 1. The client, on a 390 px phone screen.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.new_page()
    _sign_in(page, live_server.url, "client@example.org", totp=False)
    page.wait_for_url(f"{live_server.url}/my/")
    page.get_by_role("button", name="Show or hide the menu").click()
    page.locator("#main-nav.collapse.show").wait_for()
    page.get_by_role("link", name="My check-ins").click()
    expect(page.get_by_role("heading", name="My check-ins", level=1)).to_be_visible()
    expect(page.get_by_text("988 Suicide & Crisis Lifeline")).to_be_visible()
    expect(page.get_by_text("1-800-662-4357")).to_be_visible()
    assert_accessible(page)

    before = CheckIn.objects.count()
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_text("Please choose how your mood has been.")).to_be_visible()
    assert CheckIn.objects.count() == before
    assert_accessible(page)
    _answer(page, "How has your mood been?", "Okay")
    page.get_by_label("Cravings, from 0 (none) to 10 (very strong)").select_option("3")
    _answer(page, "Any use since your last check-in?", "No")
    _answer(page, "How have you slept?", "Well")
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_text("Thank you for checking in.")).to_be_visible()
    assert CheckIn.objects.count() == before + 1
    assert_accessible(page)

    page.get_by_role("button", name="Talk to someone now").click()
    expect(page.get_by_text("We received your message at")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Your request of .* was received"))).to_be_visible()
    assert_accessible(page)
    help_request = HelpRequest.objects.filter(handled_at__isnull=True).get()
    assert [u.email for u in help_request.alerted.all()] == ["casemanager2@example.org"]
    phone.close()

    # 2. The on-call case manager (not the client's own) sees it on Today.
    desk = browser.new_context()
    page = desk.new_page()
    _sign_in(page, live_server.url, "casemanager2@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    card = page.locator(".help-now-card")
    expect(card.get_by_role("heading", name="Talk to someone now")).to_be_visible()
    expect(card.get_by_text("Jordan Rivers", exact=True)).to_be_visible()
    expect(card.get_by_role("link", name=help_request.client.phone)).to_be_visible()
    assert_accessible(page)
    desk.close()

    # 3. A supervisor opens the compliance dashboard; the chart renders from the page's data.
    desk = browser.new_context()
    page = desk.new_page()
    _sign_in(page, live_server.url, "supervisor@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    open_menu(page, "Reports")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Follow-up compliance"
    ).click()
    expect(page.get_by_role("heading", name="Follow-up compliance", level=1)).to_be_visible()
    canvas = page.locator("#aftercare-chart")
    expect(canvas).to_have_attribute("data-rendered", "true")
    bars = page.evaluate(
        "() => document.getElementById('aftercare-chart').chart.data.datasets[0].data.length"
    )
    assert bars == 12
    expect(
        page.get_by_role("table", name="Rate completed in window by the month the window closed")
    ).to_be_visible()
    assert_accessible(page)

    open_menu(page, "Reports")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outcomes").click()
    expect(page.get_by_role("heading", name="Aftercare outcomes", level=1)).to_be_visible()
    expect(page.locator("#aftercare-chart")).to_have_attribute("data-rendered", "true")
    assert_accessible(page)
    desk.close()


def test_a_case_manager_records_a_follow_up_and_sees_the_need_to_act_on(
    page, live_server, demo, sign_in
):
    sign_in("casemanager@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    expect(page.get_by_role("heading", name="Follow-ups this week")).to_be_visible()
    expect(page.get_by_role("heading", name="Check-ins to look at")).to_be_visible()
    page.locator(".today-checkin-alerts").get_by_role("link", name="Jordan Rivers").click()
    expect(page.get_by_role("heading", name="Check-ins", level=2)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Back to follow-ups").click()
    expect(page.get_by_role("heading", name="Aftercare and follow-ups")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="90-day follow-up").click()
    expect(page.get_by_role("heading", name="90-day follow-up", level=2)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("How we tried").select_option("call")
    page.get_by_role("group", name=re.compile("Reached the client")).get_by_label("No").check()
    page.get_by_role("button", name="Record the try").click()
    expect(page.get_by_text("The try is recorded.")).to_be_visible()

    page.get_by_role("link", name="Record what we found and complete").click()
    expect(page.get_by_role("heading", name=re.compile("what we found"))).to_be_visible()
    assert_accessible(page)
    # Nothing is filled in for the case manager: an answer left out is asked for, not assumed.
    page.get_by_role("group", name=re.compile("Any use since the last contact")).get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("Housing now").select_option("family_friends")
    page.get_by_label("Work or school now").select_option("part_time")
    page.get_by_label("Meetings attended in the last 30 days").fill("10")
    page.get_by_role("button", name="Complete the follow-up").click()
    expect(page.get_by_text("Please enter the number, or choose").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Days of use in the last 30 days").fill("0")
    page.get_by_label("BARC-10 (recovery strengths) at this follow-up").select_option("asked")
    for n in range(1, 11):
        answer = "declined" if n == 4 else "5"
        page.get_by_label(f"BARC-10 item {n}:").select_option(answer)
    page.get_by_label("Needs found (one per line)").fill("Help with a housing application")
    page.get_by_role("button", name="Complete the follow-up").click()
    expect(page.get_by_text("The follow-up is completed.")).to_be_visible()
    expect(page.get_by_text("Completed in window")).to_be_visible()
    # One item declined: the items are kept, without a total.
    expect(page.get_by_text("No total: some items were declined or not asked")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="All follow-ups").click()
    expect(page.get_by_role("heading", name="Needs to act on")).to_be_visible()
    # The need waits to be acted on: one step to a referral, or marked done.
    expect(page.get_by_role("link", name="Help with a housing application")).to_be_visible()
