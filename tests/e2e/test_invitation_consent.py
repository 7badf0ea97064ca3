"""A case manager prepares a consent and invites a client; the client follows the e-mailed link,
sets a password, signs the consent and sees the case manager's visit in "Who has seen my record".
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from clients.models import ClientStatus, Consent
from clients.services.record import case_assign, client_create
from recovery_portal.notifications.dispatch import dispatch_due_reminders
from tests.dates import a_year_from_today

from .conftest import assert_accessible, open_menu

pytestmark = pytest.mark.e2e

PASSWORD = "lantern orchard quiet 7"


@pytest.fixture
def newcomer(demo):
    """An existing client record (made at intake) with no portal account yet."""
    supervisor = demo["supervisor@example.org"]
    record = client_create(
        actor=supervisor,
        legal_first_name="Alex",
        legal_last_name="Newcomer",
        email="alex.newcomer@example.org",
        status=ClientStatus.ACTIVE,
    )
    case_assign(client=record, case_manager=demo["casemanager@example.org"], actor=supervisor)
    return record


def test_invitation_password_consent_and_who_has_seen_my_record(
    page, browser, live_server, newcomer, sign_in
):
    # The case manager prepares a consent for the client to sign in the portal.
    sign_in("casemanager@example.org", totp=True)
    page.wait_for_url(f"{live_server.url}/today/")
    page.goto(f"{live_server.url}/clients/{newcomer.pk}/consents/new/")
    expect(page.get_by_role("heading", level=1, name="Alex Newcomer")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="New consent")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Whether I attend meetings and appointments").check()
    page.get_by_label("Specific description of the information").fill(
        "Whether I came to my weekly group"
    )
    page.get_by_label("Recipients, by name or class").fill("Dana Newcomer (sister)")
    page.get_by_label("Purpose", exact=True).select_option("support")
    next_year = a_year_from_today()
    page.get_by_label("Expiry date").fill(next_year.isoformat())
    page.get_by_role("button", name="Save consent").click()
    expect(page.get_by_role("heading", name="Consent to share with Dana Newcomer")).to_be_visible()
    expect(page.get_by_text("Waiting for signature").first).to_be_visible()
    assert_accessible(page)

    # … and invites the client to the portal.
    page.get_by_role("link", name="Portal access").click()
    assert_accessible(page)
    expect(page.get_by_label("E-mail address to send the link to")).to_have_value(
        "alex.newcomer@example.org"
    )
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("The invitation will reach")).to_be_visible()
    assert_accessible(page)

    # The reminders outbox sends it (Celery beat runs this every minute).
    dispatch_due_reminders()
    message = mail.outbox[-1]
    assert message.to == ["alex.newcomer@example.org"]
    assert message.subject == "Reminder: you have a new invitation"
    path = re.search(r"https?://[^/\s]+(/invitation/\S+/)", message.body).group(1)
    link = f"{live_server.url}{path}"

    # The client, on their own device, follows the link and sets a password.
    context = browser.new_context()
    phone = context.new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Welcome, Alex")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Choose a password").fill(PASSWORD)
    phone.get_by_label("Type it again").fill(PASSWORD)
    phone.get_by_role("button", name="Set password and continue").click()
    phone.wait_for_url(f"{live_server.url}/my/")
    expect(phone.get_by_role("heading", name="My recovery", level=1)).to_be_visible()
    assert_accessible(phone)

    # They read and sign the consent.
    phone.get_by_role("link", name="My consents").first.click()
    assert_accessible(phone)
    phone.get_by_role("link", name="Read and sign: sharing with Dana Newcomer (sister)").click()
    assert_accessible(phone)
    phone.get_by_label("Type your full name to sign").fill("Alex Newcomer")
    phone.get_by_label("I have read this consent").check()
    phone.get_by_role("button", name="Sign consent").click()
    expect(phone.get_by_text("Your consent is signed and in effect")).to_be_visible()
    expect(phone.get_by_text("Signed and in effect", exact=True)).to_be_visible()
    assert_accessible(phone)
    assert Consent.objects.get(client=newcomer).is_active

    # And they see the case manager's visits, and not their own.
    open_menu(phone, "My record")
    phone.get_by_role("link", name="Who has seen my record").first.click()
    expect(phone.get_by_role("heading", name="Who has seen my record")).to_be_visible()
    table = phone.get_by_role("table")
    expect(table.get_by_text("Casey Manager").first).to_be_visible()
    expect(table.get_by_text("Case manager").first).to_be_visible()
    expect(table.get_by_text("Portal access").first).to_be_visible()
    expect(table.get_by_text("Consent", exact=True)).to_be_visible()
    expect(table.get_by_text("Alex Newcomer")).to_have_count(0)
    assert_accessible(phone)
    context.close()

    # The link worked once.
    again = browser.new_context().new_page()
    again.goto(link)
    expect(again.get_by_role("heading", name="This link no longer works")).to_be_visible()
