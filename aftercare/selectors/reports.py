"""The supervisors' reports: live follow-up compliance, and outcomes against intake.

Compliance counts a follow-up once its window has closed or it is closed, by the month it was
due: the numerator is "completed in window"; the denominator every counted follow-up except
administrative closures (a death, a transfer). Completed late, unable to reach, declined and
missed (still open after the window) are in the denominator, not the numerator.

Every number comes from a handful of aggregate queries, whatever the number of clients.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, F, Min, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from aftercare.models import STABLE_HOUSING, WORK_OR_SCHOOL, FollowUp, FollowUpStatus, Outcome
from aftercare.windows import after
from clients.selectors.record import clients_for

TARGET = 80  # per cent of follow-ups completed inside their window
ALL_PROGRAMS = "All programs"
SMALL_CELL = 11  # fewer people than this in a cell: suppressed, so nobody can be identified


def _rate(in_window: int, counted: int) -> float | None:
    return round(100 * in_window / counted, 1) if counted else None


def counted_followups(user, *, today: dt.date, label: str = ""):
    """Follow-ups that count toward the rate: closed, or past their window; not administrative."""
    found = FollowUp.objects.filter(client__in=clients_for(user)).exclude(
        status=FollowUpStatus.ADMINISTRATIVE
    )
    found = found.filter(~Q(status=FollowUpStatus.OPEN) | Q(window_closes__lt=today))
    if label:
        found = found.filter(label=label)
    return found


RATE = {
    "counted": Count("id"),
    "in_window": Count("id", filter=Q(status=FollowUpStatus.COMPLETED_IN_WINDOW)),
    "late": Count("id", filter=Q(status=FollowUpStatus.COMPLETED_LATE)),
    "missed": Count(
        "id",
        filter=Q(
            status__in=[
                FollowUpStatus.OPEN,
                FollowUpStatus.UNABLE_TO_REACH,
                FollowUpStatus.DECLINED,
            ]
        ),
    ),
}


def compliance(user, *, label: str = "", months: int = 12, today: dt.date | None = None) -> dict:
    """Rates by month (of the due date), by responsible case manager and overall."""
    today = today or timezone.localdate()
    since = after(today.replace(day=1), months=-(months - 1))
    counted = counted_followups(user, today=today, label=label).filter(due_date__gte=since)
    by_month = {
        row["month"]: row
        for row in counted.annotate(month=TruncMonth("due_date"))
        .values("month")
        .annotate(**RATE)
        .order_by("month")
    }
    month_rows = []
    for i in range(months):
        month = after(since, months=i)
        row = by_month.get(month, {"counted": 0, "in_window": 0, "late": 0, "missed": 0})
        month_rows.append(
            {
                "month": month,
                "label": f"{month:%b %Y}",
                **{k: row[k] for k in ("counted", "in_window", "late", "missed")},
                "rate": _rate(row["in_window"], row["counted"]),
            }
        )
    manager_rows = [
        {**row, "rate": _rate(row["in_window"], row["counted"])}
        for row in counted.values(
            manager_id=F("plan__responsible_id"),
            manager_name=F("plan__responsible__full_name"),
            manager_email=F("plan__responsible__email"),
        )
        .annotate(**RATE)
        .order_by("manager_name", "manager_email")
    ]
    total = counted.aggregate(**RATE)
    overall = {**total, "rate": _rate(total["in_window"], total["counted"])}
    overall["meets_target"] = overall["rate"] is not None and overall["rate"] >= TARGET
    return {
        "months": month_rows,
        "managers": manager_rows,
        "overall": overall,
        "target": TARGET,
        "since": since,
        "label": label,
    }


def step_labels(user) -> list[str]:
    return list(
        FollowUp.objects.filter(client__in=clients_for(user))
        .order_by("label")
        .values_list("label", flat=True)
        .distinct()
    )


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole) if whole else None


def outcomes(user, *, year: int | None = None) -> dict:
    """Change from intake by program and follow-up point: BARC-10, stable housing, work or
    school, any use in the last 30 days. A row (or a measure) with fewer than 11 people is
    suppressed."""
    found = Outcome.objects.filter(followup__client__in=clients_for(user))
    if year:
        found = found.filter(followup__completed_on__year=year)
    measures = _outcome_measures()
    by_program = (
        found.values(program=F("followup__client__program__name"), point=F("followup__label"))
        .annotate(**measures, order=Min("followup__sequence"))
        .order_by("program", "order", "point")
    )
    # Every program together too: small programs are suppressed alone but count in the total.
    overall = (
        found.values(point=F("followup__label"))
        .annotate(**measures, order=Min("followup__sequence"))
        .order_by("order", "point")
    )
    by_program = list(by_program)
    hidden = _secondary_suppression(by_program)
    rows = [
        _shown(row, {cell for (i, cell) in hidden if i == n}) for n, row in enumerate(by_program)
    ]
    rows += [_shown({**row, "program": ALL_PROGRAMS}, set()) for row in overall]
    return {"rows": rows, "year": year, "small_cell": SMALL_CELL}


def _outcome_measures() -> dict:
    """The aggregates of one row of the outcomes report: for each measure, how many people
    have it at intake (``*_n``), and its value at intake and now."""
    plan = "followup__plan__"
    return {
        "people": Count("followup__client", distinct=True),
        "barc_n": Count(
            "followup__client",
            distinct=True,
            filter=Q(barc10_score__isnull=False, **{f"{plan}baseline_barc10__isnull": False}),
        ),
        "barc_intake": Avg(
            f"{plan}baseline_barc10",
            filter=Q(barc10_score__isnull=False, **{f"{plan}baseline_barc10__isnull": False}),
        ),
        "barc_now": Avg(
            "barc10_score",
            filter=Q(barc10_score__isnull=False, **{f"{plan}baseline_barc10__isnull": False}),
        ),
        "housing_n": Count(
            "followup__client", distinct=True, filter=~Q(**{f"{plan}baseline_housing": ""})
        ),
        "housed_intake": Count("id", filter=Q(**{f"{plan}baseline_housing__in": STABLE_HOUSING})),
        "housed_now": Count(
            "id",
            filter=Q(housing__in=STABLE_HOUSING) & ~Q(**{f"{plan}baseline_housing": ""}),
        ),
        "work_n": Count(
            "followup__client", distinct=True, filter=~Q(**{f"{plan}baseline_work": ""})
        ),
        "work_intake": Count("id", filter=Q(**{f"{plan}baseline_work__in": WORK_OR_SCHOOL})),
        "work_now": Count(
            "id",
            filter=Q(work_or_school__in=WORK_OR_SCHOOL) & ~Q(**{f"{plan}baseline_work": ""}),
        ),
        "use_n": Count(
            "followup__client",
            distinct=True,
            filter=Q(**{f"{plan}baseline_any_use__isnull": False}),
        ),
        "use_intake": Count("id", filter=Q(**{f"{plan}baseline_any_use": True})),
        "use_now": Count(
            "id",
            filter=Q(days_of_use_last_30__gt=0, **{f"{plan}baseline_any_use__isnull": False}),
        ),
    }


# Each cell of the report and the count of people it stands for.
CELLS = {
    "people": "people",
    "barc10": "barc_n",
    "housing": "housing_n",
    "work": "work_n",
    "use": "use_n",
}


def _secondary_suppression(rows: list[dict]) -> set[tuple[int, str]]:
    """The program cells to hide. Cells under SMALL_CELL people are hidden; and because the
    "All programs" row minus the shown programs would give a hidden cell away, when the hidden
    cells of one follow-up point add up to fewer than SMALL_CELL people the next smallest shown
    cells are hidden too, until they do."""
    hidden: set[tuple[int, str]] = set()
    by_point: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_point.setdefault(row["point"], []).append(i)
    for indexes in by_point.values():
        for cell, n_key in CELLS.items():
            sizes = sorted((rows[i][n_key], i) for i in indexes)
            small = [(n, i) for n, i in sizes if n < SMALL_CELL]
            hidden |= {(i, cell) for _, i in small}
            together = sum(n for n, _ in small)
            for n, i in (x for x in sizes if x not in small):
                if not 0 < together < SMALL_CELL:
                    break
                hidden.add((i, cell))
                together += n
    return hidden


def _shown(row: dict, hidden: set[str]) -> dict:
    """The row as the report shows it: percentages and means only for cells of at least
    SMALL_CELL people (and not hidden by secondary suppression)."""
    out = {"program": row["program"] or "No program", "point": row["point"]}
    if "people" in hidden or row["people"] < SMALL_CELL:
        return {**out, "people": None, "suppressed": True, "measures": {}}

    def measure(cell, n, before, now, as_pct=True):
        if cell in hidden or n < SMALL_CELL:
            return {"suppressed": True}
        if as_pct:
            before, now = _pct(before, n), _pct(now, n)
        else:
            before, now = round(before, 1), round(now, 1)
        return {
            "suppressed": False,
            "n": n,
            "intake": before,
            "now": now,
            "change": round(now - before, 1),
        }

    return {
        **out,
        "people": row["people"],
        "suppressed": False,
        "measures": {
            "barc10": measure(
                "barc10", row["barc_n"], row["barc_intake"], row["barc_now"], as_pct=False
            ),
            "housing": measure(
                "housing", row["housing_n"], row["housed_intake"], row["housed_now"]
            ),
            "work": measure("work", row["work_n"], row["work_intake"], row["work_now"]),
            "use": measure("use", row["use_n"], row["use_intake"], row["use_now"]),
        },
    }
