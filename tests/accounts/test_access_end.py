"""Ended is ended, everywhere (issue 21, item 1).

Every kind of credential the apps declare (``access_enders``) is made for a person, each path
that ends access runs, and each old credential is tried again as its holder would: the old
browser session, the calendar app polling the old link, the old unsubscribe link, the old
password-reset link and the old invitation. None answers as alive, not even after a
re-invitation is accepted or an administrator reactivates the account.
"""

from __future__ import annotations

import secrets

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientStatus, PortalInvitation
from clients.models.emergency import EmergencyAccess
from clients.models.invitation import invitation_token
from clients.services.emergency import emergency_access_open
from clients.services.invitation import invitation_accept, invitation_send, portal_access_revoke
from clients.services.record import client_status_change
from groups.services.feed import calendar_feed_issue
from recovery_portal.accounts.invitation import staff_invite
from recovery_portal.accounts.models import STAFF_INVITATION_VALID_FOR, StaffInvitation, User
from recovery_portal.accounts.tokens import link_digest, link_token
from recovery_portal.audit.models import AuditEvent
from recovery_portal.notifications.messages import unsubscribe_url
from recovery_portal.plugins import access_enders
from tests.factories import TEST_PASSWORD, ClientFactory

NEW_PASSWORD = "violet tractor museum 42"


def _session(user, record):
    browser = Browser()
    browser.force_login(user)
    return browser


def _session_alive(browser) -> bool:
    return browser.get(reverse("notifications:preferences")).status_code == 200


def _feed(user, record):
    _, token = calendar_feed_issue(owner=user)
    return reverse("groups:calendar_feed", args=[token])


def _feed_alive(url) -> bool:
    return Browser().get(url).status_code == 200


def _unsubscribe(user, record):
    return unsubscribe_url(user).split("://", 1)[1].split("/", 1)[1]


def _unsubscribe_alive(path) -> bool:
    return Browser().get("/" + path).status_code == 200


def _reset(user, record):
    user = User.objects.get(pk=user.pk)
    key = default_token_generator.make_token(user)
    return reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )


def _reset_alive(url) -> bool:
    response = Browser().get(url, follow=True)
    return response.status_code == 200 and not response.context.get("token_fail")


def _invitation(user, record):
    """An invitation still open to the person's record (none can be open once they have
    accepted one, nor for staff)."""
    if record is None or user.has_usable_password():
        return None
    invitation = PortalInvitation.objects.filter(
        client=record, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).first()
    if invitation is None:
        invitation = invitation_send(client=record, actor=record.created_by, email=user.email)
    return reverse("clients:invitation_accept", args=[invitation_token(invitation.token_nonce)])


def _invitation_alive(url) -> bool:
    return Browser().get(url).status_code == 200


def _staff_invitation(user, record):
    """An invitation still open to a staff member (the row, as ``staff_invite`` would make it
    but without ending what the person has now)."""
    if not user.is_portal_staff:
        return None
    nonce = secrets.token_urlsafe(32)
    invitation = StaffInvitation.objects.create(
        user=user,
        email=user.email,
        token_nonce=nonce,
        token_hash=link_digest(link_token("accounts.staff_invitation", nonce)),
        expires_at=timezone.now() + STAFF_INVITATION_VALID_FOR,
    )
    return reverse("staff_invitation_accept", args=[invitation.token])


def _emergency(user, record):
    """A break-the-glass grant running for a person who keeps a caseload, on a record outside
    it (clients hold none)."""
    if not user.keeps_caseload:
        return None
    other = ClientFactory(actor=user)
    return emergency_access_open(
        user=user, client=other, reason="The client called in crisis, no one else is in"
    ).pk


def _emergency_alive(grant_pk) -> bool:
    return EmergencyAccess.objects.live().filter(pk=grant_pk).exists()


# Every kind of credential, by the key its app declares it under: how to make one for a person
# (and their client record, if any) and whether it still lets them in.
KINDS = {
    "sessions": (_session, _session_alive),
    "calendar_feed": (_feed, _feed_alive),
    "unsubscribe": (_unsubscribe, _unsubscribe_alive),
    "password_reset": (_reset, _reset_alive),
    "invitation": (_invitation, _invitation_alive),
    "staff_invitations": (_staff_invitation, _invitation_alive),
    "emergency_access": (_emergency, _emergency_alive),
}


def test_every_declared_kind_of_credential_is_tried_here():
    """A later app that adds a kind of token declares it; this test then fails until the kind
    is made and tried below."""
    assert sorted(kind.key for kind in access_enders()) == sorted(KINDS)


def _credentials(user, record=None) -> dict:
    made = {key: make(user, record) for key, (make, _) in KINDS.items()}
    made = {key: value for key, value in made.items() if value is not None}
    assert all(KINDS[key][1](value) for key, value in made.items()), "made but not working"
    return made


