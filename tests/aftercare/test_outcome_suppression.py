"""Suppression no one can undo: the outcomes report in every view (all years, each year; every
program and all together; the page's figures and the CSV) is one publication, and no count of
1 to 10 is shown or comes out of adding or subtracting two of its figures.

The fixture organization is built to leak under separate suppression: the small program had
1 person last year and 11 this year, so all years (12) minus this year (11) would give back
one person, with their outcome."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from itertools import combinations

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from aftercare.models import AftercarePlan
from aftercare.selectors.outcomes import SHARE_MEASURES, outcomes
from aftercare.services.plan import plan_start
from clients.models import Program
from tests.factories import ClientFactory

from .conftest import barc10_screen, complete

pytestmark = pytest.mark.django_db

ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
ALL = "all"
# (year, program, people, of whom housed at follow-up)
COHORTS = [
    (2025, "Big", 12, 12),
    (2025, "Small", 1, 1),
    (2026, "Big", 14, 11),
    (2026, "Small", 11, 11),
]


def _organization(case_manager, supervisor) -> None:
    programs = {name: Program.objects.create(name=name) for name in ("Big", "Small")}
    for year, name, people, housed in COHORTS:
        day = dt.date(year, 3, 2)
        with time_machine.travel(dt.datetime.combine(day, dt.time(12), ZONE), tick=False):
            for i in range(people):
                record = ClientFactory(
                    case_manager=case_manager, actor=supervisor, program=programs[name]
                )
                barc10_screen(record, case_manager, 30)
                plan = plan_start(
                    client=record, discharge_date=day, responsible=case_manager, actor=supervisor
                )
                AftercarePlan.objects.filter(pk=plan.pk).update(
                    baseline_housing="shelter", baseline_any_use=True
                )
                first = plan.followups.order_by("sequence").first()
                first.plan.refresh_from_db()
                with time_machine.travel(
                    dt.datetime.combine(first.due_date, dt.time(12), ZONE), tick=False
                ):
                    complete(
                        first,
                        case_manager,
                        first.due_date,
                        housing="own_or_rent" if i < housed else "shelter",
                        barc10=40,
                    )


def _figures(view, row: dict) -> list[tuple]:
    """The counts a reader can take from one published row: (view, program, point, kind, n)."""
    if row["suppressed"]:
        return []
    where = (view, ALL if row["program"] == "All programs" else row["program"], row["point"])
    found = [(*where, "people", row["people"])]
    if not row["measures"]["barc10"]["suppressed"]:
        found.append((*where, "barc10_n", row["measures"]["barc10"]["n"]))
    for m in SHARE_MEASURES:
        cell = row["measures"][m]
        if cell["suppressed"]:
            continue
        found.append((*where, f"{m}_n", cell["n"]))
        for when in ("intake", "now"):
            if cell[when] is not None:
                yes = round(cell[when] * cell["n"] / 100)
                found += [
                    (*where, f"{m}_yes_{when}", yes),
                    (*where, f"{m}_no_{when}", cell["n"] - yes),
                ]
    return found


def _nested(a: tuple, b: tuple) -> bool:
    """Whether figure ``a``'s group holds ``b``'s (so a − b counts a group of people)."""
    (va, ra, pa, ka, _), (vb, rb, pb, kb, _) = a, b
    if pa != pb or a == b:
        return False
    cells = va in (vb, ALL) and ra in (rb, ALL)
    kinds = ka == kb or ka == "people" or (ka.endswith("_n") and kb.startswith(ka[:-1]))
    return cells and kinds


def test_no_count_of_1_to_10_is_shown_or_comes_from_two_published_figures(
    client, case_manager, supervisor
):
    _organization(case_manager, supervisor)
    client.force_login(supervisor)
    published = []
    for view in (None, 2025, 2026):
        rows = outcomes(supervisor, year=view)["rows"]
        figures = [f for row in rows for f in _figures(view or ALL, row)]
        csv_url = reverse("aftercare:outcomes_csv") + (f"?year={view}" if view else "")
        lines = list(csv.reader(io.StringIO(client.get(csv_url).content.decode())))
        csv_people = sorted(int(r[2]) for r in lines[1:] if r[2].isdigit())
        assert csv_people == sorted(f[4] for f in figures if f[3] == "people")
        page = client.get(reverse("aftercare:outcomes") + (f"?year={view}" if view else ""))
        assert page.status_code == 200
        published += figures
    assert published, "the report publishes something"
    values = [f[4] for f in published]
    assert not [v for v in values if 0 < v < 11]
    for a, b in combinations(published, 2):
        assert not 0 < a[4] + b[4] < 11, (a, b)
        if _nested(a, b) or _nested(b, a):
            assert not 0 < abs(a[4] - b[4]) < 11, (a, b)


def test_the_one_person_of_last_year_cannot_be_worked_out_and_hidden_rows_say_why(
    client, case_manager, supervisor
):
    _organization(case_manager, supervisor)
    everything = {r["program"]: r for r in outcomes(supervisor)["rows"]}
    this_year = {r["program"]: r for r in outcomes(supervisor, year=2026)["rows"]}
    last_year = {r["program"]: r for r in outcomes(supervisor, year=2025)["rows"]}
    assert last_year["Small"]["suppressed"] and last_year["Small"]["why"] == "fewer than 11"
    assert everything["All programs"]["people"] == 38
    shown_both = [
        not everything["Small"]["suppressed"],
        not this_year["Small"]["suppressed"],
    ]
    assert not all(shown_both)  # 12 − 11 would be the one person
    client.force_login(supervisor)
    page = client.get(reverse("aftercare:outcomes") + "?year=2025").content.decode()
    assert "Hidden so a small group cannot be worked out" in page
    lines = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("aftercare:outcomes_csv") + "?year=2025").content.decode()
            )
        )
    )
    assert "hidden so a small group cannot be worked out" in [r[2] for r in lines[1:]]
    # No percentage passes 100 %, and every figure counts people.
    for row in outcomes(supervisor)["rows"]:
        for m in SHARE_MEASURES:
            cell = row.get("measures", {}).get(m, {"suppressed": True})
            if not cell["suppressed"]:
                assert all(v is None or 0 <= v <= 100 for v in (cell["intake"], cell["now"]))
