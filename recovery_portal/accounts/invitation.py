"""Staff join by invitation: an administrator adds a person by name, e-mail and role; the
person gets an e-mailed link (single-use, expiring, in the clients' discreet wording) and
chooses their own password. Nobody else ever sees or types it. Each write is audited in its
transaction; the e-mail is a reminder of kind "invitation" in the outbox, like a client's."""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recovery_portal.accounts.access import access_end
from recovery_portal.accounts.models import STAFF_INVITATION_VALID_FOR, StaffInvitation, User
from recovery_portal.accounts.roles import Role
from recovery_portal.accounts.tokens import link_digest, link_token
from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.models import Channel, ReminderKind
from recovery_portal.notifications.services import reminders_schedule

LINK_NOT_VALID = "This link has expired or was already used. Please ask for a new one."


@transaction.atomic
def staff_add(
    *, email: str, full_name: str, role: Group, actor: User, request=None
) -> StaffInvitation:
    """Make the person's account (no usable password: nobody can sign in to it yet) with one
    role, and send them their invitation. Administrators also get into the Django admin."""
    email = email.strip().lower()
    if role.name == Role.CLIENT.value:
        raise ValidationError({"role": "Clients join through their case manager's invitation."})
    user = User.objects.create_user(
        email=email,
        password=None,
        full_name=full_name.strip(),
        is_staff=role.name == Role.ADMINISTRATOR.value,
    )
    user.groups.add(role)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    audit_record(
        actor=actor, action="user.create", target=user, request=request, details={"role": role.name}
    )
    return staff_invite(user=user, actor=actor, request=request)


@transaction.atomic
def staff_invite(*, user: User, actor: User, request=None) -> StaffInvitation:
    """Send a (new) invitation: it replaces any earlier link. Someone who had a password loses
    it and every session (``access_end``): they choose a new one from the link."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(f"{user.email} is deactivated. Reactivate them first.")
    if not user.is_portal_staff:
        raise ValidationError(
            f"{user.email} has no staff role. Clients are invited from their record."
        )
    if user.has_usable_password():
        access_end(user=user, actor=actor, reason="reinvite", request=request)
        user.refresh_from_db()
        user.set_unusable_password()
        user.save(update_fields=["password"])
    now = timezone.now()
    staff_invitations_end(user, now=now)
    nonce = secrets.token_urlsafe(32)
    invitation = StaffInvitation.objects.create(
        user=user,
        email=user.email,
        token_nonce=nonce,
        token_hash=link_digest(link_token("accounts.staff_invitation", nonce)),
        created_at=now,
        created_by=actor,
        expires_at=now + STAFF_INVITATION_VALID_FOR,
    )
    reminders_schedule(
        recipient=user,
        kind=ReminderKind.INVITATION,
        source=invitation,
        send_at=now,
        channel=Channel.EMAIL,
    )
    audit_record(actor=actor, action="staff.invite", target=invitation, request=request)
    return invitation


def staff_invitation_for_token(token: str) -> StaffInvitation | None:
    """The usable invitation this token opens, or None (unknown, used, withdrawn, expired)."""
    found = (
        StaffInvitation.objects.filter(token_hash=link_digest(token or ""))
        .select_related("user")
        .first()
    )
    return found if found is not None and found.is_usable and found.user.is_active else None


@transaction.atomic
def staff_invitation_accept(*, token: str, password: str, request=None) -> User:
    """The person chooses their password from the link, which then stops working."""
    invitation = (
        StaffInvitation.objects.select_for_update()
        .filter(token_hash=link_digest(token or ""))
        .select_related("user")
        .first()
    )
    if invitation is None or not invitation.is_usable or not invitation.user.is_active:
        raise ValidationError(LINK_NOT_VALID)
    user = invitation.user
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages})
    user.set_password(password)
    user.save(update_fields=["password"])
    # Using the link proves they hold the address it was sent to.
    EmailAddress.objects.update_or_create(
        user=user, email=invitation.email, defaults={"verified": True, "primary": True}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(actor=user, action="staff.invitation_accept", target=invitation, request=request)
    return user


def staff_invitations_end(user: User, *, now) -> int:
    """Every staff invitation not yet used is withdrawn (a newer one, or access ended)."""
    return StaffInvitation.objects.filter(
        user=user, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
