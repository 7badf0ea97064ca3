"""What anyone may see without signing in: public groups and their sessions. Nothing here
touches a client, an enrollment or a facilitator."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone

from groups.meeting_guide.spec import meeting_types
from groups.models import PeerGroup, Session

FINDER_DAYS = 7
MODES = {"in_person": "In person", "online": "Online"}
# "Today" and "Now or starting soon" (in progress, or starting within the hour), as in the
# Meeting Guide app.
WHEN = {"today": "Today", "soon": "Now or starting soon"}
SOON = dt.timedelta(hours=1)
# Times of day as the Meeting Guide app has them: the hours (local, 24-hour) a start may fall
# in; night runs past midnight.
TIMES_OF_DAY = {
    "morning": ("Morning (4 am to noon)", (4, 12)),
    "midday": ("Midday (11 am to 1 pm)", (11, 13)),
    "afternoon": ("Afternoon (noon to 5 pm)", (12, 17)),
    "evening": ("Evening (5 pm to 9 pm)", (17, 21)),
    "night": ("Night (9 pm to 4 am)", (21, 28)),
}


def public_groups():
    return PeerGroup.objects.filter(is_public=True, is_active=True)


def public_group(slug: str) -> PeerGroup:
    try:
        return public_groups().select_related("schedule").get(slug=slug)
    except PeerGroup.DoesNotExist:
        raise Http404("No such meeting.")


def _starts_in(local: dt.datetime, time_of_day: str) -> bool:
    first, last = TIMES_OF_DAY[time_of_day][1]
    hour = local.hour if local.hour >= 4 else local.hour + 24
    return first <= hour < last


def _wanted(session, local, *, day, type_code, fellowship, when, time_of_day, now) -> bool:
    """Whether a session passes the finder's filters (the weekday, "today", the time of day
    in the meeting's own time zone)."""
    if day is not None and local.weekday() != day:
        return False
    # Filtered here, not with a JSON lookup: SQLite (the demo's database) has no "contains".
    if type_code in meeting_types() and type_code not in session.group.types:
        return False
    if fellowship and session.group.kind != fellowship:
        return False
    if when == "today" and local.date() != now.astimezone(local.tzinfo).date():
        return False
    if when == "soon" and not session.starts_at <= now + SOON:
        return False
    return not time_of_day or _starts_in(local, time_of_day)


def finder_sessions(
    *,
    day: int | None = None,
    type_code: str = "",
    mode: str = "",
    fellowship: str = "",
    when: str = "",
    time_of_day: str = "",
    now=None,
):
    """Public sessions of the next week (those still running included), filtered by weekday
    (0 = Monday), Meeting Guide type, mode, fellowship, "today" or "now or starting soon",
    and time of day. One query however many meetings."""
    now = now or timezone.now()
    sessions = Session.objects.filter(
        group__in=public_groups(),
        ends_at__gt=now,
        starts_at__lt=now + dt.timedelta(days=FINDER_DAYS),
    ).select_related("group__schedule")
    if mode == "online":
        sessions = sessions.exclude(group__online_url="", group__dial_in="")
    elif mode == "in_person":
        sessions = sessions.exclude(group__address="")
    found = []
    filters = {
        "day": day,
        "type_code": type_code,
        "fellowship": fellowship,
        "when": when,
        "time_of_day": time_of_day,
        "now": now,
    }
    for session in sessions.order_by("starts_at"):
        local = session.starts_at.astimezone(session.group.schedule.zone)
        if _wanted(session, local, **filters):
            session.local_starts_at = local
            session.in_progress = session.starts_at <= now and not session.is_cancelled
            found.append(session)
    return found


def upcoming_public_sessions(group: PeerGroup, *, now=None, limit: int = 8) -> list[Session]:
    now = now or timezone.now()
    return list(Session.objects.filter(group=group, ends_at__gt=now).order_by("starts_at")[:limit])
