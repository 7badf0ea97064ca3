"""Portal invitations: staff invite (or invite again) and close access; the client accepts
from the e-mailed link. Each writes its audit event in the same transaction."""

from __future__ import annotations

import secrets
from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from clients.models import Client, PortalInvitation
from clients.models.invitation import INVITATION_VALID_FOR, invitation_token, token_digest
from recovery_portal.accounts.access import access_end
from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import Role
from recovery_portal.accounts.services import user_create
from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.models import Channel, ReminderKind
from recovery_portal.notifications.services import reminders_schedule


def _withdraw_open_invitations(client: Client, now: datetime) -> None:
    PortalInvitation.objects.filter(
        client=client, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)


@transaction.atomic
def invitation_send(*, client: Client, actor, email: str = "", request=None) -> PortalInvitation:
    """Invite (or invite again) a client to set a password. A new link replaces any earlier
    one.

    1. The client gets a pending account now (no usable password, so no one can sign in to
       it), so the reminders outbox has a person to send to and staff see its delivery log.
    2. The invitation keeps only a random nonce and the digest of the link's token; the token
       is derived from the nonce and SECRET_KEY when the outbox renders the e-mail.
    3. The e-mail is a reminder of kind "invitation" in the outbox, sent by the dispatcher
       (within a minute) with retries, and never if the invitation was withdrawn meanwhile.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    email = (email or client.email or "").strip().lower()
    if not email:
        raise ValidationError({"email": "Please give the client's e-mail address first."})
    user = client.user
    if user is not None and user.is_active and user.has_usable_password():
        raise ValidationError("This client already has portal access.")
    owner = User.objects.filter(email=email).first()
    if (
        owner is not None
        and owner.pk != client.user_id
        and (
            owner.is_portal_staff or user is not None or Client.objects.filter(user=owner).exists()
        )
    ):
        raise ValidationError(
            {"email": "This e-mail address belongs to another account. Please use another."}
        )
    if owner is not None and owner.pk != client.user_id and owner.has_usable_password():
        # An account of theirs already exists: it is tied to the record only when the link is
        # used, which proves they hold the address.
        user = owner
    else:
        if user is not None:  # inviting again: they start with nothing (access.py)
            access_end(user=user, actor=actor, reason="reinvite", request=request)
            user.refresh_from_db()
        user = _pending_account(client=client, user=user or owner, email=email)
    now = timezone.now()
    _withdraw_open_invitations(client, now)
    nonce = secrets.token_urlsafe(32)
    invitation = PortalInvitation.objects.create(
        client=client,
        email=email,
        token_nonce=nonce,
        token_hash=token_digest(invitation_token(nonce)),
        created_at=now,
        created_by=actor,
        expires_at=now + INVITATION_VALID_FOR,
    )
    reminders_schedule(
        recipient=user,
        kind=ReminderKind.INVITATION,
        source=invitation,
        send_at=now,
        channel=Channel.EMAIL,
    )
    audit_record(actor=actor, action="client.invite", target=invitation, request=request)
    return invitation


def _pending_account(*, client: Client, user, email: str) -> User:
    """The client's account, made (or re-addressed) before they accept: no usable password."""
    if user is None:
        user = user_create(email=email, full_name=client.display_name, role=Role.CLIENT)
    elif not user.is_active:
        # Inviting again after access was revoked: everything old ended then and again in
        # access_end above; only the new link, sent to the address given now, opens the
        # account (no usable password until it is used).
        user.set_unusable_password()
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    if user.email != email and not user.has_usable_password():
        _readdress(user, email)
    if not user.has_role(Role.CLIENT):
        user.groups.add(Group.objects.get(name=Role.CLIENT.value))
    if client.user_id != user.pk:
        client.user = user
        client.save(update_fields=["user", "updated_at"])
    return user


def _readdress(user: User, email: str) -> None:
    """The account's only address becomes ``email`` (unverified until the link is used): the
    outbox sends to it, and nothing more goes to the old one."""
    user.email = email
    user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)


@transaction.atomic
def invitation_accept(*, token: str, password: str, request=None) -> User:
    """The client sets a password: their account is created (or linked, or re-opened) and
    tied to their record. The link works once."""
    invitation = (
        PortalInvitation.objects.select_for_update()
        .filter(token_hash=token_digest(token or ""))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        raise ValidationError(
            "This link has expired or was already used. Please ask for a new one."
        )
    client = Client.objects.select_for_update().get(pk=invitation.client_id)
    user = client.user or User.objects.filter(email=invitation.email).first()
    if user is not None and (
        user.is_portal_staff or Client.objects.filter(user=user).exclude(pk=client.pk).exists()
    ):
        raise ValidationError("This link cannot be used. Please ask your case manager for help.")
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages})
    if user is None:
        user = user_create(
            email=invitation.email,
            full_name=client.display_name,
            role=Role.CLIENT,
            password=password,
        )
    else:
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        if not user.has_role(Role.CLIENT):
            user.groups.add(Group.objects.get(name=Role.CLIENT.value))
    client.user = user
    client.save(update_fields=["user", "updated_at"])
    # Using the link proves the client holds the address it was sent to.
    EmailAddress.objects.update_or_create(
        user=user, email=invitation.email, defaults={"verified": True, "primary": True}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(actor=user, action="client.invitation_accept", target=invitation, request=request)
    return user


@transaction.atomic
def portal_access_revoke(*, client: Client, actor, request=None) -> None:
    """Close the client's portal account (deactivated, never deleted): every way in ends for
    good (``access_end``: sessions, calendar links, e-mailed links, invitations)."""
    _withdraw_open_invitations(client, timezone.now())
    if client.user_id:
        access_end(
            user=client.user, actor=actor, reason="portal_revoke", deactivate=True, request=request
        )
    audit_record(actor=actor, action="client.portal_revoke", target=client, request=request)


def invitations_end(user, *, now) -> int:
    """Access ended (``recovery_portal.accounts.access``): every invitation not yet used to
    ``user``'s record, or to their address, is withdrawn."""
    return PortalInvitation.objects.filter(
        Q(client__user=user) | Q(email__iexact=user.email),
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
    ).update(withdrawn_at=now)
