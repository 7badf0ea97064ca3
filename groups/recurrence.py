"""Dates of a schedule, with python-dateutil's rrule (no hand-made date arithmetic).

Occurrences are computed as wall-clock times in the schedule's own time zone and only then made
aware, so a 7 pm meeting is at 7 pm on both sides of a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

from groups.models import Frequency, Schedule


def _rule(schedule: Schedule, until: dt.datetime) -> rrule:
    dtstart = dt.datetime.combine(schedule.starts_on, schedule.start_time)
    if schedule.frequency == Frequency.MONTHLY:
        # weekday(n)(nth): "the 5th Tuesday" simply has no date in a month without one.
        days = [weekday(schedule.weekdays[0])(schedule.nth)]
        return rrule(MONTHLY, byweekday=days, dtstart=dtstart, until=until)
    interval = 2 if schedule.frequency == Frequency.BIWEEKLY else 1
    days = [weekday(d) for d in sorted(schedule.weekdays)]
    return rrule(WEEKLY, interval=interval, byweekday=days, dtstart=dtstart, until=until)


def occurrences(
    schedule: Schedule, since: dt.date, until: dt.date
) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    """``(occurs_on, starts_at, ends_at)`` of every occurrence from ``since`` to ``until``
    (inclusive), start and end aware and in UTC."""
    last = min(until, schedule.ends_on) if schedule.ends_on else until
    if last < since or last < schedule.starts_on:
        return []
    zone = schedule.zone
    window_end = dt.datetime.combine(last, dt.time.max)
    found = []
    for naive in _rule(schedule, window_end).between(
        dt.datetime.combine(since, dt.time.min), window_end, inc=True
    ):
        # A wall-clock time skipped by the spring change (2:30 am) resolves to the hour after.
        starts = naive.replace(tzinfo=zone).astimezone(dt.UTC)
        ends_local = naive + dt.timedelta(minutes=schedule.duration_minutes)
        ends = ends_local.replace(tzinfo=zone).astimezone(dt.UTC)
        if ends <= starts:  # a meeting across the autumn change: keep its length
            ends = starts + dt.timedelta(minutes=schedule.duration_minutes)
        found.append((naive.date(), starts, ends))
    return found
