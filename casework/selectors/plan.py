"""Reads of recovery plans, scoped through ``clients.selectors`` (404 outside the reader's scope).

Functions taking a ``client`` expect one obtained through ``client_for``/``record_frame`` or
``own_client_record``; each runs a fixed number of queries however many goals a plan has.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from casework.models import (
    ActionStep,
    Barrier,
    Goal,
    GoalDomain,
    GoalPriority,
    GoalService,
    GoalStatus,
    PlanStatus,
    PlanVersion,
    RecoveryPlan,
    StepOwner,
)
from clients.selectors.record import client_for


def _goals_prefetch() -> Prefetch:
    return Prefetch(
        "goals",
        queryset=Goal.objects.select_related("intake_need").prefetch_related(
            Prefetch("steps", queryset=ActionStep.objects.select_related("done_by")),
            Prefetch("barriers", queryset=Barrier.objects.prefetch_related("strategies")),
        ),
    )


def open_plan_of(client, *, full: bool = True) -> RecoveryPlan | None:
    """The client's plan that is not closed (at most one), with goals, steps, barriers and
    strategies when ``full``."""
    plans = RecoveryPlan.objects.filter(client=client).exclude(status=PlanStatus.CLOSED)
    if full:
        plans = plans.prefetch_related(_goals_prefetch())
    plan = plans.select_related("created_by").first()
    if plan is not None:
        plan.client = client
    return plan


def plan_page(client) -> dict:
    """Everything the staff plan page shows: the plan, its versions (with acknowledgements),
    its reviews, and what has changed since the latest version (to share at a review)."""
    plan = open_plan_of(client)
    if plan is None:
        return {"plan": None}
    versions = list(
        plan.versions.select_related("made_by", "acknowledgement__acknowledged_by").defer(
            "snapshot"
        )
    )
    reviews = list(plan.reviews.select_related("reviewed_by", "version"))
    latest = versions[0] if versions else None
    latest_snapshot = (
        PlanVersion.objects.values_list("snapshot", flat=True).get(pk=latest.pk) if latest else None
    )
    return {
        "plan": plan,
        "versions": versions,
        "latest_version": latest,
        "reviews": reviews,
        "pending_changes": plan_changes(latest_snapshot, plan_snapshot(plan))
        if latest_snapshot
        else [],
    }


def goal_of(plan: RecoveryPlan, pk) -> Goal:
    try:
        return plan.goals.get(pk=pk)
    except (Goal.DoesNotExist, ValueError, TypeError):
        raise Http404("No such goal.")


def step_of(plan: RecoveryPlan, pk) -> ActionStep:
    try:
        return ActionStep.objects.select_related("goal").get(goal__plan=plan, pk=pk)
    except (ActionStep.DoesNotExist, ValueError, TypeError):
        raise Http404("No such step.")


def barrier_of(plan: RecoveryPlan, pk) -> Barrier:
    try:
        return Barrier.objects.select_related("goal").get(goal__plan=plan, pk=pk)
    except (Barrier.DoesNotExist, ValueError, TypeError):
        raise Http404("No such barrier.")


def plan_for(user, client_pk) -> RecoveryPlan:
    """The open plan of a client ``user`` may see, or 404."""
    plan = open_plan_of(client_for(user, client_pk), full=False)
    if plan is None:
        raise Http404("No plan yet.")
    return plan


def versions_of(plan: RecoveryPlan) -> list[PlanVersion]:
    return list(plan.versions.select_related("made_by", "acknowledgement").defer("snapshot"))


def version_of(plan: RecoveryPlan, number) -> PlanVersion:
    try:
        return plan.versions.select_related("made_by", "acknowledgement").get(number=number)
    except (PlanVersion.DoesNotExist, ValueError, TypeError):
        raise Http404("No such version.")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def plan_snapshot(plan: RecoveryPlan) -> dict:
    """The whole plan as plain data (what a version keeps). ``plan`` should come from
    ``open_plan_of`` (prefetched)."""
    return {
        "review_due": _iso(plan.review_due),
        "goals": [
            {
                "id": goal.pk,
                "domain": goal.domain,
                "statement": goal.statement,
                "target": goal.target,
                "target_date": _iso(goal.target_date),
                "priority": goal.priority,
                "status": goal.status,
                "services": goal.services_display(),
                "steps": [
                    {
                        "id": step.pk,
                        "owner": step.owner_display(),
                        "what": step.what,
                        "due": _iso(step.due),
                        "done": step.is_done,
                    }
                    for step in goal.steps.all()
                ],
                "barriers": [
                    {
                        "id": barrier.pk,
                        "description": barrier.description,
                        "strategies": [
                            {"id": s.pk, "description": s.description}
                            for s in barrier.strategies.all()
                        ],
                    }
                    for barrier in goal.barriers.all()
                ],
            }
            for goal in plan.goals.all()
        ],
    }


_LABELS = {
    "domain": dict(GoalDomain.choices),
    "priority": dict(GoalPriority.choices),
    "status": dict(GoalStatus.choices),
    "owner": dict(StepOwner.choices),
    "services": dict(GoalService.choices),
}
_FIELD_NAMES = {
    "domain": "life domain",
    "statement": "goal",
    "target": "measurable target",
    "target_date": "target date",
    "priority": "priority",
    "status": "status",
    "services": "services",
    "owner": "who",
    "what": "what",
    "due": "due",
    "done": "done",
    "description": "description",
}
# What each level of a snapshot holds: its plain fields, then its children (key, kind).
_LEVELS = {
    "Goal": (
        ("domain", "statement", "target", "target_date", "priority", "status", "services"),
        (("steps", "Step"), ("barriers", "Barrier")),
    ),
    "Step": (("owner", "what", "due", "done"), ()),
    "Barrier": (("description",), (("strategies", "Strategy"),)),
    "Strategy": (("description",), ()),
}
_TITLE_FIELD = {"Goal": "statement", "Step": "what", "Barrier": "description"}


def shown(field: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if field == "done":
        return "yes" if value else "no"
    if isinstance(value, list):
        labels = _LABELS.get(field, {})
        return ", ".join(str(labels.get(v, v)) for v in value)
    return str(_LABELS.get(field, {}).get(value, value))


def _title(kind: str, item: dict) -> str:
    return item.get(_TITLE_FIELD.get(kind, "description"), "")


def _entry(change: str, kind: str, where: list[str], title: str, fields=()) -> dict:
    return {"change": change, "kind": kind, "where": where, "title": title, "fields": fields}


def _diff_level(kind, old_items, new_items, where, changes) -> None:
    fields, children = _LEVELS[kind]
    old_by_id = {item["id"]: item for item in old_items}
    new_ids = {item["id"] for item in new_items}
    for item in old_items:
        if item["id"] not in new_ids:
            changes.append(_entry("removed", kind, where, _title(kind, item)))
    for item in new_items:
        title = _title(kind, item)
        before = old_by_id.get(item["id"])
        if before is None:
            changes.append(_entry("added", kind, where, title))
            before = {}
        else:
            changed = [
                {
                    "field": _FIELD_NAMES[f],
                    "before": shown(f, before.get(f)),
                    "after": shown(f, item.get(f)),
                }
                for f in fields
                if before.get(f) != item.get(f)
            ]
            if changed:
                changes.append(_entry("changed", kind, where, title, changed))
        for key, child_kind in children:
            _diff_level(
                child_kind, before.get(key, []), item.get(key, []), [*where, title], changes
            )


def version_diff(old: dict, new: dict) -> list[dict]:
    """What changed from snapshot ``old`` to ``new``: one entry per goal, step, barrier or
    strategy added, removed or changed (with its fields' before and after)."""
    changes: list[dict] = []
    if old.get("review_due") != new.get("review_due"):
        dates = {
            "field": "review date",
            "before": shown("", old.get("review_due")),
            "after": shown("", new.get("review_due")),
        }
        changes.append(_entry("changed", "Plan", [], "Review date", [dates]))
    _diff_level("Goal", old.get("goals", []), new.get("goals", []), [], changes)
    return changes


def plan_changes(old: dict, new: dict) -> list[dict]:
    """The changes that call for a new version: not the review date (a review that keeps the
    plan moves it) nor a step's being done (the client ticks those off between reviews)."""
    return [
        entry
        for entry in version_diff(old, new)
        if entry["kind"] != "Plan"
        and not (entry["change"] == "changed" and [f["field"] for f in entry["fields"]] == ["done"])
    ]


def snapshot_for_display(snapshot: dict) -> list[dict]:
    """A version's goals with readable labels, for reading an earlier version."""
    return [
        {
            **goal,
            "domain_label": shown("domain", goal["domain"]),
            "priority_label": shown("priority", goal["priority"]),
            "status_label": shown("status", goal["status"]),
        }
        for goal in snapshot.get("goals", [])
    ]


def review_date_default() -> dt.date:
    from django.conf import settings

    return timezone.localdate() + dt.timedelta(days=settings.PLAN_REVIEW_DAYS)


def my_plan(client) -> dict:
    """What the client sees of their plan: the shared (active) plan, live, with the latest
    version and whether they have acknowledged it. A draft is not shown to them yet."""
    plan = open_plan_of(client)
    if plan is None or plan.status != PlanStatus.ACTIVE:
        return {"plan": None}
    latest = (
        plan.versions.select_related("acknowledgement")
        .defer("snapshot")
        .order_by("-number")
        .first()
    )
    acknowledgement = getattr(latest, "acknowledgement", None) if latest else None
    return {"plan": plan, "latest_version": latest, "acknowledgement": acknowledgement}


def my_step_of(client, pk) -> ActionStep:
    """One of the client's own steps (``owner`` client) in their shared plan, or 404."""
    try:
        return ActionStep.objects.select_related("goal__plan__client").get(
            pk=pk,
            owner=StepOwner.CLIENT,
            goal__plan__client=client,
            goal__plan__status=PlanStatus.ACTIVE,
        )
    except (ActionStep.DoesNotExist, ValueError, TypeError):
        raise Http404("No such step.")
