"""Staff join by invitation (issue 18, item 1): the admin's add form takes a name, an e-mail
address and a role, never a password; the person gets the clients' discreet e-mail with a
single-use, expiring link, and only they choose their password."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from recovery_portal.accounts.invitation import staff_add, staff_invitation_accept, staff_invite
from recovery_portal.accounts.models import StaffInvitation, User
from recovery_portal.accounts.roles import Role
from recovery_portal.audit.models import AuditEvent
from recovery_portal.notifications.dispatch import dispatch_due_reminders

PASSWORD = "granite pelican morning 19"


def _role(role: Role) -> Group:
    return Group.objects.get(name=role.value)


def test_the_add_form_asks_for_name_email_and_role_and_invites(client, admin_user):
    client.force_login(admin_user)
    add = reverse("admin:accounts_user_add")
    page = client.get(add)
    assert b'type="password"' not in page.content
    assert b"Client" not in page.content.split(b'name="role"')[1].split(b"</select>")[0]
    response = client.post(
        add,
        {
            "full_name": "Robin New",
            "email": " Robin.New@Example.test ",
            "role": _role(Role.FACILITATOR).pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    robin = User.objects.get(email="robin.new@example.test")
    assert robin.has_role(Role.FACILITATOR) and robin.is_portal_staff
    assert not robin.has_usable_password() and not robin.is_staff
    invitation = StaffInvitation.objects.get(user=robin)
    assert invitation.is_usable and invitation.created_by == admin_user
    actions = set(AuditEvent.objects.filter(actor=admin_user).values_list("action", flat=True))
    assert {"user.create", "staff.invite"} <= actions
    assert not AuditEvent.objects.filter(action="user.roles_change").exists()


def test_an_address_already_in_use_is_a_form_error(client, admin_user, case_manager):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "full_name": "Twin",
            "email": case_manager.email.upper(),
            "role": _role(Role.SUPERVISOR).pk,
        },
    )
    assert response.status_code == 200
    assert b"already has an account with this e-mail address" in response.content


def test_the_email_is_discreet_and_the_link_works_once(client, admin_user):
    invitation = staff_add(
        email="robin@example.test",
        full_name="Robin New",
        role=_role(Role.CASE_MANAGER),
        actor=admin_user,
    )
    dispatch_due_reminders()
    [message] = mail.outbox
    assert message.to == ["robin@example.test"]
    body = message.body.lower()
    assert "set up your account (the link works once, for 7 days)" in body
    assert "an administrator invited you" in body
    for word in ("recovery", "clinical", "addiction", "case manager", "client"):
        assert word not in body and word not in message.subject.lower()
    link = reverse("staff_invitation_accept", args=[invitation.token])
    assert link in message.body

    assert client.get(link).status_code == 200
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    robin = User.objects.get(email="robin@example.test")
    assert robin.check_password(PASSWORD)
    assert robin.emailaddress_set.get().verified
    assert AuditEvent.objects.filter(action="staff.invitation_accept", actor=robin).exists()
    again = Browser().get(link)
    assert again.status_code == 404 and b"This link no longer works" in again.content


def test_a_weak_password_is_a_form_error(client, admin_user):
    invitation = staff_add(
        email="weak@example.test", full_name="W", role=_role(Role.SUPERVISOR), actor=admin_user
    )
    link = reverse("staff_invitation_accept", args=[invitation.token])
    response = client.post(link, {"password1": "short", "password2": "short"})
    assert response.status_code == 200 and b"too short" in response.content
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert b"do not match" in response.content
    assert StaffInvitation.objects.get(pk=invitation.pk).is_usable


def test_an_expired_or_replaced_link_is_refused(client, admin_user, time_machine):
    first = staff_add(
        email="late@example.test", full_name="L", role=_role(Role.SUPERVISOR), actor=admin_user
    )
    second = staff_invite(user=first.user, actor=admin_user)
    assert client.get(reverse("staff_invitation_accept", args=[first.token])).status_code == 404
    with pytest.raises(Exception, match="expired or was already used"):
        staff_invitation_accept(token=first.token, password=PASSWORD)
    time_machine.move_to(timezone.now() + timedelta(days=8))
    assert client.get(reverse("staff_invitation_accept", args=[second.token])).status_code == 404


def test_a_client_account_is_not_invited_as_staff(admin_user, client_user):
    with pytest.raises(Exception, match="no staff role"):
        staff_invite(user=client_user, actor=admin_user)


def test_the_new_invitation_action_ends_the_old_password(client, admin_user, case_manager):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_invitation", "_selected_action": [case_manager.pk]},
    )
    assert response.status_code == 302
    case_manager.refresh_from_db()
    assert not case_manager.has_usable_password()
    assert AuditEvent.objects.filter(
        action="staff.invite", actor=admin_user, target_id=str(StaffInvitation.objects.get().pk)
    ).exists()
