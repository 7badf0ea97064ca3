"""Writes of consents: request, record a paper one, sign, revoke, end on its event. Each writes
its audit event in the same transaction. Disclosures are in ``disclosure.py``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from clients.models import Client, ClientStatus, Consent, SupportContact
from clients.models.consent import (
    LEAVES_PROGRAM_TEXT,
    ConsentState,
    ExpiryEvent,
    RecipientClass,
    SignatureMethod,
)
from clients.part2 import consent_statements, minor_consent_age, minor_needs_guardian_signature
from recovery_portal.audit.services import audit_record
from recovery_portal.http import client_ip


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


def recipient_for_audit(recipient_key: str) -> str:
    """A recipient as the audit trail may name it: a class ("class:referral_providers") or a
    support contact by number ("clients.supportcontact:5") as they are; a recipient named in
    words ("name:dana-rivers", an employer's name) only as "name", since the trail outlives the
    record and must hold no names."""
    return "name" if recipient_key.startswith("name:") else recipient_key


def _event_kind(text: str) -> str:
    """Leaving the program, however it is worded, is an event the portal sees itself."""
    words = " ".join(text.casefold().split())
    if "leave the program" in words or "leave this program" in words or "discharg" in words:
        return ExpiryEvent.LEAVES_PROGRAM
    return ExpiryEvent.OTHER


def _is_minor(client: Client, on: date) -> bool:
    dob = client.date_of_birth
    return dob is not None and relativedelta(on, dob).years < minor_consent_age()


def guardian_signs(client: Client) -> bool:
    """Whether a consent the client signs today also needs a parent's or guardian's
    signature."""
    return _is_minor(client, timezone.localdate()) and minor_needs_guardian_signature()


def _guardian_check(consent: Consent, guardian_name: str, signed_on: date) -> None:
    """A client under the minor consent age on the day they sign also needs a parent or
    guardian to sign, where the organization's setting says state law requires it."""
    needed = _is_minor(consent.client, signed_on) and minor_needs_guardian_signature()
    if needed and not _clean(guardian_name):
        raise ValidationError(
            {
                "guardian_name": (
                    f"The client is under {minor_consent_age()}: a parent or guardian must "
                    "sign too. Please give their name as signed."
                )
            }
        )
    consent.guardian_name = _clean(guardian_name)


def _consent_recipient_name(
    client: Client,
    recipient_name: str,
    recipient_contact: SupportContact | None,
    recipient_class: str,
) -> str:
    """The recipient as the consent names them: the name given, else the contact (and their
    relationship), else the class's label. A contact must be the client's, and not with a
    class."""
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
    return name


def _consent_expiry_event(expiry_event: str, expiry_event_kind: str) -> tuple[str, str]:
    """The event the consent ends on, in words, and its kind (guessed from the words when not
    given)."""
    expiry_event = _clean(expiry_event)
    if expiry_event_kind and expiry_event_kind not in ExpiryEvent.values:
        raise ValidationError({"expiry_event_kind": "Please choose an event from the list."})
    if expiry_event_kind == ExpiryEvent.LEAVES_PROGRAM:
        expiry_event = expiry_event or LEAVES_PROGRAM_TEXT
    elif expiry_event and not expiry_event_kind:
        expiry_event_kind = _event_kind(expiry_event)
    return expiry_event, expiry_event_kind


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
    expiry_event_kind: str = "",
    signature_method: str,
) -> Consent:
    name = _consent_recipient_name(client, recipient_name, recipient_contact, recipient_class)
    expiry_event, expiry_event_kind = _consent_expiry_event(expiry_event, expiry_event_kind)
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
        expiry_event=expiry_event,
        expiry_event_kind=expiry_event_kind,
        signature_method=signature_method,
        statements=consent_statements(_clean(purpose)),
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
        details={"recipient": recipient_for_audit(consent.recipient_key)},
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
    guardian_name: str = "",
    request=None,
    **elements,
) -> Consent:
    """Record a consent the client signed on paper, with the scan of the signed form. The
    statements stored are those the portal's paper form carries (staff confirm it on the form).
    """
    consent = _consent_build(
        client=client, actor=actor, signature_method=SignatureMethod.PAPER, **elements
    )
    consent.signature_name = _clean(signature_name)
    if isinstance(signed_on, datetime):
        consent.signed_at = signed_on
    elif isinstance(signed_on, date):
        consent.signed_at = timezone.make_aware(datetime.combine(signed_on, datetime.min.time()))
    consent.scan = scan or ""
    if consent.signed_at:
        _guardian_check(consent, guardian_name, timezone.localdate(consent.signed_at))
    consent.full_clean()
    consent.save()
    audit_record(
        actor=actor,
        action="consent.record_paper",
        target=consent,
        request=request,
        details={"recipient": recipient_for_audit(consent.recipient_key)},
    )
    return consent


