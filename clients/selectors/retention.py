"""Reads of records retention: when a record was closed, when its retention period ends, which
closed records are past it, and a record's legal holds.

The closing date is the moment of the record's latest status change into discharged or
closed (``ClientStatusChange``), as a date in the portal's time zone. A record reopened since
is open again and has no closing date.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from ..models import Client, ClientStatus, LegalHold, RetentionReview

CLOSED_STATUSES = (ClientStatus.DISCHARGED, ClientStatus.CLOSED)


def retention_due_on(closed_on: dt.date, years: int | None = None) -> dt.date:
    """The first day a record closed on ``closed_on`` is past ``years`` of retention.

    ``relativedelta`` keeps the calendar date (2019-03-01 → 2026-03-01); a record closed on 29
    February is due on 1 March, never on 28 February, so it is kept the full number of years
    whatever the year (relativedelta alone would give the 28th).
    """
    years = settings.RECORD_RETENTION_YEARS if years is None else years
    due = closed_on + relativedelta(years=years)
    if (closed_on.month, closed_on.day) == (2, 29) and due.day == 28:
        due += dt.timedelta(days=1)
    return due


def closed_records() -> QuerySet[Client]:
    """Discharged and closed records, each with ``closed_at``: when it was last closed."""
    return Client.objects.filter(status__in=CLOSED_STATUSES).annotate(
        closed_at=Max("status_changes__at", filter=Q(status_changes__to_status__in=CLOSED_STATUSES))
    )


def records_past_retention(today: dt.date | None = None) -> list[tuple[Client, dt.date, dt.date]]:
    """``(client, closed_on, due_on)`` of every closed record whose retention period has ended
    by ``today``, oldest first. Holds are not looked at: a held record is past retention too
    (it is listed as on hold)."""
    today = today or timezone.localdate()
    # A coarse cut in SQL (a day of slack for time zones), the exact date rule in Python.
    latest = today - relativedelta(years=settings.RECORD_RETENTION_YEARS) + dt.timedelta(days=2)
    cutoff = timezone.make_aware(dt.datetime.combine(latest, dt.time.min))
    found = []
    for client in closed_records().filter(closed_at__lt=cutoff).order_by("closed_at", "pk"):
        closed_on = timezone.localdate(client.closed_at)
        due_on = retention_due_on(closed_on)
        if due_on <= today:
            found.append((client, closed_on, due_on))
    return found


def closing_date_of(client: Client) -> dt.date | None:
    """When ``client``'s record was closed (local date), or None while it is open."""
    if client.status not in CLOSED_STATUSES:
        return None
    closed_at = (
        client.status_changes.filter(to_status__in=CLOSED_STATUSES)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localdate(closed_at) if closed_at else None


def legal_holds_of(client: Client) -> list[LegalHold]:
    """Every hold placed on the record, newest first, with who placed and lifted it."""
    return list(client.legal_holds.select_related("placed_by", "lifted_by"))


def retention_reviews_waiting() -> QuerySet[RetentionReview]:
    """Reviews waiting for an administrator (pending or approved but not carried out)."""
    return RetentionReview.objects.filter(status__in=["pending", "approved"])
