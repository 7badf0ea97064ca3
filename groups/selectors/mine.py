"""A client's meetings: theirs (``own_client_record``) or, for staff, a client obtained through
``clients_for``/``client_for`` (the record's Meetings tab)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncWeek
from django.http import Http404
from django.utils import timezone

from groups.models import (
    RSVP,
    Attendance,
    Enrollment,
    EnrollmentStatus,
    OutsideMeeting,
    PeerGroup,
    Session,
    SessionStatus,
)
from groups.models.enrollment import ACTIVE_STATUSES
from groups.services.enrollment import may_join


def enrollments_of(client) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(client=client, status__in=ACTIVE_STATUSES)
        .select_related("group__schedule")
        .order_by("group__name")
    )


def next_sessions_of(client, *, now=None, limit: int = 10) -> list[Session]:
    """The next sessions of the groups the client is enrolled in, each with ``my_rsvp``."""
    now = now or timezone.now()
    sessions = list(
        Session.objects.filter(
            group__enrollments__client=client,
            group__enrollments__status=EnrollmentStatus.ENROLLED,
            ends_at__gt=now,
        )
        .select_related("group__schedule")
        .prefetch_related(
            Prefetch("rsvps", queryset=RSVP.objects.filter(client=client), to_attr="mine")
        )
        .order_by("starts_at")[:limit]
    )
    for session in sessions:
        session.my_rsvp = session.mine[0].answer if session.mine else None
    return sessions


def attendance_of(client, *, limit: int = 30) -> list[Attendance]:
    return list(
        Attendance.objects.filter(client=client)
        .select_related("session__group")
        .order_by("-session__starts_at")[:limit]
    )


def joinable_groups(client) -> list[PeerGroup]:
    """Open groups the client could join from the portal (not already in)."""
    mine = Enrollment.objects.filter(client=client, status__in=ACTIVE_STATUSES).values("group")
    groups = (
        PeerGroup.objects.filter(is_active=True, self_enroll=True)
        .exclude(pk__in=mine)
        .select_related("schedule")
        .annotate(
            enrolled=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.ENROLLED)),
        )
        .order_by("name")
    )
    return [g for g in groups if may_join(g)]


def outside_meetings_of(client, *, limit: int = 20) -> list[OutsideMeeting]:
    return list(OutsideMeeting.objects.filter(client=client)[:limit])


def outside_meetings_per_week(client, *, weeks: int = 8) -> list[dict]:
    """How many outside meetings the client logged in each of the last ``weeks`` weeks
    (weeks start on Monday), oldest first, zeros included."""
    today = timezone.localdate()
    first = today - dt.timedelta(days=today.weekday(), weeks=weeks - 1)
    counts = dict(
        OutsideMeeting.objects.filter(client=client, attended_on__gte=first)
        .annotate(week=TruncWeek("attended_on"))
        .values("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
    )
    counts = {(k.date() if isinstance(k, dt.datetime) else k): v for k, v in counts.items()}
    return [
        {
            "week": first + dt.timedelta(weeks=i),
            "count": counts.get(first + dt.timedelta(weeks=i), 0),
        }
        for i in range(weeks)
    ]


def session_of_client(client, pk) -> Session:
    """A session of a group the client is enrolled in (for RSVP), or 404."""
    try:
        return Session.objects.select_related("group").get(
            pk=pk,
            status=SessionStatus.SCHEDULED,
            group__enrollments__client=client,
            group__enrollments__status=EnrollmentStatus.ENROLLED,
        )
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404("No such meeting.")


def joinable_group(client, pk) -> PeerGroup:
    """An open group the client may join from the portal, or 404."""
    try:
        group = PeerGroup.objects.get(pk=pk, is_active=True, self_enroll=True)
    except (PeerGroup.DoesNotExist, ValueError, TypeError):
        raise Http404("No such group.")
    if not may_join(group):
        raise Http404("No such group.")
    return group


def own_enrollment(client, pk) -> Enrollment:
    """One of the client's own current enrollments (or waiting-list places), or 404."""
    try:
        return Enrollment.objects.select_related("group", "client").get(
            pk=pk, client=client, status__in=ACTIVE_STATUSES
        )
    except (Enrollment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such group.")
