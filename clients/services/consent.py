"""Writes of consents and disclosures. Each writes its audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from recovery_portal.audit.services import audit_record, client_ip

from ..models import Client, Consent, Disclosure, DisclosureChannel, SupportContact
from ..models.consent import ConsentState, RecipientClass, SignatureMethod
from ..selectors.consent import covering_consent, recipient_keys


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
