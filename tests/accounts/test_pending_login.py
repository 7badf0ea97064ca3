"""A sign-in that access ends in the middle of does not finish (42 CFR Part 2 review).

Staff (and clients who chose it) sign in in two steps: the password, then a TOTP code. Between
the two, allauth keeps a pending login in the anonymous session, naming the person. Ending
their access there — deactivating the account, revoking a client's portal access, closing
their record — ends that pending login too (``access_end`` deletes the session), and the code
step itself refuses an account switched off or whose access ended after the password was
given (``PortalAccountAdapter.login``), however that happened.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientStatus
from clients.models.invitation import invitation_token
from clients.services.invitation import invitation_accept, invitation_send, portal_access_revoke
from clients.services.record import client_status_change
from recovery_portal.accounts.models import User
from tests.conftest import totp_code
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, ClientFactory

pytestmark = pytest.mark.django_db


def _password_given(user) -> Browser:
    """A browser half-way through signing in: the password given, the code asked for."""
    browser = Browser()
    response = browser.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in browser.session
    return browser


def _code_given(browser) -> object:
    return browser.post(reverse("mfa_authenticate"), {"code": totp_code()})


def _signed_in(browser) -> bool:
    return "_auth_user_id" in browser.session


@pytest.fixture
def client_with_totp(case_manager):
    """A client who accepted their invitation and chose a TOTP code as a second step."""
    record = ClientFactory(case_manager=case_manager, actor=case_manager, email="ro@example.test")
    invitation = invitation_send(client=record, actor=case_manager)
    user = invitation_accept(token=invitation_token(invitation.token_nonce), password=TEST_PASSWORD)
    TOTP.activate(user, TEST_TOTP_SECRET)
    record.refresh_from_db()
    return record, user


def test_the_two_steps_still_sign_in_when_nothing_happens_between(case_manager):
    browser = _password_given(case_manager)
    assert _code_given(browser).status_code == 302
    assert _signed_in(browser)


def test_deactivating_in_the_admin_between_the_password_and_the_code(admin_user, case_manager):
    browser = _password_given(case_manager)
    admin = Browser()
    admin.force_login(admin_user)
    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [case_manager.pk]},
    )
    assert response.status_code == 302
    response = _code_given(browser)
    assert not _signed_in(browser)
    assert response["Location"] == reverse("account_login")  # the pending login is gone
    assert browser.get(reverse("home:today")).status_code == 302


def test_revoking_a_clients_access_between_the_password_and_the_code(
    client_with_totp, case_manager
):
    record, user = client_with_totp
    browser = _password_given(user)
    portal_access_revoke(client=record, actor=case_manager)
    _code_given(browser)
    assert not _signed_in(browser)
    assert browser.get(reverse("home:my_recovery")).status_code == 302


def test_closing_the_record_between_the_password_and_the_code(client_with_totp, case_manager):
    """A closed record keeps the right of access: the person signs in again, from the start."""
    record, user = client_with_totp
    browser = _password_given(user)
    client_status_change(
        client=record, to_status=ClientStatus.CLOSED, actor=case_manager, reason="Moved away"
    )
    _code_given(browser)
    assert not _signed_in(browser)
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):  # a fresh code
        again = _password_given(user)
        assert _code_given(again).status_code == 302
        assert _signed_in(again)


def test_the_code_step_refuses_an_account_switched_off_any_other_way(case_manager):
    """Even with its session left in place (an account switched off in the database by hand),
    the code step does not sign in an inactive account."""
    browser = _password_given(case_manager)
    User.objects.filter(pk=case_manager.pk).update(is_active=False)
    response = _code_given(browser)
    assert not _signed_in(browser)
    assert response["Location"] == reverse("account_inactive")


def test_the_code_step_refuses_when_access_ended_after_the_password(case_manager):
    """Access ended after the password was given (here without touching the sessions): the
    code does not finish the sign-in; the person starts again."""
    browser = _password_given(case_manager)
    User.objects.filter(pk=case_manager.pk).update(access_ended_at=timezone.now())
    response = _code_given(browser)
    assert not _signed_in(browser)
    assert response["Location"] == reverse("account_login")
    assert "Please sign in again." in browser.get(response["Location"]).content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        again = _password_given(case_manager)
        assert _code_given(again).status_code == 302
        assert _signed_in(again)
