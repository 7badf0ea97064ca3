"""Reads of the aftercare app, each taking the acting user or a client already scoped."""

from .checkin import (
    alert_for,
    alerts_of,
    checkins_of,
    help_request_for,
    help_requests_for,
    milestones_of,
    open_alerts_for,
    own_help_requests,
    recovery_count,
    settings_of,
)
from .followup import (
    active_plan,
    followup_for,
    followups_due_soon,
    followups_of,
    latest_plan,
    need_for,
    needs_to_act_on,
    outcome_of,
    own_followups,
    plan_for,
)
from .reports import TARGET, compliance, outcomes, step_labels

__all__ = [
    "TARGET",
    "active_plan",
    "alert_for",
    "alerts_of",
    "checkins_of",
    "compliance",
    "followup_for",
    "followups_due_soon",
    "followups_of",
    "help_request_for",
    "help_requests_for",
    "latest_plan",
    "milestones_of",
    "need_for",
    "needs_to_act_on",
    "open_alerts_for",
    "outcome_of",
    "outcomes",
    "own_followups",
    "own_help_requests",
    "plan_for",
    "recovery_count",
    "settings_of",
    "step_labels",
]
