"""Plans, goals, steps and progress notes for the benchmark's large organization
(``build_scale`` in ``referral.py`` calls this after making the clients). Bulk inserts: load,
not history (no audit events, no change log)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.models import (
    ActionStep,
    Goal,
    GoalDomain,
    PlanStatus,
    PlanVersion,
    ProgressNote,
    RecoveryPlan,
    StepOwner,
)
from casework.selectors.plan import _goals_prefetch, plan_snapshot

DOMAINS = [GoalDomain.SUBSTANCE_USE, GoalDomain.HOUSING, GoalDomain.EMPLOYMENT_EDUCATION]


def build_plans_and_notes(records, owners, rng) -> dict:
    """One shared plan with three goals (a step each) and version 1 per client, about one in
    six reviews overdue; two signed progress notes per client."""
    today = timezone.localdate()
    now = timezone.now()
    plans = RecoveryPlan.objects.bulk_create(
        [
            RecoveryPlan(
                client=client,
                status=PlanStatus.ACTIVE,
                review_due=today + timedelta(days=rng.randint(-15, 75)),
                created_by=owner,
                created_at=now - timedelta(days=100),
            )
            for client, owner in zip(records, owners, strict=True)
        ],
        batch_size=2000,
    )
    goals = Goal.objects.bulk_create(
        [
            Goal(plan=plan, domain=domain, statement=f"Bench goal: {domain.label}")
            for plan in plans
            for domain in DOMAINS
        ],
        batch_size=5000,
    )
    ActionStep.objects.bulk_create(
        [ActionStep(goal=goal, owner=StepOwner.CLIENT, what="A first step") for goal in goals],
        batch_size=5000,
    )
    # Version 1 keeps the plan as the service would: the real snapshot (a made-up one breaks
    # the plan page's "changed since the latest version").
    full = {
        plan.pk: plan
        for plan in RecoveryPlan.objects.filter(pk__in=[p.pk for p in plans]).prefetch_related(
            _goals_prefetch()
        )
    }
    PlanVersion.objects.bulk_create(
        [
            PlanVersion(
                plan=plan,
                number=1,
                reason=PlanVersion.Reason.FIRST,
                snapshot=plan_snapshot(full[plan.pk]),
                made_by=owner,
            )
            for plan, owner in zip(plans, owners, strict=True)
        ],
        batch_size=2000,
    )
    notes = ProgressNote.objects.bulk_create(
        [
            ProgressNote(
                client=client,
                author=owner,
                contact_type="phone",
                contact_date=today - timedelta(days=days),
                duration_minutes=20,
                data="Bench check-in call.",
                assessment="Steady.",
                plan_text="Call next week.",
                signed_at=now - timedelta(days=days),
                signed_by=owner,
            )
            for client, owner in zip(records, owners, strict=True)
            for days in (rng.randint(2, 40), rng.randint(41, 90))
        ],
        batch_size=5000,
    )
    return {"plans": len(plans), "goals": len(goals), "notes": len(notes)}
