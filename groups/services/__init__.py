from .attendance import attendance_mark, attendance_mark_all_present, outside_meeting_log
from .enrollment import (
    enrollment_add,
    enrollment_end,
    group_capacity_set,
    group_join,
    may_join,
    rsvp_set,
)
from .feed import (
    calendar_feed_issue,
    calendar_feed_opened,
    calendar_feed_revoke,
    calendar_feed_set_discreet,
)
from .group import group_create, group_update, sessions_generate, sessions_generate_all
from .session import session_cancel, session_move

__all__ = [
    "attendance_mark",
    "attendance_mark_all_present",
    "calendar_feed_issue",
    "calendar_feed_opened",
    "calendar_feed_revoke",
    "calendar_feed_set_discreet",
    "enrollment_add",
    "enrollment_end",
    "group_capacity_set",
    "group_create",
    "group_join",
    "group_update",
    "may_join",
    "outside_meeting_log",
    "rsvp_set",
    "session_cancel",
    "session_move",
    "sessions_generate",
    "sessions_generate_all",
]
