"""The groups' cards on shared pages (declared in ``apps.py``): the record's overview, the
client's 'My recovery' and the facilitator's 'Today'."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from clients.selectors.record import own_client_record
from groups.models import Attendance, Enrollment, OutsideMeeting, Session, SessionStatus
from groups.models.enrollment import ACTIVE_STATUSES
from groups.selectors.mine import next_sessions_of


def _count_of(queryset) -> Coalesce:
    """A scalar subquery counting ``queryset``'s rows for the outer client."""
    counted = (
        queryset.filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def meetings(user, client) -> dict:
    """The 'Meetings' card of the record's overview: two queries (the shared overview page
    counts every card's queries)."""
    now = timezone.now()
    month_ago = now - dt.timedelta(days=30)
    enrollments = list(
        Enrollment.objects.filter(client=client, status__in=ACTIVE_STATUSES)
        .select_related("group")
        .annotate(
            next_starts_at=Subquery(
                Session.objects.filter(
                    group=OuterRef("group"), ends_at__gt=now, status=SessionStatus.SCHEDULED
                )
                .order_by("starts_at")
                .values("starts_at")[:1]
            )
        )
        .order_by("group__name")
    )
    recent = Attendance.objects.filter(session__starts_at__gte=month_ago)
    counts = (
        type(client)
        .objects.filter(pk=client.pk)
        .values(
            came=_count_of(recent.filter(status__in=("present", "late"))),
            marked=_count_of(recent),
            outside=_count_of(OutsideMeeting.objects.filter(attended_on__gte=month_ago.date())),
        )
        .get()
    )
    return {
        "client": client,
        "enrollments": enrollments,
        "came_30d": counts["came"],
        "marked_30d": counts["marked"],
        "outside_30d": counts["outside"],
    }


def my_meetings(user) -> dict | None:
    try:
        client = own_client_record(user)
    except Http404:
        return None
    return {"next": next_sessions_of(client, limit=3)}


def today(user) -> dict | None:
    """Today's card for peer facilitators: their sessions today and next, with the roster a
    tap away. One query; no card for other staff (they reach groups from the menu)."""
    if not user.runs_groups:
        return None
    now = timezone.now()
    sessions = list(
        Session.objects.filter(
            group__facilitators=user,
            ends_at__gt=now - dt.timedelta(hours=12),
            starts_at__lt=now + dt.timedelta(days=7),
        )
        .select_related("group")
        .order_by("starts_at")[:8]
    )
    return {"sessions": sessions, "now": now}
