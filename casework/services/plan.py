"""Writes to recovery plans. Each writes its audit event in the same transaction; audit details
name what changed, never the words of the plan.

The life of a plan:
1. ``plan_start``: a draft, its first goals taken over from the needs found at intake.
2. ``goal_add`` / ``step_add`` / ``barrier_add`` / ``strategy_add`` and their ``*_update``:
   the working copy, edited with the client.
3. ``plan_share``: the draft becomes active as version 1; the client is asked to acknowledge it.
4. ``plan_review`` at the review date: progress per goal, then the plan is kept (next review
   date only) or revised (a new version, and the client is asked again).
5. ``plan_acknowledge`` (the client) and ``step_client_update`` (the client's own steps).
6. ``plan_close``: the plan is done with (kept, read-only); a new one may be started.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.models import (
    ActionStep,
    Barrier,
    Goal,
    GoalPriority,
    PlanAcknowledgement,
    PlanReview,
    PlanStatus,
    PlanVersion,
    RecoveryPlan,
    StepOwner,
    Strategy,
)
from casework.models.plan import DOMAIN_FROM_INTAKE, GOAL_FIELDS, PRIORITY_FROM_NEED, STEP_FIELDS
from casework.selectors.plan import open_plan_of, plan_snapshot, review_date_default
from clients.models import Client, IntakeNeed
from clients.services.intake import intake_needs_take_up
from recovery_portal.audit.services import audit_record


def _attributed(instance, actor):
    # simple-history records who made each change from this attribute.
    instance._history_user = actor
    return instance


@transaction.atomic
def plan_start(*, client, actor, needs: list[IntakeNeed] = (), request=None) -> RecoveryPlan:
    """A draft plan for ``client``, one goal per chosen intake need (its words kept as the
    goal's statement for the client to rephrase)."""
    # Two staff starting a plan at once: the second waits here, then finds the first's plan.
    Client.objects.select_for_update().filter(pk=client.pk).first()
    if open_plan_of(client, full=False) is not None:
        raise ValidationError("This client already has a plan: open it instead.")
    plan = RecoveryPlan(client=client, created_by=actor, review_due=review_date_default())
    _attributed(plan, actor).save()
    for need in needs:
        if need.client_id != client.pk:
            raise ValidationError("That need belongs to someone else.")
        goal = Goal(
            plan=plan,
            domain=DOMAIN_FROM_INTAKE.get(need.domain, need.domain),
            statement=need.description,
            priority=PRIORITY_FROM_NEED.get(need.priority, GoalPriority.LOW),
            intake_need=need,
        )
        _attributed(goal, actor).save()
    intake_needs_take_up(needs=needs, client=client)
    audit_record(
        actor=actor,
        action="plan.start",
        target=plan,
        request=request,
        details={"goals_from_intake": len(needs)},
    )
    return plan


def _editable(plan: RecoveryPlan) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError("This plan is closed; it can be read but not changed.")


@transaction.atomic
def goal_add(*, plan: RecoveryPlan, actor, fields: dict, request=None) -> Goal:
    _editable(plan)
    goal = Goal(plan=plan, **{k: v for k, v in fields.items() if k in GOAL_FIELDS})
    goal.full_clean(exclude=["plan", "intake_need"])
    _attributed(goal, actor).save()
    audit_record(
        actor=actor, action="plan.goal.add", target=plan, request=request, details={"goal": goal.pk}
    )
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, actor, fields: dict, request=None) -> Goal:
    _editable(goal.plan)
    changed = sorted(f for f in GOAL_FIELDS if f in fields and getattr(goal, f) != fields[f])
    for name in changed:
        setattr(goal, name, fields[name])
    if changed:
        goal.full_clean(exclude=["plan", "intake_need"])
        _attributed(goal, actor).save()
        audit_record(
            actor=actor,
            action="plan.goal.change",
            target=goal.plan,
            request=request,
            details={"goal": goal.pk, "fields": changed},
        )
    return goal


