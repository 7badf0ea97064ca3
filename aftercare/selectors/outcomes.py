"""The outcomes report: change from intake by program and follow-up point (BARC-10, stable
housing, work or school, any use in the last 30 days), for all years together and for each
year, as one publication suppressed once (``aftercare.suppression``).

Everything counts clients: a client with two outcomes at one follow-up point counts once, by
the latest, so no percentage passes 100 % and each year's clients add up to all years'. An
answer declined or not asked is missing for its measure. One query reads the outcomes in
scope and three the BARC-10 baselines (first of each episode); the rest is arithmetic.
"""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import ExtractYear

from aftercare.models import NOT_GIVEN, STABLE_HOUSING, WORK_OR_SCHOOL, Outcome
from aftercare.suppression import ALL, PRIMARY, suppress
from clients.selectors.episode import barc10_baselines_of, end_of, episodes_of
from clients.selectors.record import clients_for

ALL_PROGRAMS = "All programs"
NO_PROGRAM = "No program"
SMALL_CELL = 11
SHARE_MEASURES = ("housing", "work", "use")
MEASURES = ("barc10", *SHARE_MEASURES)
KINDS = ["people", "barc10_n"] + [
    f"{m}_{part}"
    for m in SHARE_MEASURES
    for part in ("n", "yes_intake", "no_intake", "yes_now", "no_now")
]


def _facts(row: dict) -> dict:
    """What one client's outcome says for each measure: None when it cannot be compared. An
    answer declined or not asked is missing (never "no use", "not housed" or a score of 0); a
    BARC-10 with an item declined or not asked has no total, so it is missing too."""
    housing = work = use = None
    if row["b_housing"] and row["housed"] not in NOT_GIVEN:
        housing = (row["b_housing"] in STABLE_HOUSING, row["housed"] in STABLE_HOUSING)
    if row["b_work"] and row["work"] not in NOT_GIVEN:
        work = (row["b_work"] in WORK_OR_SCHOOL, row["work"] in WORK_OR_SCHOOL)
    if row["b_use"] is not None and row["days_of_use"] is not None:
        use = (row["b_use"], row["days_of_use"] > 0)
    barc = None
    if row["barc"] is not None and row["b_barc"] is not None:
        barc = (row["b_barc"], row["barc"])
    return {"barc10": barc, "housing": housing, "work": work, "use": use}


def _latest_by_client(user) -> list[dict]:
    rows = (
        Outcome.objects.filter(followup__client__in=clients_for(user))
        .values(
            client=F("followup__client_id"),
            program=F("followup__client__program__name"),
            point=F("followup__label"),
            order=F("followup__sequence"),
            year=ExtractYear("followup__completed_on"),
            on=F("followup__completed_on"),
            discharged=F("followup__plan__discharge_date"),
            intake_at=F("followup__intake__started_at"),
            b_housing=F("followup__plan__baseline_housing"),
            b_work=F("followup__plan__baseline_work"),
            b_use=F("followup__plan__baseline_any_use"),
            barc=F("barc10_score"),
            housed=F("housing"),
            work=F("work_or_school"),
            days_of_use=F("days_of_use_last_30"),
        )
        .order_by("on", "pk")
    )
    latest = {}
    for row in rows:
        latest[(row["client"], row["point"])] = row  # the latest wins
    _barc10_baselines(list(latest.values()))
    return list(latest.values())


def _barc10_baselines(rows: list[dict]) -> None:
    """Each row's BARC-10 at intake: the first of the episode its follow-up belongs to (the
    intake's, or the one its plan discharged), so a returning client is compared with their
    current episode only (``clients.selectors.episode``)."""
    clients = {row["client"] for row in rows}
    episodes = episodes_of(clients)
    baselines = barc10_baselines_of(clients, episodes)
    for row in rows:
        anchor = row["intake_at"] or end_of(row["discharged"])
        row["b_barc"] = baselines.get((row["client"], episodes.index(row["client"], anchor)))


def _empty() -> dict:
    return {**dict.fromkeys(KINDS, 0), "barc_sum_intake": 0, "barc_sum_now": 0}


