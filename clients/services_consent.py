"""Writes about consents, disclosures, the support network, the client's profile and portal
invitations. Each writes its audit event in the same transaction (STYLE.md)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import Role
from recovery_portal.accounts.services import user_create
from recovery_portal.audit.services import audit_record, client_ip
from recovery_portal.notifications.models import Channel, ReminderKind
from recovery_portal.notifications.services import reminders_schedule

from .models import (
    Client,
    Consent,
    Disclosure,
    DisclosureChannel,
    PortalInvitation,
    SupportContact,
)
from .models.consent import ConsentState, RecipientClass, SignatureMethod
from .models.invitation import INVITATION_VALID_FOR, invitation_token, token_digest
from .selectors_consent import covering_consent, recipient_keys


class DisclosureRefused(ValidationError):
    """No signed, unrevoked, unexpired consent covers this disclosure: nothing may go out."""


def _clean(value: str | None) -> str:
    return (value or "").strip()


# Consents ----------------------------------------------------------------------------------
def consent_recipient_key(
    *, recipient_contact: SupportContact | None, recipient_class: str, recipient_name: str
) -> str:
    if recipient_contact is not None:
        return recipient_contact.recipient_key
    if recipient_class:
        if recipient_class not in RecipientClass.values:
            raise ValidationError({"recipient_class": "Please choose a class from the list."})
        return f"class:{recipient_class}"
    slug = slugify(recipient_name)[:100]
    return f"name:{slug}" if slug else ""


def _consent_build(
    *,
    client: Client,
    actor,
    discloser: str,
    information_kinds: Iterable[str],
    information_description: str,
    recipient_name: str = "",
    recipient_contact: SupportContact | None = None,
    recipient_class: str = "",
    purpose: str,
    purpose_detail: str = "",
    revocation_statement: str | None = None,
    expires_on: date | None = None,
    expiry_event: str = "",
    signature_method: str,
) -> Consent:
    if recipient_contact is not None and recipient_contact.client_id != client.pk:
        raise ValidationError({"recipient_contact": "Please choose one of this client's contacts."})
    if recipient_contact is not None and recipient_class:
        raise ValidationError(
            {
                "recipient_class": (
                    "Please choose either a contact or a class of recipients, not both."
                )
            }
        )
    name = _clean(recipient_name)
    if not name and recipient_contact is not None:
        name = recipient_contact.name + (
            f" ({recipient_contact.relationship})" if recipient_contact.relationship else ""
        )
    if not name and recipient_class in RecipientClass.values:
        name = RecipientClass(recipient_class).label
    consent = Consent(
        client=client,
        client_name=client.legal_name,
        discloser=_clean(discloser),
        information_kinds=list(dict.fromkeys(information_kinds or [])),
        information_description=_clean(information_description),
        recipient_name=name,
        recipient_contact=recipient_contact,
        recipient_key=consent_recipient_key(
            recipient_contact=recipient_contact,
            recipient_class=recipient_class,
            recipient_name=name,
        ),
        purpose=_clean(purpose),
        purpose_detail=_clean(purpose_detail),
        expires_on=expires_on,
        expiry_event=_clean(expiry_event),
        signature_method=signature_method,
        created_by=actor,
    )
    if revocation_statement is not None:
        consent.revocation_statement = _clean(revocation_statement)
    return consent


@transaction.atomic
def consent_request(*, client: Client, actor, request=None, **elements) -> Consent:
    """Prepare a consent for the client to read and sign in the portal. Until signed it
    covers nothing. Every element but the signature must be there already."""
    consent = _consent_build(
        client=client, actor=actor, signature_method=SignatureMethod.PORTAL, **elements
    )
    consent.full_clean()
    consent.save()
    audit_record(
        actor=actor,
        action="consent.request",
        target=consent,
        request=request,
        details={"recipient": consent.recipient_key},
    )
    return consent


@transaction.atomic
def consent_record_paper(
    *,
    client: Client,
    actor,
    signature_name: str,
    signed_on: date | datetime | None,
    scan,
    request=None,
    **elements,
) -> Consent:
    """Record a consent the client signed on paper, with the scan of the signed form."""
    consent = _consent_build(
        client=client, actor=actor, signature_method=SignatureMethod.PAPER, **elements
    )
    consent.signature_name = _clean(signature_name)
    if isinstance(signed_on, datetime):
        consent.signed_at = signed_on
    elif isinstance(signed_on, date):
        consent.signed_at = timezone.make_aware(datetime.combine(signed_on, datetime.min.time()))
    consent.scan = scan or ""
    consent.full_clean()
    consent.save()
    audit_record(
        actor=actor,
        action="consent.record_paper",
        target=consent,
        request=request,
        details={"recipient": consent.recipient_key},
    )
    return consent


def _names_match(typed: str, *names: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.split()).casefold()

    return bool(norm(typed)) and any(norm(typed) == norm(n) for n in names if n)


@transaction.atomic
def consent_sign(
    *, consent: Consent, user, typed_name: str, confirmed: bool, request=None
) -> Consent:
    """The client signs a consent in the portal: their typed name and a confirmation; the time
    and their IP address are kept."""
    consent = Consent.objects.select_for_update().select_related("client").get(pk=consent.pk)
    if consent.client.user_id != user.pk:
        raise ValidationError("Only the client can sign their consent.")
    if consent.state != ConsentState.AWAITING:
        raise ValidationError(
            f"This consent cannot be signed: it is {consent.state_label.lower()}."
        )
    errors = {}
    client = consent.client
    if not _names_match(typed_name, consent.client_name, client.legal_name, client.display_name):
        errors["typed_name"] = f"Please type your name exactly as shown: {consent.client_name}."
    if not confirmed:
        errors["confirm"] = (
            "Please tick the box to confirm you have read and agree to this consent."
        )
    if errors:
        raise ValidationError(errors)
    consent.signature_name = " ".join(typed_name.split())
    consent.signed_at = timezone.now()
    consent.signed_ip = client_ip(request)
    consent.save(update_fields=["signature_name", "signed_at", "signed_ip"])
    audit_record(actor=user, action="consent.sign", target=consent, request=request)
    return consent


@transaction.atomic
def consent_revoke(*, consent: Consent, actor, note: str = "", request=None) -> Consent:
    """Revoke at once: from this moment the consent covers nothing."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at:
        raise ValidationError("This consent was already revoked.")
    consent.revoked_at = timezone.now()
    consent.revoked_by = actor
    consent.revocation_note = _clean(note)[:200]
    consent.save(update_fields=["revoked_at", "revoked_by", "revocation_note"])
    audit_record(
        actor=actor,
        action="consent.revoke",
        target=consent,
        request=request,
        details={"by_client": bool(actor and actor.pk == consent.client.user_id)},
    )
    return consent