def _check_step(step: ActionStep) -> None:
    if step.owner == StepOwner.OTHER and not step.owner_other.strip():
        raise ValidationError({"owner_other": "Please say who will do this step."})
    step.full_clean(exclude=["goal", "done_by"])


@transaction.atomic
def step_add(*, goal: Goal, actor, fields: dict, request=None) -> ActionStep:
    _editable(goal.plan)
    step = ActionStep(goal=goal, **{k: v for k, v in fields.items() if k in STEP_FIELDS})
    _check_step(step)
    _attributed(step, actor).save()
    audit_record(
        actor=actor,
        action="plan.step.add",
        target=goal.plan,
        request=request,
        details={"step": step.pk},
    )
    return step


@transaction.atomic
def step_update(*, step: ActionStep, actor, fields: dict, done: bool, request=None) -> ActionStep:
    plan = step.goal.plan
    _editable(plan)
    for name in STEP_FIELDS:
        if name in fields:
            setattr(step, name, fields[name])
    _mark_done(step, actor, done)
    _check_step(step)
    _attributed(step, actor).save()
    audit_record(
        actor=actor,
        action="plan.step.change",
        target=plan,
        request=request,
        details={"step": step.pk},
    )
    return step


def _mark_done(step: ActionStep, actor, done: bool) -> None:
    if done and step.done_at is None:
        step.done_at, step.done_by = timezone.now(), actor
    elif not done:
        step.done_at, step.done_by = None, None


@transaction.atomic
def barrier_add(
    *, goal: Goal, actor, description: str, strategy: str = "", request=None
) -> Barrier:
    _editable(goal.plan)
    if not description.strip():
        raise ValidationError({"description": "Please describe what might get in the way."})
    barrier = _attributed(Barrier(goal=goal, description=description.strip()), actor)
    barrier.save()
    if strategy.strip():
        _attributed(Strategy(barrier=barrier, description=strategy.strip()), actor).save()
    audit_record(
        actor=actor,
        action="plan.barrier.add",
        target=goal.plan,
        request=request,
        details={"barrier": barrier.pk},
    )
    return barrier


@transaction.atomic
def strategy_add(*, barrier: Barrier, actor, description: str, request=None) -> Strategy:
    plan = barrier.goal.plan
    _editable(plan)
    if not description.strip():
        raise ValidationError({"description": "Please describe what will help."})
    strategy = _attributed(Strategy(barrier=barrier, description=description.strip()), actor)
    strategy.save()
    audit_record(
        actor=actor,
        action="plan.strategy.add",
        target=plan,
        request=request,
        details={"strategy": strategy.pk},
    )
    return strategy


def _version_make(plan: RecoveryPlan, actor, reason: str, summary: str) -> PlanVersion:
    full = open_plan_of(plan.client)
    last = plan.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        reason=reason,
        summary=summary,
        snapshot=plan_snapshot(full),
        made_by=actor,
    )


@transaction.atomic
def plan_share(*, plan: RecoveryPlan, actor, request=None) -> PlanVersion:
    """The draft becomes the active plan, version 1, and the client is asked to acknowledge it."""
    plan = RecoveryPlan.objects.select_for_update().select_related("client").get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError("This plan is already shared; revise it at a review.")
    if not plan.goals.exists():
        raise ValidationError("Add at least one goal before sharing the plan.")
    plan.status = PlanStatus.ACTIVE
    plan.review_due = review_date_default()
    _attributed(plan, actor).save()
    version = _version_make(plan, actor, PlanVersion.Reason.FIRST, "")
    audit_record(
        actor=actor,
        action="plan.share",
        target=plan,
        request=request,
        details={"version": version.number},
    )
    return version


@transaction.atomic
def plan_close(*, plan: RecoveryPlan, actor, request=None) -> RecoveryPlan:
    """Close the plan: it stays readable, is no longer changed, and its end is recorded."""
    plan = RecoveryPlan.objects.select_for_update().get(pk=plan.pk)
    _editable(plan)
    plan.status = PlanStatus.CLOSED
    plan.closed_at = timezone.now()
    _attributed(plan, actor).save()
    audit_record(actor=actor, action="plan.close", target=plan, request=request)
    return plan