def _names_match(typed: str, *names: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.split()).casefold()

    return bool(norm(typed)) and any(norm(typed) == norm(n) for n in names if n)


@transaction.atomic
def consent_sign(
    *,
    consent: Consent,
    user,
    typed_name: str,
    confirmed: bool,
    guardian_name: str = "",
    request=None,
) -> Consent:
    """The client signs a consent in the portal: their typed name and a confirmation; the time
    and their IP address are kept. A client under 18 signs with a parent or guardian where the
    organization's setting requires it."""
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
    try:
        _guardian_check(consent, guardian_name, timezone.localdate())
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    consent.signature_name = " ".join(typed_name.split())
    consent.signed_at = timezone.now()
    consent.signed_ip = client_ip(request)
    consent.save(update_fields=["signature_name", "signed_at", "signed_ip", "guardian_name"])
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


def _end(consent: Consent, *, at: datetime, actor, note: str, event: str, request) -> None:
    consent.ended_at = at
    consent.ended_by = actor
    consent.end_note = _clean(note)[:200]
    consent.save(update_fields=["ended_at", "ended_by", "end_note"])
    audit_record(
        actor=actor,
        action="consent.end",
        target=consent,
        request=request,
        details={"event": event},
    )


@transaction.atomic
def consent_event_happened(
    *, consent: Consent, actor, happened_on: date, note: str = "", request=None
) -> Consent:
    """Staff record that the event a consent ends on happened: from that day it covers
    nothing (today: from now). Disclosures made before it stay covered."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.ended_at:
        raise ValidationError("The event this consent ends on is already recorded.")
    if consent.revoked_at:
        raise ValidationError("This consent was revoked: it covers nothing already.")
    if not consent.expiry_event:
        raise ValidationError("This consent ends on a date, not on an event.")
    today = timezone.localdate()
    if happened_on is None:
        raise ValidationError({"happened_on": "Please give the date the event happened."})
    if happened_on > today:
        raise ValidationError({"happened_on": "The event cannot have happened in the future."})
    at = (
        timezone.now()
        if happened_on == today
        else timezone.make_aware(datetime.combine(happened_on, datetime.min.time()))
    )
    _end(
        consent,
        at=at,
        actor=actor,
        note=note or f"Event recorded: {consent.expiry_event}",
        event=consent.expiry_event_kind or ExpiryEvent.OTHER,
        request=request,
    )
    return consent


def consents_end_on_leaving(*, client: Client, actor, to_status: str, request=None) -> int:
    """The client left the program (discharged, or the record closed): consents that end then
    end now, each audited. Called by ``client_status_change`` in its transaction."""
    if to_status not in (ClientStatus.DISCHARGED, ClientStatus.CLOSED):
        return 0
    ending = Consent.objects.select_for_update().filter(
        client=client,
        expiry_event_kind=ExpiryEvent.LEAVES_PROGRAM,
        revoked_at__isnull=True,
        ended_at__isnull=True,
    )
    now = timezone.now()
    count = 0
    for consent in ending:
        _end(
            consent,
            at=now,
            actor=actor,
            note=f"Client left the program ({ClientStatus(to_status).label.lower()})",
            event=ExpiryEvent.LEAVES_PROGRAM,
            request=request,
        )
        count += 1
    return count
