"""What follow-up reminders say and when they go (the outbox renders them at send time).

Staff (the plan's coach or case manager) hear when a window opens and three days before it
closes; the client hears before a call agreed with them, through their own channels and, by
default, in discreet words ("Reminder: your 3:00 pm call tomorrow").
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from clients.selectors.record import in_scope
from recovery_portal.notifications.models import ReminderKind
from recovery_portal.notifications.services import reminders_cancel, reminders_schedule

STAFF_HOUR = 9  # staff reminders arrive at the start of the working day
CLOSING_NOTICE_DAYS = 3
KEY_OPENS, KEY_CLOSING, KEY_CALL = "window-opens", "window-closing", "call"


def at_start_of_day(day: dt.date) -> dt.datetime:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day, dt.time(STAFF_HOUR), tzinfo=zone)


def followup_message(followup, reminder, content_class, path_of):
    if followup.client.services_ended:
        return None  # the record is closed: nothing more about it goes to anyone
    if _is_client(followup, reminder):
        if followup.scheduled_call_at is None:
            return None
        return content_class(
            when=followup.scheduled_call_at,
            details="A short call to see how things are going.",
            path=path_of("aftercare:my_followups"),
        )
    if not in_scope(reminder.recipient, followup.client_id):
        return None  # reassigned: the follow-up's page is no longer theirs
    closing_from = followup.window_closes - dt.timedelta(days=CLOSING_NOTICE_DAYS)
    what = "closes in three days" if reminder.send_at.date() >= closing_from else "is open"
    due = followup.due_date
    return content_class(
        when=None,
        details=f"A follow-up window {what} (due {due:%b} {due.day}).",
        path=reverse("aftercare:followup", args=[followup.client_id, followup.pk]),
        why="You get this because you make this follow-up contact.",
    )


def _is_client(followup, reminder) -> bool:
    return followup.client.user_id is not None and reminder.recipient_id == followup.client.user_id


def responsible_of(followup):
    """Who makes the contact: the plan's responsible person, or (a follow-up counted from the
    intake, outside any plan) the client's primary case manager; ``None`` when there is none."""
    from clients.selectors.record import primary_case_manager

    if followup.plan_id is not None:
        return followup.plan.responsible
    return primary_case_manager(followup.client)


def schedule_staff(followup, *, now: dt.datetime | None = None) -> None:
    """Window-open and window-closing reminders to the plan's responsible person; moments
    already past are not scheduled (and a moved one that is now past is cancelled)."""
    now = now or timezone.now()
    recipient = responsible_of(followup)
    if recipient is None:
        return
    moments = {
        KEY_OPENS: at_start_of_day(followup.window_opens),
        KEY_CLOSING: at_start_of_day(
            followup.window_closes - dt.timedelta(days=CLOSING_NOTICE_DAYS)
        ),
    }
    # Cancel, then schedule again the moments still ahead: a moved window revives its rows
    # (same key), and a moment now past (the discharge date moved back) stays cancelled
    # instead of going out at once with stale words.
    reminders_cancel(source=followup, recipient=recipient, kind=ReminderKind.FOLLOW_UP)
    for key, moment in moments.items():
        if moment > now:
            reminders_schedule(
                recipient=recipient,
                kind=ReminderKind.FOLLOW_UP,
                source=followup,
                send_at=moment,
                key=key,
            )


def schedule_client_call(followup, *, now: dt.datetime | None = None) -> None:
    """The client hears the day before an agreed call (or an hour before when it is sooner)."""
    now = now or timezone.now()
    user = followup.client.user
    if user is None or followup.scheduled_call_at is None:
        return
    reminders_cancel(source=followup, recipient=user)
    for before in (dt.timedelta(hours=24), dt.timedelta(hours=1)):
        moment = followup.scheduled_call_at - before
        if moment > now:
            reminders_schedule(
                recipient=user,
                kind=ReminderKind.FOLLOW_UP,
                source=followup,
                send_at=moment,
                key=KEY_CALL,
            )
            return


def cancel_all(followup) -> int:
    return reminders_cancel(source=followup)
