"""Writes of aftercare plans: started at discharge (follow-ups made from the template),
changed (a new discharge date moves the open follow-ups and their reminders), closed. Each
writes its audit event in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from aftercare import reminders
from aftercare.models import (
    AftercarePlan,
    FollowUp,
    FollowUpStatus,
    FollowUpStep,
    FollowUpTemplate,
    PlanCloseReason,
    PlanStatus,
)
from aftercare.services.exclusion import exclusion_reason
from aftercare.windows import window_for
from clients.models import Client, ClientStatus, IntakeStatus
from clients.selectors.episode import barc10_baseline_of, end_of
from clients.selectors.intake import intakes_of
from clients.services.record import client_status_change
from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.models import Reminder, ReminderState
from recovery_portal.notifications.services import reminders_cancel

# (label, due (months, days), window opens, window closes), counted from discharge: the 6-month
# follow-up is due on the 6-month anniversary (calendar months, not day 180) and counts from
# month 5 to month 8, the others similarly around their due date.
DEFAULT_STEPS = [
    ("7-day check", (0, 7), (0, 5), (0, 14)),
    ("30-day follow-up", (0, 30), (0, 21), (0, 45)),
    ("90-day follow-up", (0, 90), (2, 0), (4, 0)),
    ("6-month follow-up", (6, 0), (5, 0), (8, 0)),
    ("12-month follow-up", (12, 0), (11, 0), (14, 0)),
]
DEFAULT_TEMPLATE_NAME = "Standard: 7, 30 and 90 days, 6 and 12 months after discharge"


@transaction.atomic
def default_template() -> FollowUpTemplate:
    """The template new plans use; made with the standard steps the first time it is asked."""
    template = FollowUpTemplate.objects.filter(is_default=True).first()
    if template is not None:
        return template
    template, _ = FollowUpTemplate.objects.get_or_create(
        name=DEFAULT_TEMPLATE_NAME, defaults={"is_default": True}
    )
    for label, due, opens, closes in DEFAULT_STEPS:
        FollowUpStep.objects.get_or_create(
            template=template,
            label=label,
            defaults={
                "due_months": due[0],
                "due_days": due[1],
                "opens_months": opens[0],
                "opens_days": opens[1],
                "closes_months": closes[0],
                "closes_days": closes[1],
            },
        )
    return template


def _baseline(client: Client, discharge_date: dt.date) -> dict:
    """What the intake said, copied into the plan for the outcomes report; the BARC-10 is the
    first of the episode being discharged (``clients.selectors.episode``), not the earliest
    ever."""
    intake = next((i for i in intakes_of(client) if i.status == IntakeStatus.COMPLETE), None)
    sections = intake.sections if intake else {}
    barc10 = barc10_baseline_of(client.pk, end_of(discharge_date))
    any_use = None
    last_use = (sections.get("substance_use") or {}).get("last_use_date")
    if intake and last_use:
        try:
            last = dt.date.fromisoformat(str(last_use)[:10])
            any_use = (timezone.localdate(intake.started_at) - last).days <= 30
        except ValueError:
            any_use = None
    return {
        "baseline_barc10": barc10,
        "baseline_housing": (sections.get("housing") or {}).get("housing_status") or "",
        "baseline_work": (sections.get("employment_education") or {}).get("employment_status")
        or "",
        "baseline_any_use": any_use,
    }


def _check_responsible(user) -> None:
    if not user.is_active or not user.is_clinical_staff:
        raise ValidationError("The person responsible must be a case manager or supervisor.")


def _window_dates(plan: AftercarePlan, step: FollowUpStep) -> dict:
    window = window_for(plan.discharge_date, step)
    return {"due_date": window.due, "window_opens": window.opens, "window_closes": window.closes}


@transaction.atomic
def plan_start(
    *,
    client: Client,
    discharge_date: dt.date,
    responsible,
    actor,
    template: FollowUpTemplate | None = None,
    outpatient_therapy: str = "",
    meetings_per_week: int = 0,
    recovery_coaching: bool = False,
    medication: str = "",
    housing_plan: str = "",
    notes: str = "",
    move_to_aftercare: bool = False,
    request=None,
) -> AftercarePlan:
    """Start aftercare at discharge:
    1. check there is no active plan and the responsible person may hold one;
    2. copy the intake's baseline; 3. create the follow-ups from the template;
    4. schedule their staff reminders; 5. optionally move an active client to "aftercare";
    6. audit."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if AftercarePlan.objects.filter(client=client, status=PlanStatus.ACTIVE).exists():
        raise ValidationError("This client already has an active aftercare plan.")
    _check_responsible(responsible)
    template = template or default_template()
    plan = AftercarePlan.objects.create(
        client=client,
        discharge_date=discharge_date,
        template=template,
        responsible=responsible,
        outpatient_therapy=outpatient_therapy.strip(),
        meetings_per_week=meetings_per_week,
        recovery_coaching=recovery_coaching,
        medication=medication.strip(),
        housing_plan=housing_plan.strip(),
        notes=notes.strip(),
        created_by=actor,
        **_baseline(client, discharge_date),
    )
    for sequence, step in enumerate(template.steps.order_by("due_months", "due_days"), start=1):
        followup = FollowUp.objects.create(
            plan=plan,
            client=client,
            step=step,
            label=step.label,
            sequence=sequence,
            **_window_dates(plan, step),
        )
        reminders.schedule_staff(followup)
    if move_to_aftercare and client.status == ClientStatus.ACTIVE:
        client_status_change(
            client=client,
            to_status=ClientStatus.AFTERCARE,
            actor=actor,
            reason="Discharged from treatment; aftercare plan started",
            request=request,
        )
    audit_record(actor=actor, action="aftercare.plan.start", target=plan, request=request)
    return plan


