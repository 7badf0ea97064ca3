"""Reads of records retention: when a record was closed, when it may be destroyed (and why
then), which closed records are past that date, and a record's legal holds.

The closing date is the moment of the record's latest status change into discharged or
closed (``ClientStatusChange``), as a date in the portal's time zone. A record reopened since
is open again and has no closing date.

**When a record is due** is the latest of:

1. the closing date + ``RECORD_RETENTION_YEARS`` (the organization's policy, state law);
2. six years from each document HIPAA asks to keep for six years *from its own date*
   (§164.530(j)(2)), which may be later than the closing:
   - each disclosure's record, the client's accounting of disclosures (§164.528(d)): from
     the later of when it was made and when it was written in the ledger;
   - each suspension of that accounting (§164.528(a)(2)): from the day it ends;
   - each signed consent (§164.508(b)(6)): from the later of its signing and the day it was
     last in effect (revoked, ended, or its expiry date). A consent still in effect with no end
     keeps the record with no date in sight (``due_on`` is None) until it ends.

A consent never signed authorized nothing and keeps nothing. Every date counts in whole
calendar years, with the 29-February rule of ``retention_due_on``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate
from django.utils import timezone

from clients.models import Client, ClientStatus, Consent, Disclosure, LegalHold, RetentionReview
from clients.models.retention import OPEN_REVIEW_STATUSES

CLOSED_STATUSES = (ClientStatus.DISCHARGED, ClientStatus.CLOSED)
# HIPAA §164.530(j)(2): documentation is kept six years from its creation or from when it was
# last in effect, whichever is later.
HIPAA_DOCUMENT_YEARS = 6
# The age of majority, for the "under 18 at closing" column of the retention admin.
AGE_OF_MAJORITY = 18
# Stands for "no end yet" inside the consent query; never leaves this module.
_NO_END = dt.date(9999, 12, 31)


def retention_due_on(closed_on: dt.date, years: int | None = None) -> dt.date:
    """The first day a record closed on ``closed_on`` is past ``years`` of retention (and, with
    ``years=6``, the first day a document dated ``closed_on`` is past HIPAA's six years).

    ``relativedelta`` keeps the calendar date (2019-03-01 → 2026-03-01); a record closed on 29
    February is due on 1 March, never on 28 February, so it is kept the full number of years
    whatever the year (relativedelta alone would give the 28th).
    """
    years = settings.RECORD_RETENTION_YEARS if years is None else years
    due = closed_on + relativedelta(years=years)
    if (closed_on.month, closed_on.day) == (2, 29) and due.day == 28:
        due += dt.timedelta(days=1)
    return due


def under_18_at_closing(date_of_birth: dt.date | None, closed_on: dt.date) -> bool | None:
    """Whether the client was a minor when the record was closed (None: no date of birth).
    Someone born on 29 February turns 18 on 1 March (the later reading: counsel's rules for
    minors then apply a day longer, never a day shorter)."""
    if date_of_birth is None:
        return None
    return closed_on < retention_due_on(date_of_birth, AGE_OF_MAJORITY)


@dataclass(frozen=True)
class RetentionDates:
    """When a closed record may be destroyed, and the rule that sets that date."""

    client: Client
    closed_on: dt.date
    closing_due_on: dt.date  # closing + RECORD_RETENTION_YEARS
    due_on: dt.date | None  # the latest of every rule; None while a consent is in effect
    because: str  # the rule that sets ``due_on``, in words: dates only, no content

    def is_due(self, today: dt.date) -> bool:
        return self.due_on is not None and self.due_on <= today

    @property
    def kept_by_documents(self) -> bool:
        return self.due_on != self.closing_due_on


def closed_records() -> QuerySet[Client]:
    """Discharged and closed records, each with ``closed_at``: when it was last closed."""
    return Client.objects.filter(status__in=CLOSED_STATUSES).annotate(
        closed_at=Max("status_changes__at", filter=Q(status_changes__to_status__in=CLOSED_STATUSES))
    )


def _local_day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _documents_kept_until(clients: QuerySet[Client]) -> dict[int, list[tuple[dt.date | None, str]]]:
    """Per client, the due date each kind of document sets (None: a consent in effect with no
    end), in two queries whatever the number of clients: one aggregate of the disclosures, one
    of the signed consents."""
    found: dict[int, list[tuple[dt.date | None, str]]] = {}
    _disclosures_kept_until(clients, found)
    _consents_kept_until(clients, found)
    return found


def _disclosures_kept_until(clients: QuerySet[Client], found: dict) -> None:
    """Add to ``found`` the due date each client's disclosures set: six years from the latest
    (logged or made), and from the end of an accounting suspension."""
    six = HIPAA_DOCUMENT_YEARS
    disclosures = (
        Disclosure.objects.filter(client__in=clients.values("pk"))
        .values("client_id")
        .annotate(
            recorded=Max("recorded_at"),
            disclosed=Max("disclosed_at"),
            suspended=Max("accounting_suspended_until"),
        )
        .order_by()
    )
    for row in disclosures:
        latest = max(timezone.localdate(row["recorded"]), timezone.localdate(row["disclosed"]))
        rules = found.setdefault(row["client_id"], [])
        rules.append((retention_due_on(latest, six), f"a disclosure of {latest:%Y-%m-%d}"))
        if row["suspended"]:
            rules.append(
                (
                    retention_due_on(row["suspended"], six),
                    f"a disclosure's accounting suspended until {row['suspended']:%Y-%m-%d}",
                )
            )


def _consents_kept_until(clients: QuerySet[Client], found: dict) -> None:
    """Add to ``found`` the due date each client's signed consents set (None: one in effect
    with no end)."""
    six = HIPAA_DOCUMENT_YEARS
    # A consent's end of effect is the first of its revocation, its end and its expiry date (it
    # covers disclosures through that day); its document date the later of that and signing.
    no_end = Value(_NO_END, output_field=DateField())
    end = Least(
        Coalesce(_local_day("revoked_at"), no_end),
        Coalesce(_local_day("ended_at"), no_end),
        Coalesce(F("expires_on"), no_end),
        output_field=DateField(),
    )
    in_effect = Q(revoked_at__isnull=True, ended_at__isnull=True, expires_on__isnull=True)
    consents = (
        Consent.objects.filter(client__in=clients.values("pk"), signed_at__isnull=False)
        .values("client_id")
        .annotate(
            latest=Max(
                Greatest(_local_day("signed_at"), end, output_field=DateField()),
                filter=~in_effect,
            ),
            in_effect=Count("pk", filter=in_effect),
        )
        .order_by()
    )
    for row in consents:
        rules = found.setdefault(row["client_id"], [])
        if row["in_effect"]:
            rules.append((None, "a signed consent still in effect, with no end date"))
        if row["latest"]:
            rules.append(
                (
                    retention_due_on(row["latest"], six),
                    f"a consent last in effect on {row['latest']:%Y-%m-%d}",
                )
            )


def _retention_dates(clients: QuerySet[Client]) -> dict[int, RetentionDates]:
    """``RetentionDates`` of each of ``clients`` (annotated with ``closed_at``): three queries."""
    clients = list(clients)
    if not clients:
        return {}
    documents = _documents_kept_until(Client.objects.filter(pk__in=[c.pk for c in clients]))
    dates = {}
    for client in clients:
        if client.closed_at is None:
            continue
        closed_on = timezone.localdate(client.closed_at)
        closing_due = retention_due_on(closed_on)
        due: dt.date | None = closing_due
        because = f"closed on {closed_on:%Y-%m-%d}, kept {settings.RECORD_RETENTION_YEARS} years"
        for rule_due, rule in documents.get(client.pk, []):
            if rule_due is None:
                due, because = None, rule
                break
            if rule_due > due:
                due, because = rule_due, f"{rule}, kept {HIPAA_DOCUMENT_YEARS} years"
        dates[client.pk] = RetentionDates(client, closed_on, closing_due, due, because)
    return dates


def closed_records_retention(today: dt.date | None = None) -> dict[int, RetentionDates]:
    """By client id, the ``RetentionDates`` of every closed record whose closing period may
    have ended by ``today`` (due, kept longer by its documents, or a day or two short: callers
    compare the dates), and of every closed record with a review still open, so the monthly run
    can follow it. Four queries, whatever the number of records."""
    today = today or timezone.localdate()
    # A coarse cut in SQL (a day of slack for time zones), the exact date rule in Python.
    latest = today - relativedelta(years=settings.RECORD_RETENTION_YEARS) + dt.timedelta(days=2)
    cutoff = timezone.make_aware(dt.datetime.combine(latest, dt.time.min))
    open_review = RetentionReview.objects.filter(
        client=OuterRef("pk"), status__in=OPEN_REVIEW_STATUSES
    )
    clients = closed_records().filter(Q(closed_at__lt=cutoff) | Exists(open_review))
    return _retention_dates(clients.order_by("closed_at", "pk"))


def records_past_retention(today: dt.date | None = None) -> list[RetentionDates]:
    """Every closed record whose retention period, documents included, has ended by ``today``,
    oldest closing first. Holds are not looked at: a held record is past retention too (it is
    listed as on hold)."""
    today = today or timezone.localdate()
    return [d for d in closed_records_retention(today).values() if d.is_due(today)]


def retention_dates_of(client: Client) -> RetentionDates | None:
    """``client``'s retention dates, or None while the record is open."""
    return _retention_dates(closed_records().filter(pk=client.pk)).get(client.pk)


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
