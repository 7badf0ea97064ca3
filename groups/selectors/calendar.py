"""The staff calendar: sessions of the groups a person may see, by week or month."""

from __future__ import annotations

import datetime as dt
from calendar import Calendar

from groups.models import Session
from groups.selectors.group import groups_for


def staff_calendar(user, *, anchor: dt.date, view: str, zone) -> dict:
    if view == "month":
        first = anchor.replace(day=1)
        weeks = Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        start, end = weeks[0][0], weeks[-1][-1] + dt.timedelta(days=1)
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
    else:
        start = anchor - dt.timedelta(days=anchor.weekday())
        end = start + dt.timedelta(days=7)
        weeks = [[start + dt.timedelta(days=i) for i in range(7)]]
        previous, following = start - dt.timedelta(days=7), end
    sessions = (
        Session.objects.filter(
            group__in=groups_for(user),
            starts_at__gte=dt.datetime.combine(start, dt.time.min, zone),
            starts_at__lt=dt.datetime.combine(end, dt.time.min, zone),
        )
        .select_related("group")
        .order_by("starts_at")
    )
    by_day: dict[dt.date, list] = {}
    for session in sessions:
        session.local_starts_at = session.starts_at.astimezone(zone)
        by_day.setdefault(session.local_starts_at.date(), []).append(session)
    return {
        "view": view,
        "anchor": anchor,
        "weeks": [[{"date": d, "sessions": by_day.get(d, [])} for d in week] for week in weeks],
        "previous": previous,
        "following": following,
        "month": anchor.month,
    }