# Disclosures -------------------------------------------------------------------------------
@transaction.atomic
def disclosure_record(
    *,
    client: Client,
    recipient,
    information: str | Iterable[str],
    description: str,
    actor,
    purpose: str | None = None,
    purpose_detail: str = "",
    channel: str = DisclosureChannel.OTHER,
    recipient_name: str = "",
    request=None,
) -> Disclosure:
    """Record that information about ``client`` went to ``recipient``. Refuses (raises
    ``DisclosureRefused``) unless a signed, unrevoked, unexpired consent covers it; callers
    send nothing when it raises. Disclosed records must carry ``clients.part2``'s notice."""
    if not _clean(description):
        raise ValidationError({"description": "Please describe what was shared."})
    consent = covering_consent(
        client=client, recipient=recipient, information=information, purpose=purpose
    )
    # Lock the consent so a revocation at this very moment cannot slip between check and log.
    if consent is not None:
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent is None or not consent.is_active:
        raise DisclosureRefused(
            "No signed consent in effect covers sharing this information with this recipient."
        )
    kinds = [information] if isinstance(information, str) else list(information)
    disclosure = Disclosure.objects.create(
        consent=consent,
        client=client,
        recipient_name=_clean(recipient_name)
        or (recipient.name if isinstance(recipient, SupportContact) else consent.recipient_name),
        recipient_key=recipient_keys(recipient)[0],
        information_kinds=kinds,
        description=_clean(description),
        purpose=purpose or consent.purpose,
        purpose_detail=_clean(purpose_detail)[:300],
        channel=channel,
        disclosed_by=actor,
    )
    audit_record(
        actor=actor,
        action="client.disclose",
        target=disclosure,
        request=request,
        details={"consent": consent.pk, "recipient": disclosure.recipient_key, "channel": channel},
    )
    return disclosure


