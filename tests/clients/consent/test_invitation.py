"""Portal invitations: an expiring, single-use link by e-mail; re-send; revoke access."""

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clients.models import PortalInvitation
from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import Role
from recovery_portal.audit.models import AuditEvent
from recovery_portal.notifications.dispatch import dispatch_due_reminders
from tests.factories import ClientFactory, UserFactory

from .helpers import invitation_make

NEW_PASSWORD = "violet tractor museum 42"


@pytest.fixture
def newcomer(case_manager):
    """A client record with no portal account yet, on case_manager's caseload."""
    return ClientFactory(
        case_manager=case_manager,
        actor=case_manager,
        legal_first_name="Alex",
        legal_last_name="Newcomer",
        email="alex@example.test",
    )


def _invite_through_the_page(client, case_manager, newcomer, django_capture_on_commit_callbacks):
    client.force_login(case_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("clients:invitation", kwargs={"client_pk": newcomer.pk}),
            {"email": "alex@example.test"},
        )
    assert response.status_code == 302
    client.logout()
    dispatch_due_reminders()  # what Celery beat does every minute
    return re.search(r"https?://[^/\s]+(/invitation/[^/\s]+/)", mail.outbox[-1].body).group(1)


def test_a_case_manager_invites_and_the_client_sets_a_password(
    client, case_manager, newcomer, django_capture_on_commit_callbacks
):
    link = _invite_through_the_page(
        client, case_manager, newcomer, django_capture_on_commit_callbacks
    )
    message = mail.outbox[-1]
    assert message.to == ["alex@example.test"]
    html = message.alternatives[0][0]
    assert link in html
    # Discreet: nothing about what the organization does, in the subject or anywhere.
    for word in ("addiction", "recovery", "treatment", "substance", "rehab", "sober"):
        assert word not in (message.subject + message.body + html).lower()
    response = client.get(link)
    assert response.status_code == 200
    response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home:my_recovery")
    newcomer.refresh_from_db()
    user = newcomer.user
    assert user.email == "alex@example.test"
    assert user.has_role(Role.CLIENT) and user.check_password(NEW_PASSWORD)
    assert client.get(reverse("clients:my_consents")).status_code == 200
    actions = set(AuditEvent.objects.filter(client_id=newcomer.pk).values_list("action", flat=True))
    assert {"client.invite", "client.invitation_accept"} <= actions


def test_the_link_works_only_once(client, case_manager, newcomer):
    _, token = invitation_make(newcomer, case_manager)
    url = reverse("clients:invitation_accept", kwargs={"token": token})
    client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()
    response = client.get(url)
    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()
    response = client.post(url, {"password1": "another pass 123", "password2": "another pass 123"})
    assert response.status_code == 404
    assert User.objects.get(email="alex@example.test").check_password(NEW_PASSWORD)


def test_the_link_expires_after_seven_days(client, case_manager, newcomer):
    _, token = invitation_make(newcomer, case_manager)
    url = reverse("clients:invitation_accept", kwargs={"token": token})
    with time_machine.travel(timezone.now() + timezone.timedelta(days=7, minutes=1)):
        response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 404
    newcomer.refresh_from_db()
    assert not newcomer.user.has_usable_password()  # still only a pending account


def test_resending_replaces_the_earlier_link(client, case_manager, newcomer):
    _, old = invitation_make(newcomer, case_manager)
    _, new = invitation_make(newcomer, case_manager)
    assert client.get(reverse("clients:invitation_accept", kwargs={"token": old})).status_code == (
        404
    )
    assert client.get(reverse("clients:invitation_accept", kwargs={"token": new})).status_code == (
        200
    )
    assert PortalInvitation.objects.filter(client=newcomer, withdrawn_at__isnull=True).count() == 1


def test_a_bad_password_is_named_on_the_form_and_the_link_still_works(
    client, case_manager, newcomer
):
    _, token = invitation_make(newcomer, case_manager)
    url = reverse("clients:invitation_accept", kwargs={"token": token})
    page = client.post(url, {"password1": "short", "password2": "short"}).content.decode()
    assert "too short" in page
    page = client.post(url, {"password1": NEW_PASSWORD, "password2": "other"}).content.decode()
    assert "do not match" in page
    assert client.get(url).status_code == 200