PLAN_FIELDS = (
    "outpatient_therapy",
    "meetings_per_week",
    "recovery_coaching",
    "medication",
    "housing_plan",
    "notes",
)


@transaction.atomic
def plan_update(
    *, plan: AftercarePlan, actor, discharge_date: dt.date, responsible, request=None, **fields
) -> AftercarePlan:
    """Change the plan. A new discharge date moves every open follow-up and its reminders; a
    new responsible person takes over the staff reminders."""
    plan = AftercarePlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_active:
        raise ValidationError("This aftercare plan is closed.")
    _check_responsible(responsible)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    moved = discharge_date != plan.discharge_date
    handed_over = responsible.pk != plan.responsible_id
    previous = plan.responsible
    for name, value in fields.items():
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    plan.discharge_date = discharge_date
    plan.responsible = responsible
    plan.save()
    if moved or handed_over:
        for followup in plan.followups.filter(status=FollowUpStatus.OPEN).select_related("step"):
            if handed_over:
                reminders_cancel(source=followup, recipient=previous)
            if moved and followup.step is not None:
                for name, value in _window_dates(plan, followup.step).items():
                    setattr(followup, name, value)
                followup.save(update_fields=["due_date", "window_opens", "window_closes"])
            followup.plan = plan
            reminders.schedule_staff(followup)
    audit_record(
        actor=actor,
        action="aftercare.plan.update",
        target=plan,
        request=request,
        details={"moved": moved, "handed_over": handed_over},
    )
    return plan


@transaction.atomic
def plan_close(
    *, plan: AftercarePlan, reason: str, actor, note: str = "", request=None
) -> AftercarePlan:
    """Close the plan; its open follow-ups close as administrative, with the plan's reason.

    They stay in the follow-up rate unless the reason is one an administrator marked
    excludable (by default only a death) and their window had not closed yet; a follow-up
    already missed stays missed. Follow-ups counted from the intake (GPRA) are not the plan's
    and stay open: a client who stops aftercare is exactly whom follow-up must reach.

    When the client died, every reminder to them and about them stops at once: follow-ups,
    check-in alerts, milestone messages and anything another app scheduled for them."""
    if reason not in PlanCloseReason.values:
        raise ValidationError("Please choose why the plan is closing.")
    plan = AftercarePlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_active:
        raise ValidationError("This aftercare plan is already closed.")
    now = timezone.now()
    plan.status = PlanStatus.CLOSED
    plan.close_reason = reason
    plan.closed_at = now
    plan.save(update_fields=["status", "close_reason", "closed_at"])
    why = exclusion_reason(reason)
    for followup in plan.followups.filter(status=FollowUpStatus.OPEN):
        followup.status = FollowUpStatus.ADMINISTRATIVE
        followup.closed_at, followup.closed_by = now, actor
        followup.close_note = PlanCloseReason(reason).label
        followup.exclusion_reason = why
        followup.save(
            update_fields=["status", "closed_at", "closed_by", "close_note", "exclusion_reason"]
        )
        reminders.cancel_all(followup)
    if reason == PlanCloseReason.DECEASED:
        _stop_everything_about(plan.client, now)
    audit_record(
        actor=actor,
        action="aftercare.plan.close",
        target=plan,
        request=request,
        details={"reason": reason},
    )
    return plan


@transaction.atomic
def plans_close_on_record_closed(*, client: Client, actor, request=None) -> int:
    """The client's record is closed (``record_closers``): their aftercare plan closes as any
    plan does (``plan_close``: open follow-ups end, their reminders stop)."""
    closed = 0
    for plan in AftercarePlan.objects.filter(client=client, status=PlanStatus.ACTIVE):
        plan_close(plan=plan, reason=PlanCloseReason.RECORD_CLOSED, actor=actor, request=request)
        closed += 1
    return closed


def _stop_everything_about(client: Client, now) -> int:
    """Cancel every pending reminder to the client, and every one about them (alerts to staff
    and the follow-ups of older plans): with care, nobody should get a message after a death."""
    from aftercare.models import CheckInAlert, HelpRequest, Milestone
    from aftercare.services.checkin import settings_update

    about = []
    for model in (FollowUp, CheckInAlert, HelpRequest, Milestone):
        ids = [str(pk) for pk in model.objects.filter(client=client).values_list("pk", flat=True)]
        about.append((ContentType.objects.get_for_model(model), ids))
    pending = Reminder.objects.filter(state=ReminderState.SCHEDULED)
    stopped = 0
    if client.user_id is not None:
        stopped += pending.filter(recipient_id=client.user_id).update(
            state=ReminderState.CANCELLED,
            note="Stopped with care: the person died.",
            updated_at=now,
        )
    for content_type, ids in about:
        stopped += pending.filter(source_type=content_type, source_id__in=ids).update(
            state=ReminderState.CANCELLED,
            note="Stopped with care: the person died.",
            updated_at=now,
        )
    settings_update(client=client, actor=None, milestone_messages=False, quiet=True)
    return stopped
