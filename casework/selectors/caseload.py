"""The caseload page (and, from it, the Today card in ``casework/panels.py``): every client in
the viewer's scope with their next appointment and last contact, in a fixed number of queries
however large the caseload.

"Contact" is the client's stored ``last_contact_at``, the latest moment from every app's
``contact_sources`` (plugins.py): casework's are below (completed appointments, and progress
notes: a call, a visit, a text written up); groups add sessions attended, aftercare follow-up
tries that reached the client. Every reader here (last contact, "no contact for 30 days")
reads the stored date.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import (
    DateTimeField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast
from django.utils import timezone

from casework.models import (
    Appointment,
    AppointmentStatus,
    PlanStatus,
    ProgressNote,
    RecoveryPlan,
)
from casework.selectors.appointment import next_appointment_subquery
from clients.models import CaseAssignment, Client
from clients.models.client import OPEN_STATUSES
from clients.selectors.record import clients_for


def completed_appointments(client_ref) -> QuerySet:
    return Appointment.objects.filter(
        client=client_ref, status=AppointmentStatus.COMPLETED, starts_at__lte=timezone.now()
    ).values("starts_at")


def progress_notes(client_ref) -> QuerySet:
    """A note records a contact on its contact date (the start of that day counts)."""
    return (
        ProgressNote.objects.filter(client=client_ref)
        .annotate(contact_at=Cast("contact_date", DateTimeField()))
        .values("contact_at")
    )


def no_recent_contact(days: int | None = None) -> Q:
    """Clients with no contact from any source in ``days`` (NO_CONTACT_DAYS), who have been
    with us at least that long (a new client is not yet "out of touch"). Reads the stored
    ``Client.last_contact_at`` (an index range), kept from every app's ``contact_sources``."""
    since = timezone.now() - timedelta(days=days or settings.NO_CONTACT_DAYS)
    stale = Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=since)
    return stale & Q(created_at__lt=since)


def primary_manager_id():
    return Subquery(
        CaseAssignment.objects.filter(
            client=OuterRef("pk"), is_primary=True, ended_at__isnull=True
        ).values("case_manager_id")[:1]
    )


def primary_manager_name():
    return Subquery(
        CaseAssignment.objects.filter(
            client=OuterRef("pk"), is_primary=True, ended_at__isnull=True
        ).values("case_manager__full_name")[:1]
    )


# Caseload ------------------------------------------------------------------------------------
CASELOAD_SORTS = {
    "name": ("legal_last_name", "legal_first_name", "id"),
    "status": ("status", "legal_last_name", "id"),
    "next": ("next_appointment", "legal_last_name", "id"),
    "last": ("last_contact", "legal_last_name", "id"),
    "manager": ("manager_name", "legal_last_name", "id"),
    "review": ("plan_review", "legal_last_name", "id"),
}


def plan_review_subquery():
    """The next review date of the client's active plan (NULL: no plan shared yet)."""
    return Subquery(
        RecoveryPlan.objects.filter(client=OuterRef("pk"), status=PlanStatus.ACTIVE)
        .order_by("-pk")
        .values("review_due")[:1]
    )


def caseload(user, *, sort: str = "name", status: str = "open") -> QuerySet[Client]:
    """The clients ``user`` may see (a case manager: their caseload; a supervisor: everyone),
    each annotated with ``next_appointment``, ``plan_review``, ``last_contact`` and
    ``manager_name``; sorted
    by a key of ``CASELOAD_SORTS`` (``-key`` for descending, empty values last)."""
    clients = clients_for(user).annotate(
        next_appointment=next_appointment_subquery(),
        plan_review=plan_review_subquery(),
        last_contact=F("last_contact_at"),
        manager_name=primary_manager_name(),
    )
    if status == "open":
        clients = clients.filter(status__in=OPEN_STATUSES)
    elif status:
        clients = clients.filter(status=status)
    descending = sort.startswith("-")
    fields = CASELOAD_SORTS.get(sort.lstrip("-"), CASELOAD_SORTS["name"])
    order = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        for name in fields
    ]
    return clients.order_by(*order)