# Support network ---------------------------------------------------------------------------
SUPPORT_CONTACT_FIELDS = (
    "name",
    "kind",
    "relationship",
    "phone",
    "email",
    "may_contact",
    "contact_about",
    "notes",
)


@transaction.atomic
def support_contact_create(*, client: Client, actor, request=None, **data) -> SupportContact:
    contact = SupportContact(client=client, created_by=actor)
    for field in SUPPORT_CONTACT_FIELDS:
        if field in data:
            setattr(contact, field, data[field])
    contact.full_clean()
    contact.save()
    audit_record(actor=actor, action="support_contact.create", target=contact, request=request)
    return contact


@transaction.atomic
def support_contact_update(
    *, contact: SupportContact, actor, request=None, **data
) -> SupportContact:
    changed = []
    for field in SUPPORT_CONTACT_FIELDS:
        if field in data and getattr(contact, field) != data[field]:
            setattr(contact, field, data[field])
            changed.append(field)
    contact.full_clean()
    contact.save()
    audit_record(
        actor=actor,
        action="support_contact.update",
        target=contact,
        request=request,
        details={"fields": changed},
    )
    return contact


@transaction.atomic
def support_contact_remove(*, contact: SupportContact, actor, request=None) -> SupportContact:
    """Take a contact out of the network. Consents naming them are revoked: nothing more goes
    to someone the client removed. The row stays, for the disclosure history."""
    contact.removed_at = timezone.now()
    contact.may_contact = False
    contact.save(update_fields=["removed_at", "may_contact", "updated_at"])
    for consent in contact.consents.filter(revoked_at__isnull=True):
        consent_revoke(
            consent=consent,
            actor=actor,
            note="Contact removed from support network",
            request=request,
        )
    audit_record(actor=actor, action="support_contact.remove", target=contact, request=request)
    return contact


# The client's own profile ------------------------------------------------------------------
PROFILE_FIELDS = (
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "address",
    "city",
    "state",
    "postal_code",
)


@transaction.atomic
def client_profile_update(*, client: Client, actor, request=None, **data) -> Client:
    """The client changes how they are called and reached. Legal names stay with staff."""
    changed = []
    for field in PROFILE_FIELDS:
        if field not in data:
            continue
        value = _clean(data[field])
        if field == "email":
            value = value.lower()
        if getattr(client, field) != value:
            setattr(client, field, value)
            changed.append(field)
    if changed:
        client.full_clean(exclude=["user", "program", "created_by"])
        client.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action="client.update",
        target=client,
        request=request,
        details={"fields": changed, "by": "client" if actor.pk == client.user_id else "staff"},
    )
    return client


# Portal invitations ------------------------------------------------------------------------
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
    email = _clean(email or client.email).lower()
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
        # Inviting again after access was revoked: the old password stops working, and only
        # the new link opens the account.
        user.set_unusable_password()
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    elif user.email != email and not user.has_usable_password():
        user.email = email
        user.save(update_fields=["email"])
        EmailAddress.objects.filter(user=user).delete()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    if not user.has_role(Role.CLIENT):
        user.groups.add(Group.objects.get(name=Role.CLIENT.value))
    if client.user_id != user.pk:
        client.user = user
        client.save(update_fields=["user", "updated_at"])
    return user


def invitation_for_token(token: str) -> PortalInvitation | None:
    """The usable invitation this token opens, or None (unknown, used, withdrawn, expired)."""
    invitation = (
        PortalInvitation.objects.filter(token_hash=token_digest(token or ""))
        .select_related("client")
        .first()
    )
    return invitation if invitation and invitation.is_usable else None


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
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(actor=user, action="client.invitation_accept", target=invitation, request=request)
    return user


@transaction.atomic
def portal_access_revoke(*, client: Client, actor, request=None) -> None:
    """Close the client's portal account (deactivated, never deleted) and withdraw any link."""
    _withdraw_open_invitations(client, timezone.now())
    if client.user_id:
        user = User.objects.select_for_update().get(pk=client.user_id)
        user.is_active = False
        user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="client.portal_revoke", target=client, request=request)
