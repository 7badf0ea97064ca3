"""What an appointment being booked or moved would overlap: another appointment of the same
staff member or of the same client, or a session of a group the client is enrolled in (that
comes from the groups app through the ``client_busy`` plug-in). Touching ends do not clash."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from casework.models import Appointment, AppointmentStatus
from recovery_portal.plugins import client_busy_sources

LONGEST = timedelta(minutes=480)  # appointment_duration_sensible


def _when(appointment: Appointment) -> str:
    start, end = timezone.localtime(appointment.starts_at), timezone.localtime(appointment.ends_at)
    return f"{start:%a %b} {start.day}, {start:%H:%M}–{end:%H:%M}"


def appointment_clashes(
    *, client, staff, starts_at: datetime, duration_minutes: int, ignore: int | None = None
) -> list[str]:
    """One plain line per clash; empty when the time is free. ``ignore``: the appointment
    being moved. Names another client only as "another client" (the booker may not see
    them)."""
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    rows = (
        Appointment.objects.filter(Q(staff=staff) | Q(client=client))
        .filter(
            status=AppointmentStatus.SCHEDULED,
            starts_at__lt=ends_at,
            starts_at__gt=starts_at - LONGEST,
        )
        .exclude(pk=ignore)
        .select_related("staff", "client")
        .order_by("starts_at", "id")
    )
    lines = []
    for other in rows:
        if other.ends_at <= starts_at:
            continue
        if other.client_id == client.pk:
            lines.append(
                f"{client.display_name} already has an appointment with "
                f"{other.staff.get_full_name()}, {_when(other)}."
            )
        else:
            lines.append(
                f"{staff.get_full_name()} has an appointment with another client, {_when(other)}."
            )
    for source in client_busy_sources():
        lines.extend(source(client, starts_at=starts_at, ends_at=ends_at))
    return lines
