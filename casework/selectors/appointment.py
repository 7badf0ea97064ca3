"""Reads about appointments, scoped through ``clients.selectors.clients_for`` (404 outside)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from casework.models import (
    Appointment,
    AppointmentStatus,
    RescheduleRequest,
)
from clients.models import Client
from clients.selectors.record import clients_for, own_client_record

# Appointments that still stand on someone's calendar.
LIVE = (AppointmentStatus.SCHEDULED, AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW)


def appointments_of(client: Client) -> QuerySet[Appointment]:
    """Every appointment of a client already scoped by the caller (newest first)."""
    return (
        client.appointments.select_related("staff", "rescheduled_to")
        .annotate(open_requests=Count("reschedule_requests__id"))
        .order_by("-starts_at", "-id")
    )


def appointment_of(client: Client, pk) -> Appointment:
    try:
        return client.appointments.select_related("staff", "client__user").get(pk=pk)
    except (Appointment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such appointment.")


def open_requests_of(client: Client) -> list[RescheduleRequest]:
    return list(
        client.reschedule_requests.filter(resolved_at__isnull=True)
        .select_related("appointment")
        .order_by("created_at")
    )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def week_for(user, monday: date) -> list[dict]:
    """``user``'s own appointments in the week from ``monday``, day by day (one query)."""
    start, _ = day_bounds(monday)
    _, end = day_bounds(monday + timedelta(days=6))
    rows = list(
        Appointment.objects.filter(
            staff=user, starts_at__gte=start, starts_at__lt=end, status__in=LIVE
        )
        .filter(client__in=clients_for(user))
        .select_related("client")
        .order_by("starts_at", "id")
    )
    _mark_overlaps(rows)
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        days.append(
            {
                "day": day,
                "is_today": day == timezone.localdate(),
                "appointments": [a for a in rows if timezone.localdate(a.starts_at) == day],
            }
        )
    return days


def _mark_overlaps(rows: list[Appointment]) -> None:
    """Set ``overlaps`` on each appointment whose time overlaps another one of the list (rows
    sorted by start; touching ends do not overlap). No query."""
    for a in rows:
        a.overlaps = False
    latest_end, latest = None, None
    for a in rows:
        if latest_end is not None and a.starts_at < latest_end:
            a.overlaps = latest.overlaps = True
        if latest_end is None or a.ends_at > latest_end:
            latest_end, latest = a.ends_at, a


def my_appointments(user) -> dict:
    """The signed-in client's appointments: what is coming, and the last few past ones."""
    client = own_client_record(user)
    now = timezone.now()
    mine = client.appointments.select_related("staff").annotate(
        open_requests=Count("reschedule_requests__id")
    )
    upcoming = list(
        mine.filter(status=AppointmentStatus.SCHEDULED, starts_at__gte=now).order_by("starts_at")[
            :20
        ]
    )
    past = list(
        mine.filter(starts_at__lt=now)
        .exclude(status=AppointmentStatus.RESCHEDULED)
        .order_by("-starts_at")[:10]
    )
    return {"client": client, "upcoming": upcoming, "past": past}


def my_appointment(user, pk) -> Appointment:
    client = own_client_record(user)
    try:
        return client.appointments.select_related("staff", "client").get(pk=pk)
    except (Appointment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such appointment.")


def next_appointment_subquery():
    """The start of a client's next scheduled appointment (``OuterRef("pk")`` is the client)."""
    return Subquery(
        Appointment.objects.filter(
            client=OuterRef("pk"),
            status=AppointmentStatus.SCHEDULED,
            starts_at__gte=timezone.now(),
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
