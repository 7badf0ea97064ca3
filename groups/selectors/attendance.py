"""Reads about attendance that other apps use."""

from __future__ import annotations

from django.db.models import QuerySet

from groups.models import Attendance, AttendanceStatus

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def attended_sessions(client_ref) -> QuerySet:
    """Contact source (plugins.contact_sources): the start of each session the client attended
    (present or late)."""
    return Attendance.objects.filter(client=client_ref, status__in=ATTENDED).values(
        "session__starts_at"
    )