def _alive(made: dict) -> list[str]:
    return [key for key, value in made.items() if KINDS[key][1](value)]


@pytest.fixture
def accepted(case_manager):
    """A client who accepted their invitation: a record and a working account."""
    record = ClientFactory(case_manager=case_manager, actor=case_manager, email="sam@example.test")
    invitation = invitation_send(client=record, actor=case_manager)
    user = invitation_accept(token=invitation_token(invitation.token_nonce), password=TEST_PASSWORD)
    record.refresh_from_db()
    return record, user


def test_revoking_portal_access_ends_everything(accepted, case_manager):
    record, user = accepted
    made = _credentials(user, record)
    assert set(made) == set(KINDS) - {"invitation", "emergency_access", "staff_invitations"}
    portal_access_revoke(client=record, actor=case_manager)
    assert _alive(made) == []
    event = AuditEvent.objects.filter(action="access.end", target_id=str(user.pk)).get()
    assert event.details["reason"] == "portal_revoke"
    assert event.details["ended"]["calendar_feed"] == 1


def test_revoking_before_acceptance_ends_the_invitation_and_the_pending_account(case_manager):
    record = ClientFactory(case_manager=case_manager, actor=case_manager, email="lee@example.test")
    invitation_send(client=record, actor=case_manager)
    record.refresh_from_db()
    made = _credentials(record.user, record)
    assert set(made) == set(KINDS) - {"emergency_access", "staff_invitations"}
    portal_access_revoke(client=record, actor=case_manager)
    assert _alive(made) == []


def test_inviting_again_before_acceptance_ends_the_pending_account(case_manager):
    record = ClientFactory(case_manager=case_manager, actor=case_manager, email="kai@example.test")
    invitation_send(client=record, actor=case_manager)
    record.refresh_from_db()
    made = _credentials(record.user, record)
    assert set(made) == set(KINDS) - {"emergency_access", "staff_invitations"}
    invitation_send(client=record, actor=case_manager)
    assert _alive(made) == []


def test_inviting_again_after_acceptance_revives_nothing(accepted, case_manager):
    record, user = accepted
    made = _credentials(user, record)
    portal_access_revoke(client=record, actor=case_manager)
    invitation = invitation_send(client=record, actor=case_manager)
    assert _alive(made) == [], "the re-invitation, not yet accepted, brought something back"
    invitation_accept(token=invitation_token(invitation.token_nonce), password=NEW_PASSWORD)
    assert _alive(made) == [], "accepting the re-invitation brought something back"
    # They start with nothing: a new link works, the old one does not.
    fresh = _feed(User.objects.get(pk=user.pk), record)
    assert _feed_alive(fresh) and not _feed_alive(made["calendar_feed"])


def _admin_form(user, **changes) -> dict:
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "time_zone": user.time_zone,
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
        "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_deactivating_and_reactivating_in_the_admin_revives_nothing(admin_user, case_manager):
    made = _credentials(case_manager)
    browser = _session(admin_user, None)
    response = browser.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [case_manager.pk]},
    )
    assert response.status_code == 302
    assert _alive(made) == []
    change = reverse("admin:accounts_user_change", args=[case_manager.pk])
    response = browser.post(change, _admin_form(case_manager))
    assert response.status_code == 302, response.content
    reactivated = User.objects.get(pk=case_manager.pk)
    assert reactivated.is_active and not reactivated.has_usable_password()
    assert _alive(made) == []
    assert not Browser().login(email=case_manager.email, password=TEST_PASSWORD)


def test_unticking_active_in_the_admin_form_ends_everything(admin_user, facilitator):
    made = _credentials(facilitator)
    browser = _session(admin_user, None)
    change = reverse("admin:accounts_user_change", args=[facilitator.pk])
    response = browser.post(change, _admin_form(facilitator, is_active=None))
    assert response.status_code == 302, response.content
    assert _alive(made) == []
    assert AuditEvent.objects.filter(action="access.end", target_id=str(facilitator.pk)).exists()
    browser.post(change, _admin_form(facilitator))
    assert _alive(made) == []


def test_closing_a_record_ends_everything_but_the_password(accepted, case_manager):
    record, user = accepted
    made = _credentials(user, record)
    client_status_change(
        client=record, to_status=ClientStatus.CLOSED, actor=case_manager, reason="Moved away"
    )
    assert _alive(made) == []
    # The right of access stays: they sign in again with their password.
    assert Browser().login(email=user.email, password=TEST_PASSWORD)


def test_sending_a_staff_member_a_new_invitation_ends_everything(admin_user, facilitator):
    """They forgot their password: the old one, every session and every link end; only the
    new invitation opens the account."""
    made = _credentials(facilitator)
    staff_invite(user=facilitator, actor=admin_user)
    assert _alive(made) == []
    assert not Browser().login(email=facilitator.email, password=TEST_PASSWORD)
