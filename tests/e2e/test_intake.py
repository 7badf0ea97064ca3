"""The journeys of issue 4 in Chromium, one test each: a case manager finds a client and takes
an intake for a new person with screenings, whose results show on the record; a safety alert
stays on Today until the follow-up is recorded; a case manager prepares a consent and invites
the person, who follows the e-mailed link on a phone, sets a password, signs the consent and
sees the case manager's visits in "Who has seen my record"."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from clients.instruments.catalog import answers_for_score, instrument
from clients.models import ClientStatus
from clients.services.record import case_assign, client_create
from clients.services.screening import screening_record
from recovery_portal.notifications.dispatch import dispatch_due_reminders
from tests.dates import a_year_from_today

from .conftest import assert_accessible, record_tab

pytestmark = pytest.mark.e2e


def _answer(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=re.compile(re.escape(question))).get_by_label(
        answer, exact=True
    ).check()


@pytest.fixture
def mo(demo):
    """Mo Testwood, after intake, on casemanager@'s caseload, with no portal account yet and an
    open safety alert (PHQ-9 item 9 answered above zero)."""
    case_manager = demo["casemanager@example.org"]
    record = client_create(
        actor=case_manager,
        legal_first_name="Morgan",
        legal_last_name="Testwood",
        preferred_name="Mo",
        status=ClientStatus.ACTIVE,
    )
    case_assign(client=record, case_manager=case_manager, actor=demo["supervisor@example.org"])
    phq9 = instrument("phq9")
    screening_record(
        client=record,
        instrument=phq9,
        answers=answers_for_score(phq9, 9, keep={"q9": 1}),
        actor=case_manager,
    )
    return record


def test_a_case_manager_finds_a_client_then_takes_an_intake_with_screenings(
    page, live_server, demo, sign_in
):
    sign_in("casemanager@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    expect(page.get_by_role("heading", name="Safety alerts")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Clients", exact=True).click()
    expect(page.get_by_role("heading", name="Clients", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="Search").fill("Jordan")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("link", name="Jordan Rivers")).to_be_visible()

    # 1. Identity and contact, with a mistake first.
    page.get_by_role("link", name="New intake").click()
    expect(page.get_by_role("heading", name="New intake")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Legal first name").fill("Morgan")
    page.get_by_label("Legal last name").fill("Testwood")
    page.get_by_label("Preferred name").fill("Mo")
    page.get_by_label("Date of birth").fill("1991-07-04")
    page.get_by_label("Phone").fill("12")
    page.get_by_role("button", name="Check for an existing record and continue").click()
    expect(page.get_by_text("Please enter a phone number with 7 to 15 digits")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Phone").fill("555-303-4477")
    page.get_by_role("button", name="Check for an existing record and continue").click()

    # 2. Substance-use history, then straight on.
    expect(page.get_by_role("heading", name=re.compile("Substance-use history"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Substance that causes the most trouble now").select_option("alcohol")
    page.get_by_label("Age at first use").fill("16")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name=re.compile("Physical health"))).to_be_visible()

    # Strengths, goals and needs.
    page.get_by_role("link", name=re.compile("Strengths, goals and needs")).click()
    assert_accessible(page)
    page.get_by_label("Goals, in the person's own words").fill(
        "Keep my job and be there for my daughter."
    )
    need = page.get_by_role("group", name="Need 1")
    need.get_by_label("Life area").select_option("housing")
    need.get_by_role("textbox").fill("A safer place to live")
    page.get_by_role("button", name="Save and continue").click()

    # Screenings: PHQ-9 with item 9 above zero, and the BARC-10.
    expect(page.get_by_role("heading", name=re.compile("Screenings"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Run PHQ-9").click()
    expect(page.get_by_role("heading", name=re.compile("PHQ-9"))).to_be_visible()
    assert_accessible(page)
    for n in range(1, 9):
        _answer(page, f"{n}. ", "More than half the days" if n <= 4 else "Not at all")
    page.get_by_role("button", name="Save and score").click()
    expect(page.get_by_text("Please choose an answer to question 9.")).to_be_visible()
    _answer(page, "9. Thoughts that you would be better off dead", "Several days")
    page.get_by_role("button", name="Save and score").click()
    expect(page.get_by_text("PHQ-9: score 9 — Mild depression.")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Safety alert")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Run BARC-10").click()
    for n in range(1, 11):
        _answer(page, f"{n}. ", "Agree")
    page.get_by_role("button", name="Save and score").click()
    expect(page.get_by_text("score 50 — 47 or above: strong recovery capital")).to_be_visible()
    page.get_by_role("button", name="Continue to review").click()

    # Review and finish.
    expect(page.get_by_role("heading", name="Review and finish the intake")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Finish the intake").click()
    expect(page.get_by_text("The intake is complete.")).to_be_visible()
    expect(page.get_by_role("heading", name="Mo Testwood")).to_be_visible()
    panel = page.locator(".panel-screenings")
    expect(panel.get_by_text("Mild depression")).to_be_visible()
    expect(panel.get_by_text("47 or above: strong recovery capital")).to_be_visible()
    expect(page.locator(".panel-intake").get_by_text("A safer place to live")).to_be_visible()
    assert_accessible(page)


def test_a_safety_alert_stays_on_today_until_the_follow_up_is_recorded(
    page, live_server, mo, sign_in
):
    sign_in("casemanager@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    expect(page.locator(".today-alerts").get_by_role("link", name="Mo Testwood")).to_be_visible()
    page.locator(".today-alerts").get_by_role("link", name="Mo Testwood").click()
    page.get_by_label("What was done to follow up").fill("Called Mo; reviewed the safety plan.")
    page.get_by_role("button", name=re.compile("Record the follow-up")).click()
    expect(page.get_by_text("The follow-up is recorded")).to_be_visible()
    page.get_by_role("link", name="Screenings", exact=True).click()
    expect(page.get_by_role("heading", name="Screenings over time")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Today").click()
    expect(page.locator(".today-alerts").get_by_role("link", name="Mo Testwood")).to_have_count(0)


def test_a_consent_and_an_invitation_then_the_person_signs_on_a_phone_and_sees_who_looked(
    page, browser, live_server, mo, sign_in
):
    sign_in("casemanager@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    page.goto(f"{live_server.url}/clients/{mo.pk}/screenings/")
    expect(page.get_by_role("heading", name="Screenings over time")).to_be_visible()

    # The case manager prepares a consent for Mo to sign …
    record_tab(page, "Consents and disclosures")
    page.get_by_role("link", name="New consent").click()
    assert_accessible(page)
    page.get_by_label("Whether I attend meetings and appointments").check()
    page.get_by_label("Specific description of the information").fill("Whether I came to group")
    page.get_by_label("Recipients, by name or class").fill("Sam Testwood (brother)")
    page.get_by_label("Purpose", exact=True).select_option("support")
    next_year = a_year_from_today()
    page.get_by_label("Expiry date").fill(next_year.isoformat())
    page.get_by_role("button", name="Save consent").click()
    expect(page.get_by_text("Waiting for signature").first).to_be_visible()

    # … and invites Mo to the portal; the reminders outbox sends the e-mail.
    page.get_by_role("link", name="Portal access").click()
    page.get_by_label("E-mail address to send the link to").fill("mo.testwood@example.org")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("The invitation will reach")).to_be_visible()
    dispatch_due_reminders()  # what Celery beat runs every minute
    path = re.search(r"https?://[^/\s]+(/invitation/\S+/)", mail.outbox[-1].body).group(1)

    # Mo, on a phone, sets a password, signs the consent and sees who has looked.
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(f"{live_server.url}{path}")
    phone.get_by_label("Choose a password").fill("harbor violet lamp 58")
    phone.get_by_label("Type it again").fill("harbor violet lamp 58")
    phone.get_by_role("button", name="Set password and continue").click()
    phone.wait_for_url(f"{live_server.url}/my/")
    phone.goto(f"{live_server.url}/my/consents/")
    phone.get_by_role("link", name="Read and sign: sharing with Sam Testwood (brother)").click()
    phone.get_by_label("Type your full name to sign").fill("Morgan Testwood")
    phone.get_by_label("I have read this consent").check()
    phone.get_by_role("button", name="Sign consent").click()
    expect(phone.get_by_text("Your consent is signed and in effect")).to_be_visible()
    phone.goto(f"{live_server.url}/my/who-has-seen-my-record/")
    table = phone.get_by_role("table")
    expect(table.get_by_text("Casey Manager").first).to_be_visible()
    expect(table.get_by_text("Screenings", exact=True).first).to_be_visible()
    assert_accessible(phone)
    context.close()
