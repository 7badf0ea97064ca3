"""Casework appointments in a person's private calendar feed (the groups app serves the feed;
this app declares ``calendar_sources`` in ``apps.py``). Titles are discreet by default: the
feed's own setting picks ``title`` or ``discreet_title``; a staff member's feed shows ``title``
only where ``STAFF_CALENDAR_DETAILS_ALLOWED`` (a BAA / QSOA with the calendar provider), and
even then names the client by first name and last initial."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from casework.models import Appointment, AppointmentStatus
from clients.selectors.record import clients_for


def appointment_items(user, *, since: dt.datetime, until: dt.datetime) -> list[dict]:
    """``user``'s appointments (as the client or as the staff member) in the window, each as
    the fields of a calendar event. A cancelled or moved one shows as cancelled. Staff see
    only their clients in scope (``clients_for``), as on their pages: a client reassigned to
    someone else leaves the former case manager's feed."""
    mine = Q(staff=user, client__in=clients_for(user))
    if user.is_client:
        mine |= Q(client__user=user)
    appointments = Appointment.objects.filter(
        mine, starts_at__gte=since, starts_at__lt=until
    ).select_related("client", "staff")
    items = []
    for appointment in appointments:
        with_whom = (
            appointment.staff.get_full_name()
            if appointment.client.user_id == user.pk
            else appointment.client.short_name
        )
        items.append(
            {
                "uid": f"appointment-{appointment.pk}",
                "title": f"{appointment.get_kind_display()} with {with_whom}",
                "discreet_title": "Appointment",
                "starts_at": appointment.starts_at,
                "ends_at": appointment.starts_at
                + dt.timedelta(minutes=appointment.duration_minutes),
                "location": appointment.place or appointment.video_url,
                "cancelled": appointment.status
                in (AppointmentStatus.CANCELLED, AppointmentStatus.RESCHEDULED),
                "updated_at": appointment.status_changed_at or appointment.created_at,
            }
        )
    return items
