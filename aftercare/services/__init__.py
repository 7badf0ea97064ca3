"""Writes of the aftercare app, one module per part."""

from .checkin import (
    alert_handle,
    alert_recipient,
    checkin_prompts_schedule,
    checkin_record,
    help_now_request,
    help_request_handle,
    missed_checkins_scan,
    on_call_now,
    settings_update,
    worrying_reasons,
)
from .followup import (
    attempt_record,
    followup_close,
    followup_complete,
    followup_schedule_call,
    need_mark_acted_on,
    need_refer,
    unreachable_close_overdue,
)
from .milestone import count_restart, count_start, milestones_reached, milestones_record
from .plan import default_template, plan_close, plan_start, plan_update

__all__ = [
    "alert_handle",
    "alert_recipient",
    "attempt_record",
    "checkin_prompts_schedule",
    "checkin_record",
    "count_restart",
    "count_start",
    "default_template",
    "followup_close",
    "followup_complete",
    "followup_schedule_call",
    "help_now_request",
    "help_request_handle",
    "milestones_reached",
    "milestones_record",
    "missed_checkins_scan",
    "need_mark_acted_on",
    "need_refer",
    "on_call_now",
    "plan_close",
    "plan_start",
    "plan_update",
    "settings_update",
    "unreachable_close_overdue",
    "worrying_reasons",
]
