"""Writes about a discharge without aftercare: the reason staff record for not starting an
aftercare plan (it takes the client off Today's "Discharged without aftercare")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from aftercare.models import AftercareNotStarted, AftercarePlan, NotStartedReason, PlanStatus
from aftercare.models.discharge import LEFT_TREATMENT
from clients.models import Client
from recovery_portal.audit.services import audit_record


@transaction.atomic
def aftercare_not_started_record(
    *, client: Client, reason: str, note: str = "", actor, request=None
) -> AftercareNotStarted:
    """Record why a discharged client has no aftercare plan. Only for a client who left
    treatment (Discharged or Aftercare) without an active plan; "other" needs a note. The
    audit event names the reason's code, not the note."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.status not in LEFT_TREATMENT:
        raise ValidationError(
            "A reason for not starting aftercare is recorded after a discharge, and this "
            "client is not discharged or in aftercare."
        )
    if AftercarePlan.objects.filter(client=client, status=PlanStatus.ACTIVE).exists():
        raise ValidationError("This client has an aftercare plan, so there is no reason to give.")
    if reason not in NotStartedReason.values:
        raise ValidationError({"reason": "Please choose why aftercare is not starting."})
    note = note.strip()
    if reason == NotStartedReason.OTHER and not note:
        raise ValidationError({"note": "Please say what the other reason is."})
    row = AftercareNotStarted.objects.create(
        client=client, reason=reason, note=note, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action="aftercare.not_started",
        target=row,
        request=request,
        details={"reason": reason},
    )
    return row
