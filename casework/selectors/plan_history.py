"""The row-level change log of a plan, read from django-simple-history's tables: who changed
which field of which goal, step, barrier or strategy, and when — between and within versions.

Versions (``PlanVersion``) say what the whole plan was at a moment; this log says how it got
there. A fixed number of queries: one per kind of row, diffs computed in memory.
"""

from __future__ import annotations

from casework.models import ActionStep, Barrier, Goal, RecoveryPlan, Strategy
from casework.models.plan import GOAL_FIELDS, STEP_FIELDS
from casework.selectors.plan import shown

# kind, its history manager, the fields worth showing, the field that names the row
_TRACKED = (
    ("Plan", RecoveryPlan, ("status", "review_due"), None),
    (
        "Goal",
        Goal,
        GOAL_FIELDS,
        "statement",
    ),
    (
        "Step",
        ActionStep,
        (*STEP_FIELDS, "done_at", "client_comment"),
        "what",
    ),
    ("Barrier", Barrier, ("description",), "description"),
    ("Strategy", Strategy, ("description",), "description"),
)
_FIELD_LABELS = {
    "review_due": "review date",
    "statement": "goal",
    "target": "measurable target",
    "target_date": "target date",
    "services_note": "other services",
    "owner": "who",
    "owner_other": "who else",
    "done_at": "done",
    "client_comment": "client's comment",
}


def _records(plan: RecoveryPlan):
    goal_ids = list(Goal.objects.filter(plan=plan).values_list("pk", flat=True))
    barrier_ids = list(Barrier.objects.filter(goal_id__in=goal_ids).values_list("pk", flat=True))
    scopes = {
        "Plan": {"id": plan.pk},
        "Goal": {"plan_id": plan.pk},
        "Step": {"goal_id__in": goal_ids},
        "Barrier": {"goal_id__in": goal_ids},
        "Strategy": {"barrier_id__in": barrier_ids},
    }
    for kind, model, fields, title in _TRACKED:
        rows = model.history.filter(**scopes[kind]).select_related("history_user")
        yield kind, fields, title, list(rows.order_by("id", "history_date", "history_id"))


def _value(field: str, record) -> str:
    value = getattr(record, field)
    if field == "done_at":
        return "yes" if value else "no"
    return shown(field if field != "services_note" else "", value)


def plan_change_log(plan: RecoveryPlan, *, limit: int = 200) -> list[dict]:
    """The newest ``limit`` changes to ``plan`` and its rows, newest first."""
    entries = []
    for kind, fields, title_field, records in _records(plan):
        previous = {}
        for record in records:
            before = previous.get(record.id)
            title = getattr(record, title_field) if title_field else "Recovery plan"
            if record.history_type == "+" or before is None:
                changes = []
                what = "added" if record.history_type == "+" else "changed"
            else:
                changes = [
                    {
                        "field": _FIELD_LABELS.get(f, f.replace("_", " ")),
                        "before": _value(f, before),
                        "after": _value(f, record),
                    }
                    for f in fields
                    if getattr(before, f) != getattr(record, f)
                ]
                what = "removed" if record.history_type == "-" else "changed"
            previous[record.id] = record
            if what == "changed" and not changes:
                continue  # saved without a visible change
            entries.append(
                {
                    "at": record.history_date,
                    "by": record.history_user,
                    "kind": kind,
                    "change": what,
                    "title": str(title)[:120],
                    "fields": changes,
                }
            )
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:limit]
