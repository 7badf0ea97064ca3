"""Every recovery plan the demo organization holds (active, draft, revised, closed, empty)
exports as a FHIR bundle that a strict validator accepts: R4's own invariants, evaluated by
fhirpathpy from the vendored StructureDefinitions, and US Core's required elements; beside
fhir.resources' model check. And the validator is shown to refuse what R4 refuses.

fhir.resources 8 has no R4 (4.0.1) model, only R4B (4.3.0) and R5: its R4B model is the
closest one and checks structure and types (what R4B changed is outside what the export
uses); R4 itself is checked by ``invariants.py`` against R4's own definitions."""

from __future__ import annotations

import copy

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from casework.fhir import plan_bundle
from casework.models import GoalStatus, PlanStatus, RecoveryPlan
from recovery_portal.home.demo import seed_all

from . import us_core
from .invariants import SKIPPED, errors, validate

pytestmark = pytest.mark.django_db

CONSENT_COPY = {"id": 7, "client_name": "Jordan", "purpose": "Coordinating care"}


def _plans():
    return RecoveryPlan.objects.select_related("client").prefetch_related(
        "goals__steps", "goals__barriers__strategies", "versions"
    )


def _goal(**changes) -> dict:
    goal = {
        "resourceType": "Goal",
        "text": {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">x</div>'},
        "lifecycleStatus": "active",
        "description": {"text": "Three meetings a week"},
        "subject": {"reference": "urn:uuid:6f6c1b2e-5a0e-4a57-9d8a-2f4c2b8f0a11"},
    }
    return {**goal, **changes}


def test_every_demo_plan_passes_r4_invariants_and_us_core():
    seed_all()
    plans = list(_plans())
    statuses = {plan.status for plan in plans}
    assert {PlanStatus.DRAFT, PlanStatus.ACTIVE, PlanStatus.CLOSED} <= statuses
    assert any(not plan.goals.all() for plan in plans), "an empty plan"
    assert any(len(plan.versions.all()) > 1 for plan in plans), "a revised plan"
    goal_statuses = {goal.status for plan in plans for goal in plan.goals.all()}
    assert {GoalStatus.REVISED, GoalStatus.ACHIEVED, GoalStatus.DISCONTINUED} <= goal_statuses
    evaluated: set[str] = set()
    for plan in plans:
        for consent in (None, CONSENT_COPY):
            bundle = plan_bundle(plan, consent_copy=consent)
            Bundle.model_validate(copy.deepcopy(bundle))
            assert errors(bundle) == [], f"plan {plan.pk} ({plan.status})"
            assert us_core.problems(bundle) == [], f"plan {plan.pk} ({plan.status})"
            evaluated |= validate(bundle)[1]
    # The validator did evaluate the invariants that matter here, not nothing.
    assert {"gol-1", "per-1", "bdl-7", "ref-1", "dom-2", "att-1"} <= evaluated
    assert not evaluated & set(SKIPPED)
    _closed_plan_has_its_end_and_a_summary(next(p for p in plans if p.status == "closed"))


def _closed_plan_has_its_end_and_a_summary(plan):
    bundle = plan_bundle(plan)
    resources = [entry["resource"] for entry in bundle["entry"]]
    [care_plan] = [r for r in resources if r["resourceType"] == "CarePlan"]
    # One goal was discontinued: the plan ended before its goals were met.
    assert care_plan["status"] == "revoked"
    assert care_plan["period"]["end"] == timezone.localdate(plan.closed_at).isoformat()
    assert care_plan["period"]["start"] <= care_plan["period"]["end"]
    div = care_plan["text"]["div"]
    assert "Finish the outpatient programme" in div and "Achieved" in div
    assert "42 CFR part 2" in div  # the Part 2 notice stays
    goals = [r for r in resources if r["resourceType"] == "Goal"]
    achieved = next(g for g in goals if g["description"]["text"].startswith("Finish"))
    assert "detailString" not in str(achieved["target"])
    assert {"text": "Measurable target: All twelve sessions"} in achieved["note"]


def test_a_goal_with_a_detail_but_no_measure_is_refused():
    refused = errors(_goal(target=[{"detailString": "Three a week", "dueDate": "2030-01-01"}]))
    assert any("gol-1" in problem for problem in refused)
    assert us_core.goal_problems(_goal(target=[{"detailString": "Three a week"}]))
    measured = _goal(target=[{"measure": {"text": "Meetings a week"}, "detailString": "Three"}])
    assert errors(measured) == [] and us_core.goal_problems(measured) == []


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        (_goal(subject=None), "ele-1"),  # an empty element
        ({**_goal(), "subject": {"reference": "#nowhere"}}, "ref-1"),
        (
            {
                "resourceType": "CarePlan",
                "status": "active",
                "intent": "plan",
                "subject": {"reference": "urn:uuid:1"},
                "period": {"start": "2030-01-02", "end": "2030-01-01"},
            },
            "per-1",
        ),
        (_goal(text={"status": "generated", "div": "<p>no div</p>"}), "txt-1"),
        ({k: v for k, v in _goal().items() if k != "lifecycleStatus"}, "Goal.lifecycleStatus"),
        (_goal(mood="bright"), "no element mood"),
    ],
)
def test_the_validator_refuses_what_r4_refuses(resource, expected):
    assert any(expected in problem for problem in errors(resource))


def test_us_core_refuses_a_patient_without_identifier_or_gender():
    found = us_core.patient_problems({"resourceType": "Patient", "name": [{"text": "Jo"}]})
    assert found == [
        "Patient.identifier is missing",
        "Patient.name[0] breaks us-core-6",
        "Patient.gender is missing or not an administrative gender",
    ]


def test_us_core_refuses_a_careplan_without_its_category_or_narrative():
    care_plan = {"resourceType": "CarePlan", "status": "active", "intent": "plan"}
    found = us_core.careplan_problems(care_plan)
    assert "CarePlan.category has no assess-plan" in found
    assert "CarePlan.text.div is missing" in found and "CarePlan.subject is missing" in found