def _add(cell: dict, facts: dict) -> None:
    cell["people"] += 1
    if facts["barc10"]:
        cell["barc10_n"] += 1
        cell["barc_sum_intake"] += facts["barc10"][0]
        cell["barc_sum_now"] += facts["barc10"][1]
    for m in SHARE_MEASURES:
        if facts[m] is None:
            continue
        before, now = facts[m]
        cell[f"{m}_n"] += 1
        cell[f"{m}_yes_intake" if before else f"{m}_no_intake"] += 1
        cell[f"{m}_yes_now" if now else f"{m}_no_now"] += 1


def publication(user) -> dict:
    """Every figure the report publishes, for every view, suppressed together:
    {"points": [label, …], "years": […], "cells": {point: {(view, row): shown row}}}."""
    grid: dict[str, dict[tuple, dict]] = {}
    order: dict[str, int] = {}
    years: set[int] = set()
    for row in _latest_by_client(user):
        point, program = row["point"], row["program"] or NO_PROGRAM
        order[point] = min(order.get(point, row["order"]), row["order"])
        years.add(row["year"])
        facts = _facts(row)
        for view in (row["year"], ALL):
            for line in (program, ALL):
                _add(grid.setdefault(point, {}).setdefault((view, line), _empty()), facts)
    shown = {}
    for point, values in grid.items():
        hidden = suppress(values, KINDS)
        shown[point] = {cell: _shown(counts, cell, hidden) for cell, counts in values.items()}
    points = sorted(grid, key=lambda p: (order[p], p))
    return {"points": points, "years": sorted(years, reverse=True), "cells": shown}


def _pct(part: int, whole: int) -> int:
    return round(100 * part / whole)


def _shown(counts: dict, cell: tuple, hidden: dict) -> dict:
    """One cell as published: what is hidden says why."""
    why = hidden.get((cell, "people"))
    if why:
        return {"people": None, "suppressed": True, "why": why, "measures": {}}
    measures = {}
    n = counts["barc10_n"]
    if (cell, "barc10_n") in hidden or n == 0:
        measures["barc10"] = {"suppressed": True, "why": hidden.get((cell, "barc10_n"), "none")}
    else:
        before = round(counts["barc_sum_intake"] / n, 1)
        now = round(counts["barc_sum_now"] / n, 1)
        measures["barc10"] = {
            "suppressed": False,
            "n": n,
            "intake": before,
            "now": now,
            "change": round(now - before, 1),
        }
    for m in SHARE_MEASURES:
        measures[m] = _share(counts, cell, hidden, m)
    return {"people": counts["people"], "suppressed": False, "why": "", "measures": measures}


def _share(counts, cell, hidden, m) -> dict:
    n = counts[f"{m}_n"]
    if (cell, f"{m}_n") in hidden or n == 0:
        return {"suppressed": True, "why": hidden.get((cell, f"{m}_n"), "none")}
    out = {"suppressed": False, "n": n}
    for when in ("intake", "now"):
        if (cell, f"{m}_yes_{when}") in hidden:
            out[when] = None
        else:
            out[when] = _pct(counts[f"{m}_yes_{when}"], n)
    both = out["intake"] is not None and out["now"] is not None
    out["change"] = out["now"] - out["intake"] if both else None
    return out


def outcomes(user, *, year: int | None = None) -> dict:
    """One view of the publication: all years (``year=None``) or one year; by program, then
    every program together, for each follow-up point."""
    published = publication(user)
    view = year if year else ALL
    rows = []
    for point in published["points"]:
        cells = published["cells"][point]
        programs = sorted(r for (v, r) in cells if v == view and r != ALL)
        for program in programs:
            rows.append({"program": program, "point": point, **cells[(view, program)]})
        if (view, ALL) in cells:
            rows.append({"program": ALL_PROGRAMS, "point": point, **cells[(view, ALL)]})
    return {
        "rows": rows,
        "year": year,
        "years": published["years"],
        "small_cell": SMALL_CELL,
        "primary": PRIMARY,
    }
