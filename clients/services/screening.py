"""Writes of screenings and the follow-up of the safety alerts they raise. Each writes its audit
event in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.instruments.catalog import Instrument
from clients.models import Client, Intake, SafetyAlert, Screening
from recovery_portal.audit.services import audit_record


@transaction.atomic
def screening_record(
    *,
    client: Client,
    instrument: Instrument,
    answers: dict[str, int],
    actor,
    intake: Intake | None = None,
    administered_at: dt.datetime | None = None,
    request=None,
) -> Screening:
    """Score and keep one screening; raise a safety alert for each alert rule it meets."""
    try:
        result = instrument.score(answers)
    except ValueError as exc:
        raise ValidationError(str(exc))
    screening = Screening.objects.create(
        client=client,
        intake=intake,
        instrument_code=instrument.code,
        instrument_name=instrument.name,
        answers={item.key: answers[item.key] for item in instrument.items},
        score=result.score,
        band_label=result.band.label,
        band_level=result.band.level,
        administered_at=administered_at or timezone.now(),
        administered_by=actor,
    )
    audit_record(
        actor=actor,
        action="screening.record",
        target=screening,
        request=request,
        details={"instrument": instrument.code},
    )
    for rule in result.alerts:
        alert = SafetyAlert.objects.create(
            client=client,
            screening=screening,
            kind=rule.kind,
            message=f"{instrument.name}: {rule.message}",
            raised_at=screening.administered_at,
        )
        audit_record(
            actor=actor,
            action="client.safety_alert",
            target=alert,
            request=request,
            # Not the kind of alert (a result of the screening): the alert row holds it.
            details={"instrument": instrument.code},
        )
    return screening


@transaction.atomic
def safety_alert_follow_up(*, alert: SafetyAlert, actor, note: str, request=None) -> SafetyAlert:
    alert = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.resolved_at is not None:
        raise ValidationError("This alert was already followed up.")
    if not note.strip():
        raise ValidationError("Please write what was done to follow up.")
    alert.resolved_at, alert.resolved_by, alert.follow_up_note = timezone.now(), actor, note.strip()
    alert.save(update_fields=["resolved_at", "resolved_by", "follow_up_note"])
    audit_record(
        actor=actor, action="client.safety_alert_followed_up", target=alert, request=request
    )
    return alert
