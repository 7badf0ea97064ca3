"""The supervisors' follow-up rate, computed as SAMHSA computes the GPRA follow-up rate
(docs/follow-up-rate.md).

- **Due cohort.** A follow-up is due once its window has closed. The rate of a month is, among
  the follow-ups whose window closed that month, those completed inside their window divided
  by all of them. Completed after the window, unable to reach, declined, closed for a reason
  that is not excludable, and still open after the window: all in the denominator, none in the
  numerator.
- **In progress.** Follow-ups whose window is open today are shown beside the rate as "done so
  far of open", never mixed into it.
- **Exclusions.** Only a follow-up closed for a reason an administrator marked excludable (by
  default: the client died), recorded before its window closed, leaves the denominator; each
  is listed with its reason.
- **The target line** (80 %) belongs to the step the organization marks as its reported one
  (the GPRA 6-month follow-up by default); other steps show their own rate without it.

Every number comes from a handful of aggregate queries, whatever the number of clients.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from aftercare.models import FollowUp, FollowUpStatus, FollowUpStep
from aftercare.windows import after
from clients.selectors.record import clients_for

TARGET = 80  # per cent of due follow-ups completed inside their window (SAMHSA's GPRA target)

# Left out of the denominator: closed for an excludable reason before the window closed.
EXCLUDED = Q(
    status=FollowUpStatus.ADMINISTRATIVE,
    exclusion_reason__excludable=True,
    closed_at__date__lte=F("window_closes"),
)


def _rate(in_window: int, due: int) -> float | None:
    return round(100 * in_window / due, 1) if due else None


def _in_scope(user, label: str):
    found = FollowUp.objects.filter(client__in=clients_for(user))
    return found.filter(label=label) if label else found


RATE = {
    "due": Count("id"),
    "in_window": Count("id", filter=Q(status=FollowUpStatus.COMPLETED_IN_WINDOW)),
    "late": Count("id", filter=Q(status=FollowUpStatus.COMPLETED_LATE)),
    "missed": Count(
        "id",
        filter=~Q(status__in=[FollowUpStatus.COMPLETED_IN_WINDOW, FollowUpStatus.COMPLETED_LATE]),
    ),
}
ZERO = {"due": 0, "in_window": 0, "late": 0, "missed": 0}


def reported_label() -> str:
    """The label of the step the organization reports (the 80 % line), or ""."""
    return (
        FollowUpStep.objects.filter(is_reported=True).values_list("label", flat=True).first() or ""
    )


def compliance(user, *, label: str = "", months: int = 12, today: dt.date | None = None) -> dict:
    """The due cohort's rate by the month the window closed, by case manager and overall; the
    follow-ups in progress; the exclusions with their reasons; and whether the target line is
    drawn (only for the reported step)."""
    today = today or timezone.localdate()
    since = after(today.replace(day=1), months=-(months - 1))
    scoped = _in_scope(user, label)
    due = scoped.filter(window_closes__lt=today, window_closes__gte=since).exclude(EXCLUDED)
    by_month = {
        row["month"]: row
        for row in due.annotate(month=TruncMonth("window_closes"))
        .values("month")
        .annotate(**RATE)
        .order_by("month")
    }
    month_rows = []
    for i in range(months):
        month = after(since, months=i)
        row = by_month.get(month, ZERO)
        month_rows.append(
            {
                "month": month,
                "label": f"{month:%b %Y}",
                **{k: row[k] for k in ZERO},
                "rate": _rate(row["in_window"], row["due"]),
            }
        )
    manager_rows = [
        {**row, "rate": _rate(row["in_window"], row["due"])}
        for row in due.values(
            manager_id=F("plan__responsible_id"),
            manager_name=F("plan__responsible__full_name"),
            manager_email=F("plan__responsible__email"),
        )
        .annotate(**RATE)
        .order_by("manager_name", "manager_email")
    ]
    overall = due.aggregate(**RATE)
    overall["rate"] = _rate(overall["in_window"], overall["due"])
    reported = reported_label()
    has_target = bool(label) and label == reported
    overall["meets_target"] = (
        has_target and overall["rate"] is not None and overall["rate"] >= TARGET
    )
    return {
        "months": month_rows,
        "managers": manager_rows,
        "overall": overall,
        "in_progress": _in_progress(scoped, today),
        "exclusions": _exclusions(scoped, since, today),
        "target": TARGET if has_target else None,
        "reported": reported,
        "since": since,
        "label": label,
    }


def _in_progress(scoped, today: dt.date) -> dict:
    """Follow-ups whose window is open today: how many, and how many are done so far."""
    return (
        scoped.filter(window_opens__lte=today, window_closes__gte=today)
        .exclude(EXCLUDED)
        .aggregate(
            open=Count("id"),
            done=Count("id", filter=Q(status=FollowUpStatus.COMPLETED_IN_WINDOW)),
        )
    )


def _exclusions(scoped, since: dt.date, today: dt.date) -> dict:
    """Among follow-ups whose window closed in the period: those left out, by reason, and those
    closed administratively that still count (a reason that is not excludable, or recorded
    after the window closed), by reason."""
    closed = scoped.filter(
        window_closes__lt=today,
        window_closes__gte=since,
        status=FollowUpStatus.ADMINISTRATIVE,
    )
    rows = (
        closed.values("exclusion_reason__label")
        .annotate(closed=Count("id"), left_out=Count("id", filter=EXCLUDED))
        .order_by("exclusion_reason__label")
    )
    left_out, counted = [], []
    for row in rows:
        reason = row["exclusion_reason__label"] or "No reason recorded"
        if row["left_out"]:
            left_out.append({"reason": reason, "count": row["left_out"]})
        if row["closed"] > row["left_out"]:
            counted.append({"reason": reason, "count": row["closed"] - row["left_out"]})
    return {"left_out": left_out, "counted": counted}


def step_labels(user) -> list[str]:
    return list(
        FollowUp.objects.filter(client__in=clients_for(user))
        .order_by("label")
        .values_list("label", flat=True)
        .distinct()
    )
