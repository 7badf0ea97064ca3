"""Writes about referrals: sending one (with the consent check and the disclosure in the
client's ledger) and recording each step of its closed loop."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.models import (
    REFERRAL_TRANSITIONS,
    STATUS_DATE_FIELD,
    Referral,
    ReferralStatus,
    Resource,
)
from casework.models.resource import ResourceStatus
from clients.models import Client, DisclosureChannel, InformationKind
from clients.models.consent import REFERRAL_PURPOSES
from clients.services.disclosure import disclosure_record
from recovery_portal.audit.services import audit_record


@transaction.atomic
def referral_send(
    *,
    client: Client,
    resource: Resource,
    reason: str,
    urgency: str,
    shared_information: Iterable[str] = (),
    shared_description: str = "",
    event_confirmed: bool = False,
    actor,
    request=None,
) -> Referral:
    """Refer ``client`` to ``resource``.

    1. With nothing to share (the client contacts the provider themself), the referral is
       recorded and nothing leaves the portal.
    2. Otherwise the disclosure is recorded through clients' ``disclosure_record``, which asks
       ``covering_consent`` at this moment and raises ``DisclosureRefused`` (a ValidationError)
       unless a signed, unrevoked, unexpired consent covers this recipient and information
       for a purpose a referral fits (``REFERRAL_PURPOSES``):
       then nothing is saved at all. A consent that ends on an event the portal cannot see
       also needs ``event_confirmed`` (staff confirm the event has not happened).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Please give the reason for the referral."})
    if resource.status != ResourceStatus.ACTIVE:
        raise ValidationError({"resource": "This service is not taking referrals at the moment."})
    kinds = list(dict.fromkeys(shared_information or []))
    if any(k not in InformationKind.values for k in kinds):
        raise ValidationError({"shared_information": "Please choose from the list."})
    disclosure = None
    if kinds:
        disclosure = _referral_disclose(
            client=client,
            resource=resource,
            kinds=kinds,
            reason=reason,
            shared_description=shared_description,
            event_confirmed=event_confirmed,
            actor=actor,
            request=request,
        )
    referral = Referral.objects.create(
        client=client,
        resource=resource,
        reason=reason,
        urgency=urgency,
        shared_information=kinds,
        disclosure=disclosure,
        made_by=actor,
    )
    audit_record(
        actor=actor,
        action="referral.send",
        target=referral,
        request=request,
        details={"resource": resource.pk, "shared": kinds},
    )
    return referral


def _referral_disclose(
    *,
    client: Client,
    resource: Resource,
    kinds: list[str],
    reason: str,
    shared_description: str,
    event_confirmed: bool,
    actor,
    request=None,
):
    """The disclosure a referral makes (step 2), through clients' ``disclosure_record``."""
    return disclosure_record(
        client=client,
        recipient=resource,
        information=kinds,
        description=(shared_description or "").strip() or f"Referral to {resource.name}: {reason}",
        actor=actor,
        purpose=REFERRAL_PURPOSES,
        purpose_detail=f"Referral to {resource.name}",
        channel=DisclosureChannel.REFERRAL,
        recipient_name=f"{resource.organization.name}: {resource.name}",
        # The accounting of disclosures names the recipient's address when known.
        recipient_address=resource.address_line or resource.email,
        event_confirmed=event_confirmed,
        request=request,
    )


@transaction.atomic
def referral_update(
    *,
    referral: Referral,
    status: str,
    actor,
    note: str = "",
    first_visit_on: date | None = None,
    request=None,
) -> Referral:
    """Move a referral one step along its loop (or just note that there is no news yet:
    ``status`` equal to the current one), dating the step."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    now = timezone.now()
    if status != referral.status:
        if status not in REFERRAL_TRANSITIONS.get(referral.status, set()):
            raise ValidationError(
                {
                    "status": f"A referral that is {referral.get_status_display().lower()} "
                    f"cannot become {ReferralStatus(status).label.lower()}."
                    if status in ReferralStatus.values
                    else "Please choose a status from the list."
                }
            )
        if status == ReferralStatus.SCHEDULED and first_visit_on is None:
            raise ValidationError({"first_visit_on": "Please give the date of the first visit."})
        referral.status = status
        setattr(referral, STATUS_DATE_FIELD[ReferralStatus(status)], now)
    elif not referral.is_open:
        raise ValidationError("This referral is closed.")
    if first_visit_on is not None:
        referral.first_visit_on = first_visit_on
    if note.strip():
        referral.outcome_note = note.strip()[:300]
    referral.last_update_at = now
    referral.save()
    audit_record(
        actor=actor,
        action="referral.update",
        target=referral,
        request=request,
        details={"status": referral.status},
    )
    return referral
