"""What the FHIR export says, finding by finding of the outside review (docs/exports.md): ids
per installation, local dates, the US Core Patient, goal and activity statuses, names,
references from activities to goals, narratives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from casework.fhir import PROFILES, REVISED_NOTE, plan_bundle
from casework.models import GoalStatus, Installation, RecoveryPlan
from casework.services.plan import plan_close, step_update
from tests.casework.helpers import plan_make

from . import us_core
from .invariants import errors

pytestmark = pytest.mark.django_db


def _bundle(plan, **kwargs) -> dict:
    plan = (
        RecoveryPlan.objects.select_related("client")
        .prefetch_related("goals__steps", "goals__barriers__strategies")
        .get(pk=plan.pk)
    )
    return plan_bundle(plan, **kwargs)


def _of(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_ids_are_stable_in_one_portal_and_differ_between_portals(case_manager, client_record):
    plan = plan_make(client_record, case_manager)
    first, again = _bundle(plan), _bundle(plan)
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in again["entry"]]
    for entry in first["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
    # Another portal: another installation row, so the same primary keys give other ids.
    Installation.objects.all().delete()
    elsewhere = _bundle(plan)
    assert not {e["fullUrl"] for e in first["entry"]} & {e["fullUrl"] for e in elsewhere["entry"]}


def test_dates_are_the_portals_local_dates(case_manager, client_record):
    plan = plan_make(client_record, case_manager, share=True)
    # 02:30 UTC on 2 March is still 1 March in New York (the test settings' TIME_ZONE).
    late = dt.datetime(2030, 3, 2, 2, 30, tzinfo=dt.UTC)
    RecoveryPlan.objects.filter(pk=plan.pk).update(created_at=late)
    plan.goals.update(created_at=late)
    with override_settings(TIME_ZONE="America/New_York"):
        bundle = _bundle(plan)
    [care_plan], [goal] = _of(bundle, "CarePlan"), _of(bundle, "Goal")
    assert care_plan["period"]["start"] == "2030-03-01"
    assert goal["startDate"] == "2030-03-01"
    assert "started 2030-03-01" in care_plan["text"]["div"]


@override_settings(PORTAL_BASE_URL="https://portal.example.org")
def test_the_patient_is_a_us_core_patient_with_both_names(case_manager, client_record):
    client_record.legal_first_name, client_record.preferred_name = "Jonathan", "Jo"
    client_record.save()
    bundle = _bundle(plan_make(client_record, case_manager))
    [patient] = _of(bundle, "Patient")
    assert us_core.patient_problems(patient) == []
    assert patient["identifier"] == [
        {
            "use": "usual",
            "system": "https://portal.example.org/fhir/client-id",
            "value": str(client_record.pk),
        }
    ]
    assert patient["gender"] == "unknown"
    official, usual = patient["name"]
    assert official["use"] == "official" and official["given"] == ["Jonathan"]
    assert official["text"] == client_record.legal_name
    assert usual["use"] == "usual" and usual["given"] == ["Jo"]
    assert patient["meta"]["profile"] == [PROFILES["Patient"]]
    for kind in ("CarePlan", "Goal"):
        assert all(r["meta"]["profile"] == [PROFILES[kind]] for r in _of(bundle, kind))
    assert errors(bundle) == []


def test_a_draft_plans_goals_are_proposed(case_manager, client_record):
    draft = _bundle(plan_make(client_record, case_manager))
    assert [g["lifecycleStatus"] for g in _of(draft, "Goal")] == ["proposed"]


def test_a_revised_goal_says_so(case_manager, client_record):
    plan = plan_make(client_record, case_manager, share=True)
    plan.goals.update(status=GoalStatus.REVISED)
    [goal] = _of(_bundle(plan), "Goal")
    assert goal["lifecycleStatus"] == "cancelled"
    assert {"text": REVISED_NOTE} in goal["note"]
    assert "Revised" in goal["text"]["div"]


def test_a_closed_plans_steps_and_status_follow_what_was_done(case_manager, client_record):
    plan = plan_make(client_record, case_manager, goals=2, share=True)
    first_step = plan.goals.first().steps.first()
    step_update(step=first_step, actor=case_manager, fields={"due": None}, done=True)
    plan.goals.update(status=GoalStatus.ACHIEVED)
    plan_close(plan=plan, actor=case_manager)
    [care_plan] = _of(_bundle(plan), "CarePlan")
    assert care_plan["status"] == "completed"
    statuses = [a["detail"]["status"] for a in care_plan["activity"]]
    assert statuses == ["completed", "cancelled", "cancelled", "cancelled"]
    plan.goals.filter(pk=plan.goals.last().pk).update(status=GoalStatus.DISCONTINUED)
    [care_plan] = _of(_bundle(plan), "CarePlan")
    assert care_plan["status"] == "revoked"


def test_activities_point_at_their_goal_and_end_by_their_due_date(case_manager, client_record):
    plan = plan_make(client_record, case_manager, share=True)
    step = plan.goals.get().steps.first()
    step_update(step=step, actor=case_manager, fields={"due": dt.date(2030, 5, 1)}, done=False)
    bundle = _bundle(plan)
    [care_plan], [goal_entry] = (
        _of(bundle, "CarePlan"),
        [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal"],
    )
    first, second = (a["detail"] for a in care_plan["activity"])
    assert first["goal"] == [{"reference": goal_entry["fullUrl"]}]
    assert first["scheduledPeriod"] == {"end": "2030-05-01"}
    assert "scheduledString" not in first and "scheduledPeriod" not in second
    assert errors(bundle) == []


def test_every_resource_has_a_narrative(case_manager, client_record):
    bundle = _bundle(plan_make(client_record, case_manager), consent_copy={"id": 3})
    for entry in bundle["entry"]:
        text = entry["resource"]["text"]
        assert text["status"] in ("generated", "additional") and "<p>" in text["div"]
    [patient] = _of(bundle, "Patient")
    assert client_record.legal_last_name in patient["text"]["div"]
