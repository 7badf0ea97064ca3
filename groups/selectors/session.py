"""The facilitator's roster of one session, and attendance history.

A roster shows names only: never clinical data, never a link to a record.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from clients.selectors.record import clients_for
from groups.models import (
    RSVP,
    Attendance,
    AttendanceStatus,
    Enrollment,
    EnrollmentStatus,
    Session,
    SessionStatus,
)
from groups.names import roster_name
from groups.selectors.group import groups_for, may_run, sees_every_member


@dataclass
class RosterLine:
    client_id: int
    name: str
    status: str | None  # attendance, or None when not marked yet
    rsvp: str | None
    walk_in: bool = False


def session_for(user, pk) -> Session:
    """A session of a group ``user`` may see (404 otherwise)."""
    try:
        return Session.objects.select_related("group__schedule").get(
            pk=pk, group__in=groups_for(user)
        )
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404("No such session.")


def session_to_run(user, pk) -> Session:
    """A session whose roster ``user`` may take: facilitators of its group, supervisors."""
    session = session_for(user, pk)
    if not may_run(user, session.group):
        raise Http404("No such session.")
    return session


def roster(session: Session) -> list[RosterLine]:
    """Everyone enrolled, plus anyone already marked (walk-ins, people who since left).
    Three queries however large the group."""
    marks = {
        a.client_id: a for a in Attendance.objects.filter(session=session).select_related("client")
    }
    rsvps = dict(RSVP.objects.filter(session=session).values_list("client_id", "answer"))
    lines: dict[int, RosterLine] = {}
    enrolled = Enrollment.objects.filter(
        group_id=session.group_id, status=EnrollmentStatus.ENROLLED
    ).select_related("client")
    for enrollment in enrolled:
        client = enrollment.client
        mark = marks.get(client.pk)
        lines[client.pk] = RosterLine(
            client.pk, roster_name(client), mark.status if mark else None, rsvps.get(client.pk)
        )
    for client_id, mark in marks.items():
        if client_id not in lines:
            lines[client_id] = RosterLine(
                client_id, roster_name(mark.client), mark.status, rsvps.get(client_id), True
            )
    return sorted(lines.values(), key=lambda line: line.name.lower())


def walk_in_candidates(session: Session, query: str, *, exclude: set[int]) -> list[dict]:
    """Members of the group (ever enrolled or waiting) matching ``query``, for a walk-in."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    found = (
        Enrollment.objects.filter(group_id=session.group_id)
        .filter(
            Q(client__preferred_name__icontains=query)
            | Q(client__legal_first_name__icontains=query)
            | Q(client__legal_last_name__icontains=query)
        )
        .exclude(client_id__in=exclude)
        .select_related("client")
        .order_by("client__legal_first_name")
    )
    seen: dict[int, dict] = {}
    for enrollment in found[:40]:
        seen.setdefault(
            enrollment.client_id,
            {"client_id": enrollment.client_id, "name": roster_name(enrollment.client)},
        )
    return list(seen.values())[:10]


def attendance_history(user, group, *, limit: int = 12) -> dict:
    """Past sessions with their counts, and per person (as ``user`` may see them) the marks."""
    sessions = list(
        Session.objects.filter(group=group, starts_at__lte=timezone.now())
        .annotate(
            came=Count(
                "attendance",
                filter=Q(attendance__status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE]),
            ),
            marked=Count("attendance"),
        )
        .order_by("-starts_at")[:limit]
    )
    marks = Attendance.objects.filter(session__in=[s.pk for s in sessions]).select_related("client")
    if not sees_every_member(user, group):
        marks = marks.filter(client__in=clients_for(user))
    people: dict[int, dict] = {}
    for mark in marks:
        row = people.setdefault(
            mark.client_id, {"name": roster_name(mark.client), "marks": {}, "came": 0}
        )
        row["marks"][mark.session_id] = mark.status
        row["came"] += mark.attended
    rows = sorted(people.values(), key=lambda r: r["name"].lower())
    for row in rows:
        row["cells"] = [row["marks"].get(s.pk) for s in sessions]
    return {"sessions": sessions, "people": rows}


def sessions_clashing(client, *, starts_at, ends_at) -> list[str]:
    """The sessions, not cancelled, of groups ``client`` is enrolled in that overlap the time
    from ``starts_at`` to ``ends_at`` (touching ends do not), one line each: the clash warning
    of an appointment (``client_busy`` in ``apps.py``)."""
    rows = (
        Session.objects.filter(
            group__enrollments__client=client,
            group__enrollments__status=EnrollmentStatus.ENROLLED,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("group")
        .distinct()
        .order_by("starts_at")
    )
    lines = []
    for session in rows:
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        lines.append(
            f"The client is enrolled in the group “{session.group.name}”, which meets "
            f"{start:%a %b} {start.day}, {start:%H:%M}–{end:%H:%M}."
        )
    return lines
