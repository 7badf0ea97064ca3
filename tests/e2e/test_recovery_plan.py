"""A recovery plan, built by a case manager and read by the client: three goals, steps, a
barrier and its strategy; the client acknowledges the plan on their phone and ticks off a
step; the case manager sees it. Run at desktop width and at 390 px; axe checks every page."""

import re
import time

import pytest
import time_machine
from django.conf import settings
from playwright.sync_api import expect

from clients.models import ClientStatus
from clients.services.record import case_assign, client_create, client_status_change
from recovery_portal.accounts.roles import Role
from recovery_portal.accounts.services import user_create

from .conftest import assert_accessible, record_tab

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

GOALS = [
    ("substance_use", "Stay sober one day at a time", "Three meetings a week"),
    ("housing", "Find a safe place of my own", "A signed lease"),
    ("employment_education", "Get back to work in a kitchen", "20 hours a week"),
]


def _newcomer(demo):
    """A client on casemanager@'s caseload with a portal login and no plan yet."""
    manager = demo["casemanager@example.org"]
    user = user_create(
        email="taylor@example.org",
        full_name="Taylor Newcomer",
        role=Role.CLIENT,
        password=settings.DEMO_PASSWORD,
    )
    record = client_create(
        actor=manager,
        legal_first_name="Taylor",
        legal_last_name="Newcomer",
        email="taylor@example.org",
        status=ClientStatus.INTAKE,
        user=user,
    )
    case_assign(client=record, case_manager=manager, actor=manager)
    client_status_change(client=record, to_status=ClientStatus.ACTIVE, actor=manager)
    return record


@pytest.fixture
def fresh_totp_step(request):
    """A code typed in the last seconds of its 30-second step may reach the server in the next
    one and be refused: start signing in with time to spare. The live server runs in this
    process, so instead of waiting for the next step the clock moves there (time_machine, still
    ticking) for the rest of the test."""

    def start() -> None:
        left = 30 - time.time() % 30
        if left < 12:
            traveller = time_machine.travel(time.time() + left + 0.5, tick=True)
            traveller.start()
            request.addfinalizer(traveller.stop)

    return start


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_plan_is_built_acknowledged_and_a_step_done(
    viewport, page, browser, live_server, demo, sign_in, fresh_totp_step
):
    record = _newcomer(demo)
    page.set_viewport_size(viewport)
    fresh_totp_step()
    sign_in("casemanager@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    assert_accessible(page)  # with the "Plans to review" card
    page.goto(f"{live_server.url}/clients/{record.pk}/plan/")
    assert_accessible(page)
    page.get_by_role("link", name="Start a recovery plan").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start the plan").click()

    for domain, statement, target in GOALS:
        page.get_by_role("link", name="Add a goal").click()
        page.get_by_label("Life domain").select_option(domain)
        page.get_by_label("The goal, in the client's own words").fill(statement)
        page.get_by_label("Measurable target").fill(target)
        page.get_by_label("Peer support groups").check()
        assert_accessible(page)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The goal is added.")).to_be_visible()

    page.get_by_role("link", name=re.compile("Add a step to: Stay sober")).click()
    page.get_by_label(re.compile(r"^\s*What\W*$")).fill("Go to the Tuesday evening group")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name=re.compile("Add a step to: Find a safe")).click()
    page.get_by_label(re.compile(r"^\s*Who\W*$")).select_option("case_manager")
    page.get_by_label(re.compile(r"^\s*What\W*$")).fill("Apply for the housing voucher")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name=re.compile("Add a barrier to: Stay sober")).click()
    page.get_by_label("What might get in the way").fill("Evenings alone")
    page.get_by_label("What will help (a strategy)").fill("Call my sponsor")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Strategy: Call my sponsor")).to_be_visible()
    page.get_by_role("button", name="Share the plan with the client").click()
    expect(page.get_by_role("heading", name="Share the plan with the client?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes: share the plan with the client").click()
    expect(page.get_by_text("not yet acknowledged by the client")).to_be_visible()
    assert_accessible(page)

    # Taylor, on their own device, reads the plan, acknowledges it and ticks off a step.
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("Email").fill("taylor@example.org")
    phone.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    phone.get_by_role("button", name="Sign In").click()
    phone.wait_for_url(f"{live_server.url}/my/")
    expect(phone.get_by_text("Your plan has been shared with you")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="Open my plan").click()
    expect(phone.get_by_text("Evenings alone")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("button", name="I have read my plan").click()
    expect(phone.get_by_text("Thank you.")).to_be_visible()
    phone.get_by_role("link", name=re.compile("Update this step")).click()
    assert_accessible(phone)
    phone.get_by_label("I have done this").check()
    phone.get_by_label("A note for your case manager (optional)").fill("Went with a friend")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("Done", exact=True)).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="Notes your case manager shared with you").click()
    assert_accessible(phone)
    context.close()

    # The case manager sees the acknowledgement and the step done, with Taylor's comment.
    page.reload()
    expect(page.get_by_text("acknowledged by the client on")).to_be_visible()
    expect(page.get_by_text("Went with a friend")).to_be_visible()
    expect(page.get_by_text(re.compile(r"done \w+ \d+ by Taylor Newcomer"))).to_be_visible()

    # …and writes a note about it, signs it, and the note is locked.
    page.get_by_role("link", name="Notes", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Write a progress note").click()
    page.get_by_label("Contact type").select_option("phone")
    page.get_by_label("Duration (minutes)").fill("15")
    page.get_by_label("Stay sober one day at a time").check()
    page.get_by_label("Data").fill("Taylor called after the group.")
    page.get_by_label("Assessment").fill("Encouraged.")
    page.get_by_label(re.compile(r"^\s*Plan\W*$")).fill("Next call on Friday.")
    assert_accessible(page)
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Sign and lock the note").click()
    expect(page.get_by_role("heading", name="Sign and lock this note?")).to_be_visible()
    page.get_by_role("button", name="Yes: sign and lock the note").click()
    expect(page.get_by_text("This note is locked.")).to_be_visible()
    assert_accessible(page)
    record_tab(page, "Plan")
    page.get_by_role("link", name="Printable plan").click()
    expect(page.get_by_role("heading", name="Recovery plan: Taylor Newcomer")).to_be_visible()
    assert_accessible(page)