def test_revoking_access_deactivates_the_account_and_a_new_invitation_reopens_it(
    client, case_manager, client_record, client_user
):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:portal_access_revoke", kwargs={"client_pk": client_record.pk})
    )
    assert response.status_code == 302
    client_user.refresh_from_db()
    assert not client_user.is_active
    assert AuditEvent.objects.filter(action="client.portal_revoke").exists()
    client.logout()
    assert not client.login(email=client_user.email, password="correct horse battery staple")
    _, token = invitation_make(client_record, case_manager)
    client.post(
        reverse("clients:invitation_accept", kwargs={"token": token}),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    client_user.refresh_from_db()
    assert client_user.is_active and client_user.check_password(NEW_PASSWORD)


def test_a_client_with_access_cannot_be_invited_again(client, case_manager, client_record):
    client.force_login(case_manager)
    page = client.post(
        reverse("clients:invitation", kwargs={"client_pk": client_record.pk}),
        {"email": "x@example.test"},
    ).content.decode()
    assert "already has portal access" in page
    assert not PortalInvitation.objects.exists()


def test_a_staff_address_cannot_be_used_for_an_invitation(client, case_manager, newcomer):
    client.force_login(case_manager)
    page = client.post(
        reverse("clients:invitation", kwargs={"client_pk": newcomer.pk}),
        {"email": case_manager.email},
    ).content.decode()
    assert "belongs to another account" in page


def test_an_existing_client_account_without_a_record_is_linked(client, case_manager, newcomer):
    account = UserFactory(role=Role.CLIENT, email="alex@example.test")
    _, token = invitation_make(newcomer, case_manager)
    client.post(
        reverse("clients:invitation_accept", kwargs={"token": token}),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    newcomer.refresh_from_db()
    assert newcomer.user == account


def test_only_a_digest_of_the_token_is_stored(case_manager, newcomer):
    invitation, token = invitation_make(newcomer, case_manager)
    assert token not in invitation.token_hash


def test_the_invitation_goes_through_the_outbox_and_a_withdrawn_one_is_never_sent(
    case_manager, newcomer
):
    from recovery_portal.notifications.models import Reminder, ReminderState

    first, _ = invitation_make(newcomer, case_manager)
    second, token = invitation_make(newcomer, case_manager)  # replaces the first link
    dispatch_due_reminders()

    assert len(mail.outbox) == 1
    assert token in mail.outbox[0].body
    states = dict(Reminder.objects.values_list("source_id", "state"))
    assert states[str(second.pk)] == ReminderState.SENT
    assert states[str(first.pk)] != ReminderState.SENT


def test_inviting_again_after_revoking_makes_the_old_password_stop_working(
    client, case_manager, newcomer
):
    from clients.services.invitation import invitation_accept, portal_access_revoke

    _, token = invitation_make(newcomer, case_manager)
    user = invitation_accept(token=token, password=NEW_PASSWORD)
    newcomer.refresh_from_db()
    portal_access_revoke(client=newcomer, actor=case_manager)
    invitation_make(newcomer, case_manager)
    user.refresh_from_db()
    assert user.is_active and not user.has_usable_password()
    assert not client.login(username=user.email, password=NEW_PASSWORD)


def _revoke(client_record, case_manager):
    from clients.services.invitation import portal_access_revoke

    portal_access_revoke(client=client_record, actor=case_manager)


def test_a_revoked_client_invited_again_at_a_new_address_gets_the_link_there_only(
    case_manager, client_record, client_user
):
    _revoke(client_record, case_manager)
    _, token = invitation_make(client_record, case_manager, email="jamie.new@example.test")
    dispatch_due_reminders()
    assert [m.to for m in mail.outbox] == [["jamie.new@example.test"]]
    assert token in mail.outbox[0].body
    client_user.refresh_from_db()
    assert client_user.email == "jamie.new@example.test"
    from allauth.account.models import EmailAddress

    assert list(EmailAddress.objects.filter(user=client_user).values_list("email", flat=True)) == [
        "jamie.new@example.test"
    ]


def test_after_revoking_old_reset_links_and_sessions_stop_working(
    client, case_manager, client_record, client_user
):
    from allauth.account.forms import default_token_generator

    client.force_login(client_user)
    assert client.get(reverse("clients:my_consents")).status_code == 200
    reset_token = default_token_generator.make_token(client_user)
    _revoke(client_record, case_manager)
    invitation_make(client_record, case_manager)  # reactivates, without a usable password
    client_user.refresh_from_db()
    assert client_user.is_active
    assert not default_token_generator.check_token(client_user, reset_token)
    response = client.get(reverse("clients:my_consents"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_accepting_goes_through_allauth_and_asks_for_the_clients_own_authenticator(
    client, case_manager, client_record, client_user
):
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.conftest import totp_code
    from tests.factories import TEST_TOTP_SECRET

    TOTP.activate(client_user, TEST_TOTP_SECRET)
    _revoke(client_record, case_manager)
    _, token = invitation_make(client_record, case_manager)
    response = client.post(
        reverse("clients:invitation_accept", kwargs={"token": token}),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(client_user.pk)
