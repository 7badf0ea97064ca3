"""Outcomes against intake, by program and follow-up: cells under 11 people are suppressed,
and so are cells that the "All programs" total would give away."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from aftercare.models import AftercarePlan
from aftercare.selectors.outcomes import outcomes
from aftercare.suppression import ALL, PRIMARY, SECONDARY, suppress
from clients.models import Program
from tests.factories import ClientFactory

from .conftest import barc10_screen, complete, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs(db):
    return Program.objects.create(name="Big program"), Program.objects.create(name="Small one")


def _people(n, program, case_manager, supervisor, start_plan, *, barc_now=40):
    for _ in range(n):
        record = ClientFactory(case_manager=case_manager, actor=supervisor, program=program)
        barc10_screen(record, case_manager, 30)
        plan = start_plan(record, discharged=days_ago(10))
        AftercarePlan.objects.filter(pk=plan.pk).update(
            baseline_housing="shelter", baseline_work="unemployed_looking"
        )
        first = plan.followups.order_by("sequence").first()
        first.plan.refresh_from_db()
        complete(first, case_manager, timezone.localdate(), barc10=barc_now)


def test_groups_of_fewer_than_11_people_are_suppressed(
    programs, case_manager, supervisor, start_plan
):
    big, small = programs
    _people(12, big, case_manager, supervisor, start_plan)
    _people(3, small, case_manager, supervisor, start_plan)
    rows = {r["program"]: r for r in outcomes(supervisor)["rows"]}
    assert rows["Small one"]["suppressed"] and rows["Small one"]["people"] is None
    # The big program alone would let the total minus it reveal the small one: hidden too.
    assert rows["Big program"]["suppressed"]
    shown = rows["All programs"]
    assert not shown["suppressed"] and shown["people"] == 15
    barc = shown["measures"]["barc10"]
    assert (barc["intake"], barc["now"], barc["change"]) == (30.0, 40.0, 10.0)
    # Nobody housed at intake: 0 % would show a numerator under 11, so it is not shown.
    assert shown["measures"]["housing"]["intake"] is None
    assert shown["measures"]["housing"]["now"] == 100


def test_two_programs_of_11_or_more_are_both_shown(programs, case_manager, supervisor, start_plan):
    big, other = programs
    _people(11, big, case_manager, supervisor, start_plan)
    _people(11, other, case_manager, supervisor, start_plan)
    rows = {r["program"]: r for r in outcomes(supervisor)["rows"]}
    assert rows["Big program"]["people"] == 11 and rows["Small one"]["people"] == 11
    assert rows["All programs"]["people"] == 22


def test_secondary_suppression_hides_the_next_smallest_cell_until_11_are_hidden():
    # One year, three programs: 4 is hidden, and 12 with it (the total minus 30 gives 16).
    values = {(2026, "a"): 4, (2026, "b"): 12, (2026, "c"): 30, (2026, ALL): 46}
    values.update({(ALL, r): v for (_, r), v in values.items()})
    hidden = suppress({c: {"people": v} for c, v in values.items()}, ["people"])
    assert hidden[((2026, "a"), "people")] == PRIMARY
    assert hidden[((2026, "b"), "people")] == SECONDARY
    assert ((2026, "c"), "people") not in hidden
    hidden = suppress({c: {"people": v} for c, v in values.items() if "a" not in c}, ["people"])
    assert hidden == {} or all(why == PRIMARY for why in hidden.values())


def test_the_outcomes_page_and_csv_show_suppressed_cells_as_such(
    client, programs, case_manager, supervisor, start_plan
):
    _people(3, programs[1], case_manager, supervisor, start_plan)
    client.force_login(supervisor)
    page = client.get(reverse("aftercare:outcomes")).content.decode()
    assert "Fewer than 11 people: not shown" in page
    response = client.get(reverse("aftercare:outcomes_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert all(
        r[2] in ("fewer than 11", "hidden so a small group cannot be worked out") for r in rows[1:]
    )
    assert "3" not in [cell for r in rows[1:] for cell in r]
