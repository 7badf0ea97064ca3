"""The groups' parts of a client's records-request export (declared in ``apps.py``)."""

from __future__ import annotations

from groups.models import RSVP, Attendance, Enrollment, OutsideMeeting
from recovery_portal.record_export import rows_of


def enrollments(client) -> list[dict]:
    return rows_of(Enrollment.objects.filter(client=client).order_by("pk"))


def rsvps(client) -> list[dict]:
    return rows_of(RSVP.objects.filter(client=client).order_by("pk"))


def attendance(client) -> list[dict]:
    return rows_of(Attendance.objects.filter(client=client).order_by("pk"))


def outside_meetings(client) -> list[dict]:
    return rows_of(OutsideMeeting.objects.filter(client=client).order_by("pk"))
