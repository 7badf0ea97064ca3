"""Casework reads, one module per part, each scoped through ``clients.selectors``."""

from .note import note_of, notes_of, shared_notes_of
from .plan import (
    barrier_of,
    goal_of,
    my_plan,
    my_plan_card,
    my_step_of,
    open_plan_of,
    plan_changes,
    plan_for,
    plan_page,
    plan_panel,
    plan_snapshot,
    plans_to_review,
    review_date_default,
    snapshot_for_display,
    step_of,
    version_diff,
    version_of,
    versions_of,
)
from .plan_history import plan_change_log

__all__ = [
    "barrier_of",
    "goal_of",
    "my_plan",
    "my_plan_card",
    "my_step_of",
    "note_of",
    "notes_of",
    "open_plan_of",
    "plan_change_log",
    "plan_changes",
    "plan_for",
    "plan_page",
    "plan_panel",
    "plan_snapshot",
    "plans_to_review",
    "review_date_default",
    "shared_notes_of",
    "snapshot_for_display",
    "step_of",
    "version_diff",
    "version_of",
    "versions_of",
]