@transaction.atomic
def plan_review(
    *,
    plan: RecoveryPlan,
    actor,
    revise: bool,
    progress: dict[int, str],
    statuses: dict[int, str] | None = None,
    next_review: dt.date | None = None,
    summary: str = "",
    request=None,
) -> PlanReview:
    """Record a review.

    1. Progress per goal (``progress``: goal id → what happened) and, where it moved, the
       goal's new status (``statuses``: goal id → status).
    2. The plan is kept (only the next review date moves) or revised: a new version of the
       plan as it now stands, which the client is asked to acknowledge.
    """
    plan = RecoveryPlan.objects.select_for_update().select_related("client").get(pk=plan.pk)
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError("Share the plan with the client before reviewing it.")
    next_review = next_review or review_date_default()
    if next_review <= timezone.localdate():
        raise ValidationError({"next_review": "The next review must be after today."})
    goals = _goals_moved(plan, actor=actor, statuses=statuses, request=request)
    plan.review_due = next_review
    _attributed(plan, actor).save()
    version = (
        _version_make(plan, actor, PlanVersion.Reason.REVISED, summary.strip()) if revise else None
    )
    review = PlanReview.objects.create(
        plan=plan,
        reviewed_by=actor,
        outcome=PlanReview.Outcome.REVISED if revise else PlanReview.Outcome.KEPT,
        summary=summary.strip(),
        progress=[
            {
                "goal": goal.pk,
                "statement": goal.statement,
                "status": goal.get_status_display(),
                "note": progress.get(goal.pk, "").strip(),
            }
            for goal in goals
        ],
        next_review=next_review,
        version=version,
    )
    audit_record(
        actor=actor,
        action="plan.review",
        target=plan,
        request=request,
        details={"outcome": review.outcome, "version": version.number if version else None},
    )
    return review


def _goals_moved(
    plan: RecoveryPlan, *, actor, statuses: dict[int, str] | None, request=None
) -> list[Goal]:
    """The plan's goals, each moved to its new status where the review says it moved."""
    goals = list(plan.goals.all())
    for goal in goals:
        goal.plan = plan
        if statuses and statuses.get(goal.pk, goal.status) != goal.status:
            goal_update(
                goal=goal, actor=actor, fields={"status": statuses[goal.pk]}, request=request
            )
    return goals


@transaction.atomic
def plan_acknowledge(*, plan: RecoveryPlan, user, request=None) -> PlanAcknowledgement:
    """The client says they have read the latest version of their plan."""
    if plan.client.user_id != user.pk:
        raise ValidationError("Only the client can acknowledge their own plan.")
    version = plan.versions.order_by("-number").first()
    if version is None:
        raise ValidationError("Your plan is not ready to read yet.")
    acknowledgement, _ = PlanAcknowledgement.objects.get_or_create(
        version=version, defaults={"acknowledged_by": user}
    )
    audit_record(
        actor=user,
        action="plan.acknowledge",
        target=plan,
        request=request,
        details={"version": version.number},
    )
    return acknowledgement


@transaction.atomic
def step_client_update(
    *, step: ActionStep, user, done: bool, comment: str, request=None
) -> ActionStep:
    """The client marks one of their own steps done (or not) and leaves a comment for their
    case manager."""
    if step.goal.plan.client.user_id != user.pk or step.owner != StepOwner.CLIENT:
        raise ValidationError("This step is not yours to change.")
    _mark_done(step, user, done)
    if comment.strip() != step.client_comment:
        step.client_comment = comment.strip()
        step.client_comment_at = timezone.now()
    _attributed(step, user).save()
    audit_record(
        actor=user,
        action="plan.step.client",
        target=step.goal.plan,
        request=request,
        details={"step": step.pk, "done": done},
    )
    return step


@transaction.atomic
def plan_exported(*, plan: RecoveryPlan, actor, export_format: str, request=None) -> None:
    """Log that staff exported the plan (a disclosure when it leaves for someone else)."""
    audit_record(
        actor=actor,
        action="plan.export",
        target=plan,
        request=request,
        details={"format": export_format},
    )
