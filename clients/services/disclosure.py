"""Writes of the disclosure ledger: information that left the portal, under a consent or on a
basis Part 2 permits without one (medical emergency, court order, audit or evaluation), or to
the client themselves. Each writes its audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import (
    Client,
    Consent,
    Disclosure,
    DisclosureChannel,
    InformationKind,
    Purpose,
    SupportContact,
)
from clients.models.disclosure import WITHOUT_CONSENT, LegalBasis
from clients.selectors.consent import covering_consent, recipient_keys
from clients.services.accounting_suspension import disclosure_suspend_accounting
from clients.services.consent import recipient_for_audit
from recovery_portal.audit.services import audit_record

# A little room for clocks that differ between a phone and the server.
_CLOCK_SKEW = timedelta(minutes=5)


class DisclosureRefused(ValidationError):
    """No signed consent in effect when it was made covers this disclosure: nothing may go
    out (or be logged as having gone out under a consent)."""


def _clean(value: str | None) -> str:
    return (value or "").strip()


def _when(disclosed_at: datetime | None) -> datetime:
    now = timezone.now()
    when = disclosed_at or now
    if when > now + _CLOCK_SKEW:
        raise ValidationError({"disclosed_at": "A disclosure cannot be dated in the future."})
    return when


def _kinds(information: str | Iterable[str]) -> list[str]:
    kinds = [information] if isinstance(information, str) else list(information)
    if not kinds:
        raise ValidationError(
            {"information_kinds": "Please choose what kind of information was shared."}
        )
    return kinds


@transaction.atomic
def disclosure_record(
    *,
    client: Client,
    recipient,
    information: str | Iterable[str],
    description: str,
    actor,
    purpose: str | Iterable[str] | None = None,
    purpose_detail: str = "",
    channel: str = DisclosureChannel.OTHER,
    recipient_name: str = "",
    recipient_address: str = "",
    disclosed_at: datetime | None = None,
    event_confirmed: bool = False,
    request=None,
) -> Disclosure:
    """Record that information about ``client`` went to ``recipient`` at ``disclosed_at`` (now
    by default; a disclosure may be logged later). Refuses (raises ``DisclosureRefused``)
    unless a signed consent in effect at that moment covers it; callers send nothing when it
    raises. A consent to a class needs the name of who actually received it; a consent that
    ends on an event the portal cannot see needs ``event_confirmed`` (staff confirm it had not
    happened). Disclosed records must carry ``clients.part2``'s notice and a copy of the
    consent."""
    if not _clean(description):
        raise ValidationError({"description": "Please describe what was shared."})
    when = _when(disclosed_at)
    consent = _covering_consent_locked(client, recipient, information, purpose, when)
    name = _recipient_name(consent, recipient, recipient_name, event_confirmed)
    disclosure = Disclosure.objects.create(
        consent=consent,
        legal_basis=LegalBasis.CONSENT,
        client=client,
        recipient_name=name or consent.recipient_name,
        recipient_address=_clean(recipient_address)[:300],
        recipient_key=recipient_keys(recipient)[0],
        information_kinds=_kinds(information),
        description=_clean(description),
        purpose=purpose if isinstance(purpose, str) else consent.purpose,
        purpose_detail=_clean(purpose_detail)[:300],
        channel=channel,
        disclosed_at=when,
        disclosed_by=actor,
        event_confirmed=bool(event_confirmed and consent.needs_event_confirmation),
    )
    audit_record(
        actor=actor,
        action="client.disclose",
        target=disclosure,
        request=request,
        details={
            "consent": consent.pk,
            "basis": LegalBasis.CONSENT,
            "recipient": recipient_for_audit(disclosure.recipient_key),
            "channel": channel,
            "event_confirmed": disclosure.event_confirmed,
        },
    )
    return disclosure


def _covering_consent_locked(
    client: Client, recipient, information, purpose, when: datetime
) -> Consent:
    """The signed consent in effect at ``when`` that covers the disclosure, locked so that a
    revocation at this very moment cannot slip between check and log; ``DisclosureRefused``
    when there is none."""
    consent = covering_consent(
        client=client, recipient=recipient, information=information, purpose=purpose, at=when
    )
    if consent is not None:
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent is None or not consent.in_effect_at(when):
        raise DisclosureRefused(
            "No signed consent in effect covers sharing this information with this recipient "
            + ("for this purpose " if purpose else "")
            + "at that time."
        )
    return consent


def _recipient_name(consent: Consent, recipient, recipient_name: str, event_confirmed: bool) -> str:
    """Who received it, as the ledger names them (empty: the consent's recipient). A consent
    to a class needs the name; one that ends on an event the portal cannot see needs staff's
    confirmation that it had not happened."""
    name = _clean(recipient_name)
    if isinstance(recipient, SupportContact):
        name = name or recipient.name
    elif consent.names_a_class and not name:
        raise ValidationError(
            {
                "recipient_name": (
                    f"This consent names a class ({consent.recipient_name}): please give the "
                    "name of who actually received it."
                )
            }
        )
    if consent.needs_event_confirmation and not event_confirmed:
        raise ValidationError(
            {
                "event_confirmed": (
                    f"This consent ends {consent.expiry_text}. Please confirm that this had "
                    "not happened when the information was shared."
                )
            }
        )
    return name


@transaction.atomic
def disclosure_to_client(
    *,
    client: Client,
    actor,
    description: str,
    channel: str,
    information: str = InformationKind.WHOLE_RECORD,
    request=None,
) -> Disclosure:
    """A copy of the record given to the client themselves (their right of access): on the
    ledger like any other, so the client sees it."""
    disclosure = Disclosure.objects.create(
        legal_basis=LegalBasis.RIGHT_OF_ACCESS,
        client=client,
        recipient_name=client.legal_name,
        recipient_key=f"clients.client:{client.pk}",
        information_kinds=[information],
        description=_clean(description),
        purpose=Purpose.AT_MY_REQUEST,
        channel=channel,
        disclosed_by=actor,
    )
    audit_record(
        actor=actor,
        action="client.disclose",
        target=disclosure,
        request=request,
        details={"basis": LegalBasis.RIGHT_OF_ACCESS, "channel": channel},
    )
    return disclosure


def copy_disclose(
    *,
    client: Client,
    actor,
    basis: str,
    consent: Consent | None,
    recipient_name: str,
    event_confirmed: bool,
    information: str,
    description: str,
    request=None,
) -> Disclosure:
    """Log a copy about to leave the portal as an export (the whole record, a plan…): to the
    client (right of access) or under the chosen consent, which must cover ``information``
    then (``DisclosureRefused`` otherwise). What staff choose on ``ExportForm``."""
    if basis == LegalBasis.RIGHT_OF_ACCESS:
        return disclosure_to_client(
            client=client,
            actor=actor,
            description=description,
            channel=DisclosureChannel.EXPORT,
            information=information,
            request=request,
        )
    return disclosure_record(
        client=client,
        recipient=consent.recipient_contact or consent.recipient_key,
        recipient_name=recipient_name,
        information=information,
        description=description,
        channel=DisclosureChannel.EXPORT,
        event_confirmed=event_confirmed,
        actor=actor,
        request=request,
    )


_REQUIRED_WITHOUT_CONSENT = {
    # §2.51(c): to whom (and their facility), by whom, when, and the nature of the emergency.
    LegalBasis.MEDICAL_EMERGENCY: {
        "recipient_affiliation": "Please give the health care facility they work with.",
        "emergency_nature": "Please describe the nature of the emergency.",
    },
    LegalBasis.COURT_ORDER: {
        "basis_reference": "Please give the court, the case number and the date of the order.",
    },
    LegalBasis.AUDIT_EVALUATION: {
        "basis_reference": (
            "Please name who audits or evaluates, and the written agreement it is done under."
        ),
    },
}


@transaction.atomic
def disclosure_record_without_consent(
    *,
    client: Client,
    actor,
    basis: str,
    recipient_name: str,
    information: str | Iterable[str],
    description: str,
    disclosed_at: datetime | None = None,
    recipient_affiliation: str = "",
    recipient_address: str = "",
    emergency_nature: str = "",
    basis_reference: str = "",
    suspension: dict | None = None,
    request=None,
) -> Disclosure:
    """Record a disclosure Part 2 permits without the client's consent, with its legal basis
    and what that basis requires to be documented. The client sees it with the others, unless
    ``suspension`` (the keyword arguments of ``disclosure_suspend_accounting``) records, in the
    same transaction, that the agency or official asked that the client is not told yet; its
    errors come back under ``suspension_<field>``."""
    fields, kinds, when = _without_consent_checked(
        basis=basis,
        information=information,
        disclosed_at=disclosed_at,
        fields={
            "recipient_name": _clean(recipient_name),
            "recipient_affiliation": _clean(recipient_affiliation),
            "recipient_address": _clean(recipient_address)[:300],
            "emergency_nature": _clean(emergency_nature),
            "basis_reference": _clean(basis_reference),
            "description": _clean(description),
        },
    )
    disclosure = Disclosure.objects.create(
        legal_basis=basis,
        client=client,
        recipient_key=f"{basis}:{fields['recipient_name'][:80]}",
        information_kinds=kinds,
        purpose=Purpose.OTHER,
        purpose_detail=LegalBasis(basis).label,
        channel=DisclosureChannel.OTHER,
        disclosed_at=when,
        disclosed_by=actor,
        **fields,
    )
    audit_record(
        actor=actor,
        action="client.disclose",
        target=disclosure,
        request=request,
        details={"basis": basis},
    )
    if suspension is not None:
        _suspension_with_disclosure(disclosure, actor=actor, request=request, suspension=suspension)
    return disclosure


def _without_consent_checked(
    *, basis: str, information, disclosed_at: datetime | None, fields: dict[str, str]
) -> tuple[dict[str, str], list[str], datetime]:
    """What a disclosure without consent must document, checked: every error at once. Returns
    the (cleaned) fields, the kinds of information and when it was made."""
    if basis not in WITHOUT_CONSENT:
        raise ValidationError({"basis": "Please choose the legal basis from the list."})
    errors = {}
    if not fields["recipient_name"]:
        errors["recipient_name"] = "Please give the name of who received it."
    if not fields["description"]:
        errors["description"] = "Please describe what was shared."
    for field, message in _REQUIRED_WITHOUT_CONSENT[basis].items():
        if not fields[field]:
            errors[field] = message
    kinds = [information] if isinstance(information, str) else list(information or [])
    if not kinds or not set(kinds) <= set(InformationKind.values):
        errors["information_kinds"] = "Please choose what kind of information was shared."
    try:
        when = _when(disclosed_at)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return fields, kinds, when


def _suspension_with_disclosure(disclosure: Disclosure, *, actor, request, suspension: dict):
    """The suspension asked for with the disclosure, in the same transaction; its errors come
    back under ``suspension_<field>``."""
    try:
        disclosure_suspend_accounting(
            disclosure=disclosure, actor=actor, request=request, **suspension
        )
    except ValidationError as error:
        raise ValidationError(
            {
                (key if key == "__all__" else f"suspension_{key}"): messages
                for key, messages in error.message_dict.items()
            }
        ) from error
