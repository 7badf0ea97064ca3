"""A new staff member joins by invitation, as a new organization would add one: the
administrator gives a name, an e-mail address and a role (no password); the person follows
the e-mailed link, chooses a password, sets up two-step sign-in with a secret that stays the
same across a reload, saves the recovery codes and lands on Today, without being asked for
the password a second time. The link then no longer works; a new invitation ends the old
password."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import Role
from recovery_portal.audit.models import AuditEvent
from recovery_portal.notifications.dispatch import dispatch_due_reminders
from tests.conftest import totp_code
from tests.factories import TEST_PASSWORD, UserFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e

PASSWORD = "harbour lantern willow 58"
NEXT_PASSWORD = "meadow copper violin 73"


def _admin_signs_in(page, url):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Email").fill("boss@example.test")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{url}/today/")


def _link_in_last_mail(url) -> str:
    dispatch_due_reminders()  # the outbox (Celery beat runs it every minute)
    message = mail.outbox[-1]
    assert message.to == ["robin.new@example.test"]
    for word in ("recovery", "staff", "clinical", "addiction"):
        assert word not in message.body.lower() and word not in message.subject.lower()
    return url + re.search(r"https?://[^/\s]+(/accounts/welcome/\S+/)", message.body).group(1)


def _both_widths(page):
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_staff_member_joins_by_invitation_and_lands_on_today(
    page, browser, live_server, transactional_db
):
    UserFactory(role=Role.ADMINISTRATOR, email="boss@example.test", full_name="Bo Boss")
    url = live_server.url
    _admin_signs_in(page, url)

    # The administrator adds the person: name, e-mail, role. No password field anywhere.
    page.goto(f"{url}/admin/accounts/user/add/")
    expect(page.locator("input[type=password]")).to_have_count(0)
    page.get_by_label("Full name").fill("Robin New")
    page.get_by_label("E-mail address").fill("Robin.New@example.test")
    page.get_by_label("Role").select_option(label=Role.CASE_MANAGER.value)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(
        page.get_by_text("An invitation is on its way to robin.new@example.test")
    ).to_be_visible()
    robin = User.objects.get(email="robin.new@example.test")
    assert not robin.has_usable_password() and robin.has_role(Role.CASE_MANAGER)
    link = _link_in_last_mail(url)

    # Robin, on their own device, chooses a password.
    newcomer = browser.new_context().new_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name="Welcome, Robin")).to_be_visible()
    _both_widths(newcomer)
    newcomer.get_by_label("Choose a password").fill(PASSWORD)
    newcomer.get_by_label("Type it again").fill(PASSWORD)
    newcomer.get_by_role("button", name="Set password and continue").click()

    # Straight to two-step set-up: no second password prompt.
    newcomer.wait_for_url(f"{url}/accounts/2fa/totp/activate/")
    _both_widths(newcomer)
    secret = newcomer.get_by_label("Authenticator secret").input_value()
    newcomer.reload()
    assert newcomer.get_by_label("Authenticator secret").input_value() == secret
    newcomer.goto(f"{url}/today/")  # anything else sends them back, with the same secret
    newcomer.wait_for_url(f"{url}/accounts/2fa/totp/activate/")
    assert newcomer.get_by_label("Authenticator secret").input_value() == secret
    newcomer.get_by_label("Authenticator code").fill(totp_code(secret))
    newcomer.get_by_role("button", name="Activate").click()

    # Recovery codes, with a way onward, to Today.
    newcomer.wait_for_url(f"{url}/accounts/2fa/recovery-codes/")
    expect(newcomer.get_by_label("Unused codes")).not_to_be_empty()
    _both_widths(newcomer)
    newcomer.get_by_role("link", name="I have saved my codes: continue to Today").click()
    newcomer.wait_for_url(f"{url}/today/")
    expect(newcomer.get_by_role("heading", name="Today", level=1)).to_be_visible()

    # The link worked once.
    other = browser.new_context().new_page()
    other.goto(link)
    expect(other.get_by_role("heading", name="This link no longer works")).to_be_visible()

    # Robin forgot everything: the administrator sends a new invitation (audited); the old
    # password and the old link no longer open anything.
    page.goto(f"{url}/admin/accounts/user/?q=robin.new")
    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.locator("select[name=action]").select_option("send_invitation")
    page.locator("button[name=index]").click()
    expect(page.get_by_text("A new invitation is on its way to 1.")).to_be_visible()
    assert (
        AuditEvent.objects.filter(action="staff.invite", actor__email="boss@example.test").count()
        == 2
    )
    new_link = _link_in_last_mail(url)
    assert new_link != link

    stranger = browser.new_context().new_page()
    stranger.goto(f"{url}/accounts/login/")
    stranger.get_by_label("Email").fill("robin.new@example.test")
    stranger.get_by_label("Password").fill(PASSWORD)
    stranger.get_by_role("button", name="Sign In").click()
    expect(stranger.get_by_text("not correct")).to_be_visible()
    stranger.goto(link)
    expect(stranger.get_by_role("heading", name="This link no longer works")).to_be_visible()

    # The new link works; their authenticator stays, so sign-in asks for its code.
    stranger.goto(new_link)
    stranger.get_by_label("Choose a password").fill(NEXT_PASSWORD)
    stranger.get_by_label("Type it again").fill(NEXT_PASSWORD)
    stranger.get_by_role("button", name="Set password and continue").click()
    stranger.wait_for_url("**/accounts/2fa/authenticate/")
