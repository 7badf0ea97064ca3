"""Follow-ups counted from the intake interview (SAMHSA's GPRA 6-month interview: due on the
6-month anniversary of the intake, counted from month 5 to month 8, docs/follow-up-rate.md).

They are scheduled when an intake is completed: ``clients`` names no other app, so
``intake_complete`` runs the ``intake_completed`` hooks every app declares in its ``AppConfig``
(``recovery_portal/plugins.py``) inside its own transaction, and aftercare declares
``followups_at_intake``. They belong to the intake, not to an aftercare plan, so a client gets
them whether or not they are ever discharged, and closing a plan leaves them alone.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from aftercare import reminders
from aftercare.models import CountsFrom, FollowUp, FollowUpStep, FollowUpTemplate
from aftercare.windows import window_for
from clients.models import Intake, IntakeStatus
from recovery_portal.audit.services import audit_record

GPRA_TEMPLATE_NAME = "GPRA follow-up (from the intake interview)"
GPRA_STEP_LABEL = "GPRA 6-month"
# (label, due (months, days), window opens, window closes): calendar months from the intake.
GPRA_STEPS = [(GPRA_STEP_LABEL, (6, 0), (5, 0), (8, 0))]


@transaction.atomic
def intake_templates() -> list[FollowUpTemplate]:
    """The templates counted from the intake interview. The first time none exists, the GPRA
    one is made, its 6-month step marked as the reported one (unless another step already is).
    An administrator stops it by removing its steps (an empty template schedules nothing)."""
    found = list(
        FollowUpTemplate.objects.filter(counts_from=CountsFrom.INTAKE).prefetch_related("steps")
    )
    if found:
        return found
    template = FollowUpTemplate.objects.create(
        name=GPRA_TEMPLATE_NAME, counts_from=CountsFrom.INTAKE
    )
    reported = not FollowUpStep.objects.filter(is_reported=True).exists()
    for label, due, opens, closes in GPRA_STEPS:
        FollowUpStep.objects.create(
            template=template,
            label=label,
            due_months=due[0],
            due_days=due[1],
            opens_months=opens[0],
            opens_days=opens[1],
            closes_months=closes[0],
            closes_days=closes[1],
            is_reported=reported,
        )
    return [template]


def intake_date(intake: Intake):
    """The day of the intake interview: the day it was completed, in the organization's time."""
    return timezone.localdate(intake.completed_at)


@transaction.atomic
def followups_at_intake(*, intake: Intake, actor=None, request=None) -> list[FollowUp]:
    """Schedule the intake-anchored follow-ups of a completed ``intake`` (once: a second call
    finds them made), with their staff reminders to the client's primary case manager."""
    if intake.status != IntakeStatus.COMPLETE or intake.completed_at is None:
        return []
    if FollowUp.objects.filter(intake=intake).exists():
        return []
    anchor = intake_date(intake)
    steps = [
        step
        for template in intake_templates()
        for step in template.steps.all()
        if template.counts_from == CountsFrom.INTAKE
    ]
    steps.sort(key=lambda step: (step.due_months, step.due_days, step.pk))
    made = []
    for sequence, step in enumerate(steps, start=1):
        window = window_for(anchor, step)
        followup = FollowUp.objects.create(
            intake=intake,
            client=intake.client,
            step=step,
            label=step.label,
            sequence=sequence,
            due_date=window.due,
            window_opens=window.opens,
            window_closes=window.closes,
        )
        reminders.schedule_staff(followup)
        made.append(followup)
    if made:
        audit_record(
            actor=actor,
            action="aftercare.followup.schedule_at_intake",
            target=intake,
            request=request,
            details={"followups": [f.pk for f in made]},
        )
    return made
