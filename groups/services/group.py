"""Writes of groups and their schedules, and the making of sessions from a schedule."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from groups.models import PeerGroup, Schedule, Session, SessionStatus
from groups.recurrence import occurrences
from groups.services.reminders import session_reminders_schedule
from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.services import reminders_cancel

logger = logging.getLogger(__name__)
SESSIONS_AHEAD_WEEKS = 8
SCHEDULE_FIELDS = (
    "frequency",
    "weekdays",
    "nth",
    "start_time",
    "duration_minutes",
    "time_zone",
    "starts_on",
    "ends_on",
)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:56] or "meeting"
    slug, n = base, 2
    while PeerGroup.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _listing_by_rule(group: PeerGroup) -> None:
    # in_meeting_apps left out (or None: the form's "as usual") follows the usual rule.
    if group.in_meeting_apps is None:
        group.in_meeting_apps = group.listed_in_meeting_apps_by_rule()


@transaction.atomic
def group_create(*, actor, facilitators=(), schedule: dict, request=None, **fields) -> PeerGroup:
    """A new group with its schedule; its first sessions are made at once. Unless
    ``in_meeting_apps`` is given, meeting apps list it by the usual rule."""
    group = PeerGroup(**{"in_meeting_apps": None, **fields})
    group.slug = fields.get("slug") or _unique_slug(group.name)
    _listing_by_rule(group)
    group.full_clean()
    group.save()
    group.facilitators.set(facilitators)
    sched = Schedule(group=group, **schedule)
    sched.full_clean()
    sched.save()
    audit_record(actor=actor, action="groups.group.create", target=group, request=request)
    sessions_generate(group=group)
    return group


@transaction.atomic
def group_update(
    *,
    group: PeerGroup,
    actor,
    facilitators=None,
    schedule: dict | None = None,
    request=None,
    **fields,
) -> PeerGroup:
    """Change a group; a schedule change reaches future sessions only (past ones, and sessions
    moved or cancelled by hand, stay as they are). ``in_meeting_apps=None`` applies the usual
    rule again."""
    group = PeerGroup.objects.select_for_update().get(pk=group.pk)
    for name, value in fields.items():
        setattr(group, name, value)
    _listing_by_rule(group)
    group.full_clean()
    group.save()
    if facilitators is not None:
        before = set(group.facilitators.all())
        group.facilitators.set(facilitators)
        for person in before - set(facilitators):
            for session in Session.objects.filter(group=group, starts_at__gt=timezone.now()):
                reminders_cancel(source=session, recipient=person)
    changed = []
    if schedule is not None:
        sched = group.schedule
        changed = [k for k in SCHEDULE_FIELDS if k in schedule and getattr(sched, k) != schedule[k]]
        for name in changed:
            setattr(sched, name, schedule[name])
        sched.full_clean()
        sched.save()
    audit_record(
        actor=actor,
        action="groups.group.update",
        target=group,
        request=request,
        details={"fields": sorted(fields), "schedule": changed},
    )
    # Facilitators (or the wording of a reminder) may have changed: refresh every reminder.
    sessions_generate(group=group, refresh_reminders=True)
    return group


@transaction.atomic
def sessions_generate(
    *,
    group: PeerGroup,
    weeks: int = SESSIONS_AHEAD_WEEKS,
    now=None,
    refresh_reminders: bool = False,
) -> int:
    """Make sure the next ``weeks`` of sessions exist and follow the schedule. Idempotent.

    1. Lock the group, so two runs (beat twice, an edit during a run) take turns.
    2. Compute the schedule's occurrences from today to ``weeks`` ahead.
    3. Create the missing ones; move future sessions that follow the schedule to its current
       time; cancel future ones the schedule no longer has. Sessions changed by hand
       (``detached``) and past ones are left alone.
    4. (Re)schedule the reminders of the sessions made or moved (of every future session with
       ``refresh_reminders``); members who join later get theirs when they enroll.
    Returns the number of sessions created.
    """
    now = now or timezone.now()
    group = (
        PeerGroup.objects.select_for_update(of=("self",))
        .select_related("schedule")
        .get(pk=group.pk)
    )
    if not hasattr(group, "schedule"):
        return 0
    today = now.astimezone(group.schedule.zone).date()
    wanted = _wanted_occurrences(group, today, weeks) if group.is_active else {}
    existing = {s.occurs_on: s for s in Session.objects.filter(group=group, occurs_on__gte=today)}
    created = 0
    for day, (starts, ends) in wanted.items():
        session = existing.get(day)
        if session is None:
            session = Session.objects.create(
                group=group, occurs_on=day, starts_at=starts, ends_at=ends
            )
            created += 1
        elif session.detached or session.starts_at <= now:
            continue
        else:
            moved = _follow_schedule(session, starts, ends)
            if not (moved or refresh_reminders):
                continue
        session_reminders_schedule(session)
    _cancel_dropped(existing, wanted, now)
    return created


def _wanted_occurrences(group: PeerGroup, today: dt.date, weeks: int) -> dict:
    """The schedule's occurrences from ``today`` to ``weeks`` ahead: day -> (starts, ends)."""
    return {
        day: (starts, ends)
        for day, starts, ends in occurrences(
            group.schedule, today, today + dt.timedelta(weeks=weeks)
        )
    }


def _follow_schedule(session: Session, starts, ends) -> bool:
    """Move a future session to the schedule's time (scheduled again); True if it changed."""
    if (
        session.starts_at == starts
        and session.ends_at == ends
        and session.status == SessionStatus.SCHEDULED
    ):
        return False
    session.starts_at, session.ends_at = starts, ends
    session.status = SessionStatus.SCHEDULED
    session.save(update_fields=["starts_at", "ends_at", "status", "updated_at"])
    return True


def _cancel_dropped(existing: dict, wanted: dict, now) -> None:
    """Cancel the future sessions the schedule no longer has (not those changed by hand)."""
    for day, session in existing.items():
        if day in wanted or session.detached or session.starts_at <= now:
            continue
        if session.status != SessionStatus.CANCELLED:
            session.status = SessionStatus.CANCELLED
            session.change_reason = "The group's schedule changed."
            session.save(update_fields=["status", "change_reason", "updated_at"])
            reminders_cancel(source=session)


def sessions_generate_all(*, weeks: int = SESSIONS_AHEAD_WEEKS) -> int:
    """Every active group, each in its own transaction (one bad group stops no other)."""
    total = 0
    for pk in PeerGroup.objects.filter(is_active=True, schedule__isnull=False).values_list(
        "pk", flat=True
    ):
        try:
            total += sessions_generate(group=PeerGroup(pk=pk), weeks=weeks)
        except Exception:
            logger.exception("Could not make the sessions of group %s", pk)
    return total
