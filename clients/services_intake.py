"""Writes of intake, screenings, safety alerts and the profile; and the audit records of
exports. Each writes its audit event in the same transaction (details name the part, never
the values)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recovery_portal.audit.services import audit_record

from .instruments import Instrument
from .intake_steps import STEP_KEYS, step_by_key
from .models import (
    Client,
    ClientStatus,
    Intake,
    IntakeNeed,
    IntakeStatus,
    SafetyAlert,
    Screening,
)
from .services import case_assign, client_create, client_status_change

# Answers of these intake steps also update the matching field of the client record, so the
# list and the overview show the current situation.
_MIRRORED = {"housing": "housing_status", "employment_education": "employment_status"}


@transaction.atomic
def client_intake_create(
    *, actor, identity: dict, primary_case_manager, request=None
) -> tuple[Client, Intake]:
    """A new person at intake (the duplicate check was done and confirmed by the caller):
    1. create the record in status "intake", 2. assign the primary case manager,
    3. open a draft intake with its identity step done."""
    client = client_create(actor=actor, status=ClientStatus.INTAKE, request=request, **identity)
    case_assign(
        client=client,
        case_manager=primary_case_manager,
        actor=actor,
        reason="Assigned at intake",
        request=request,
    )
    intake = Intake.objects.create(
        client=client, started_by=actor, sections={"identity": {"done": True}}
    )
    audit_record(actor=actor, action="intake.start", target=intake, request=request)
    return client, intake


@transaction.atomic
def intake_start(*, client: Client, actor, request=None) -> Intake:
    """Open a draft intake for an existing client (a referral, or someone coming back), or
    return the draft already open. A referred, discharged or closed client moves to intake."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    draft = client.intakes.filter(status=IntakeStatus.DRAFT).first()
    if draft:
        return draft
    if client.status in (ClientStatus.REFERRED, ClientStatus.DISCHARGED, ClientStatus.CLOSED):
        client_status_change(
            client=client,
            to_status=ClientStatus.INTAKE,
            actor=actor,
            reason="Intake started",
            request=request,
        )
    intake = Intake.objects.create(client=client, started_by=actor)
    audit_record(actor=actor, action="intake.start", target=intake, request=request)
    return intake


@transaction.atomic
def client_update(*, client: Client, actor, fields: dict, request=None) -> list[str]:
    """Change identity and contact details; returns the names of the fields that changed."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    changed = []
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip().lower() if name == "email" else value.strip()
        if getattr(client, name) != value:
            setattr(client, name, value)
            changed.append(name)
    if changed:
        client.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action="client.update",
            target=client,
            request=request,
            details={"fields": sorted(changed)},
        )
    return changed


def _require_draft(intake: Intake) -> Intake:
    intake = Intake.objects.select_for_update().get(pk=intake.pk)
    if intake.status != IntakeStatus.DRAFT:
        raise ValidationError("This intake is complete and can no longer be changed.")
    return intake


@transaction.atomic
def intake_section_save(*, intake: Intake, step: str, answers: dict, actor, request=None) -> Intake:
    """Keep one step's answers in the draft (JSON values, see intake_steps.to_json)."""
    if step not in STEP_KEYS:
        raise ValidationError(f"Unknown intake step {step!r}.")
    intake = _require_draft(intake)
    intake.sections = {**intake.sections, step: answers}
    intake.save(update_fields=["sections", "updated_at"])
    if step in _MIRRORED and answers.get(_MIRRORED[step]):
        name = _MIRRORED[step]
        field = step_by_key(step).form_class.base_fields[name]
        client = intake.client
        setattr(client, name, str(dict(field.choices).get(answers[name], answers[name])))
        client.save(update_fields=[name, "updated_at"])
    audit_record(
        actor=actor, action="intake.save", target=intake, request=request, details={"step": step}
    )
    return intake


@transaction.atomic
def intake_complete(*, intake: Intake, actor, activate: bool = True, request=None) -> Intake:
    """Finish the intake: 1. check the goals are written, 2. turn the needs of the draft into
    IntakeNeed rows (what a recovery plan takes over), 3. mark it complete, 4. optionally move
    the client from intake to active."""
    intake = _require_draft(intake)
    strengths = intake.sections.get("strengths", {})
    if not strengths.get("goals_in_own_words"):
        raise ValidationError(
            "Please fill in the step “Strengths, goals and needs” (the person's goals in their "
            "own words) before finishing the intake."
        )
    now = timezone.now()
    IntakeNeed.objects.bulk_create(
        IntakeNeed(
            client=intake.client,
            intake=intake,
            domain=need["domain"],
            description=need["description"],
            priority=need.get("priority") or "soon",
            created_at=now,
        )
        for need in strengths.get("needs", [])
    )
    intake.status = IntakeStatus.COMPLETE
    intake.completed_at, intake.completed_by = now, actor
    intake.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
    audit_record(actor=actor, action="intake.complete", target=intake, request=request)
    if activate and intake.client.status == ClientStatus.INTAKE:
        client_status_change(
            client=intake.client,
            to_status=ClientStatus.ACTIVE,
            actor=actor,
            reason="Intake completed",
            request=request,
        )
    return intake


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
            details={"instrument": instrument.code, "kind": rule.kind},
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


def record_exported(*, actor, client: Client, export_format: str, request=None) -> None:
    """Log a records-request export of one client's whole record."""
    audit_record(
        actor=actor,
        action="client.export",
        target=client,
        request=request,
        details={"format": export_format, "part": "whole record"},
    )


def client_list_exported(*, actor, count: int, filters: list[str], request=None) -> None:
    """Log a CSV export of the client list (which filters were used, never their values)."""
    audit_record(
        actor=actor,
        action="client.list_export",
        request=request,
        details={"format": "csv", "rows": count, "filters": sorted(filters)},
    )
