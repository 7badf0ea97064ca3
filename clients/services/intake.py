"""Writes of the intake: a new person, a draft, its steps, and finishing it. Each writes its
audit event in the same transaction (details name the step, never the answers)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client, ClientStatus, Intake, IntakeNeed, IntakeStatus
from clients.models.intake import EMPLOYMENT_CHOICES, HOUSING_CHOICES, IntakeStep
from clients.selectors.record import DuplicateCheck
from clients.services.record import case_assign, client_create, client_status_change
from recovery_portal import plugins
from recovery_portal.audit.services import audit_record

# Answers of these intake steps also update the matching field of the client record, so the
# list and the overview show the current situation.
_MIRRORED = {
    IntakeStep.HOUSING: ("housing_status", dict(HOUSING_CHOICES)),
    IntakeStep.EMPLOYMENT_EDUCATION: ("employment_status", dict(EMPLOYMENT_CHOICES)),
}


def duplicate_check_recorded(*, actor, check: DuplicateCheck, request=None) -> None:
    """Log a duplicate check and the clients it matched (each sees it in "Who has seen my
    record"), marking those outside ``actor``'s scope. What was typed is not logged."""
    audit_record(
        actor=actor,
        action="client.duplicate_check",
        request=request,
        details={"client_ids": check.client_ids, "other_caseloads": list(check.elsewhere_ids)},
    )


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


def _require_draft(intake: Intake) -> Intake:
    intake = Intake.objects.select_for_update().get(pk=intake.pk)
    if intake.status != IntakeStatus.DRAFT:
        raise ValidationError("This intake is complete and can no longer be changed.")
    return intake


@transaction.atomic
def intake_section_save(*, intake: Intake, step: str, answers: dict, actor, request=None) -> Intake:
    """Keep one step's answers in the draft (JSON values, see ``forms.intake.to_json``)."""
    if step not in IntakeStep.values:
        raise ValidationError(f"Unknown intake step {step!r}.")
    intake = _require_draft(intake)
    intake.sections = {**intake.sections, step: answers}
    intake.save(update_fields=["sections", "updated_at"])
    if step in _MIRRORED and answers.get(_MIRRORED[step][0]):
        name, labels = _MIRRORED[step]
        client = intake.client
        setattr(client, name, str(labels.get(answers[name], answers[name])))
        client.save(update_fields=[name, "updated_at"])
    audit_record(
        actor=actor, action="intake.save", target=intake, request=request, details={"step": step}
    )
    return intake


@transaction.atomic
def intake_complete(*, intake: Intake, actor, activate: bool = True, request=None) -> Intake:
    """Finish the intake: 1. check the goals are written, 2. turn the needs of the draft into
    IntakeNeed rows (what a recovery plan takes over), 3. mark it complete, 4. the date of last
    use becomes the record's recovery start date (when the record has none yet), 5. optionally
    move the client from intake to active."""
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
    _recovery_start_from(intake)
    # Other apps act on a completed intake in this transaction (recovery_portal/plugins.py).
    for hook in plugins.intake_completed_hooks():
        hook(intake=intake, actor=actor, request=request)
    if activate and intake.client.status == ClientStatus.INTAKE:
        client_status_change(
            client=intake.client,
            to_status=ClientStatus.ACTIVE,
            actor=actor,
            reason="Intake completed",
            request=request,
        )
    return intake


def _recovery_start_from(intake: Intake) -> None:
    """The intake's date of last use as the record's recovery start date, if it has none (a
    date staff set by hand is kept). Runs in the caller's transaction."""
    last_use = (intake.sections.get("substance_use") or {}).get("last_use_date")
    client = intake.client
    if not last_use or client.recovery_start_date:
        return
    try:
        client.recovery_start_date = dt.date.fromisoformat(str(last_use)[:10])
    except ValueError:
        return
    client.save(update_fields=["recovery_start_date", "updated_at"])


def intake_needs_take_up(*, needs, client: Client) -> int:
    """Mark intake needs of ``client`` as taken up by a plan (the hand-over the record shows);
    needs already taken up keep their first date. Runs in the caller's transaction."""
    return IntakeNeed.objects.filter(
        client=client, pk__in=[need.pk for need in needs], taken_up_at__isnull=True
    ).update(taken_up_at=timezone.now())
