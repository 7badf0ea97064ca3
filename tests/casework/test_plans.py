"""Recovery plans: started from intake, shared, reviewed and revised into versions that stay
readable, acknowledged by the client, their own steps ticked off, exported as FHIR R4."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal as FhirGoal

from casework.models import PlanStatus, PlanVersion, StepOwner
from casework.selectors.plan import open_plan_of, version_diff
from casework.services.plan import (
    goal_update,
    plan_acknowledge,
    plan_review,
    plan_share,
    plan_start,
    step_add,
)
from clients.selectors.intake import intake_needs_of
from clients.services.intake import intake_complete, intake_section_save, intake_start
from recovery_portal.audit.models import AuditEvent

from .helpers import plan_make


def _intake_with_needs(client, actor):
    intake = intake_start(client=client, actor=actor)
    intake_section_save(
        intake=intake,
        step="strengths",
        actor=actor,
        answers={
            "strengths": "Kind and stubborn.",
            "goals_in_own_words": "Stay well and find a home.",
            "needs": [
                {"domain": "housing", "description": "Needs a stable place", "priority": "urgent"},
                {"domain": "finances", "description": "Benefits application", "priority": "soon"},
            ],
        },
    )
    intake_complete(intake=intake, actor=actor, activate=False)


def test_it_offers_the_needs_found_at_intake_as_goals(client, case_manager, client_record):
    _intake_with_needs(client_record, case_manager)
    client.force_login(case_manager)
    url = reverse("casework:plan_start", args=[client_record.pk])
    page = client.get(url)
    assert "Needs a stable place" in page.content.decode()
    needs = intake_needs_of(client_record)
    housing = next(n for n in needs if n.domain == "housing")
    response = client.post(url, {"needs": [str(housing.pk)]})
    assert response.status_code == 302
    plan = open_plan_of(client_record)
    [goal] = plan.goals.all()
    assert (goal.domain, goal.statement, goal.priority) == (
        "housing",
        "Needs a stable place",
        "high",
    )
    assert [n.description for n in intake_needs_of(client_record, open_only=True)] == [
        "Benefits application"
    ]


def test_a_client_has_one_open_plan_at_a_time(case_manager, client_record):
    plan_make(client_record, case_manager)
    with pytest.raises(Exception, match="already has a plan"):
        plan_start(client=client_record, actor=case_manager)


def test_a_case_manager_builds_a_plan_through_the_pages(client, case_manager, client_record):
    client.force_login(case_manager)
    pk = client_record.pk
    client.post(reverse("casework:plan_start", args=[pk]))
    response = client.post(
        reverse("casework:goal_new", args=[pk]),
        {
            "domain": "mental_health",
            "statement": "Sleep better",
            "target": "7 hours most nights",
            "priority": "medium",
            "status": "not_started",
            "services": ["counseling"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    goal = open_plan_of(client_record).goals.get()
    response = client.post(
        reverse("casework:step_new", args=[pk, goal.pk]), {"owner": "other", "what": "See GP"}
    )
    assert "Please say who will do this step." in response.content.decode()
    client.post(
        reverse("casework:step_new", args=[pk, goal.pk]),
        {"owner": "client", "what": "No screens after 10"},
    )
    client.post(
        reverse("casework:barrier_new", args=[pk, goal.pk]),
        {"description": "Racing thoughts", "strategy": "Write them down"},
    )
    page = client.get(reverse("casework:plan", args=[pk])).content.decode()
    for text in ("Sleep better", "No screens after 10", "Racing thoughts", "Write them down"):
        assert text in page
    assert goal.services_display() == ["Counseling"]


def test_sharing_makes_version_one_and_asks_the_client(
    case_manager, client_record, client, client_user
):
    plan = plan_make(client_record, case_manager, goals=2)
    version = plan_share(plan=plan, actor=case_manager)
    assert version.number == 1
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    assert plan.review_due == timezone.localdate() + dt.timedelta(days=90)
    client.force_login(client_user)
    page = client.get(reverse("casework:my_plan")).content.decode()
    assert "I have read my plan" in page


def test_the_review_date_follows_the_setting(settings, case_manager, client_record):
    settings.PLAN_REVIEW_DAYS = 30
    plan = plan_make(client_record, case_manager, share=True)
    assert plan.review_due == timezone.localdate() + dt.timedelta(days=30)


def test_a_draft_plan_is_not_shown_to_the_client(client, case_manager, client_record, client_user):
    plan_make(client_record, case_manager)
    client.force_login(client_user)
    page = client.get(reverse("casework:my_plan")).content.decode()
    assert "not ready to read yet" in page
    assert "Goal number 0" not in page


def test_every_earlier_version_stays_intact_after_revisions(case_manager, client_record):
    plan = plan_make(client_record, case_manager, goals=2, share=True)
    first = PlanVersion.objects.get(plan=plan, number=1).snapshot
    goal = plan.goals.first()
    goal_update(goal=goal, actor=case_manager, fields={"status": "in_progress", "target": "Four"})
    plan_review(plan=plan, actor=case_manager, revise=True, progress={goal.pk: "Good start"})
    second = PlanVersion.objects.get(plan=plan, number=2).snapshot
    step_add(goal=goal, actor=case_manager, fields={"owner": StepOwner.CLIENT, "what": "New step"})
    goal_update(goal=goal, actor=case_manager, fields={"statement": "Reworded"})
    plan_review(plan=plan, actor=case_manager, revise=True, progress={})
    assert PlanVersion.objects.get(plan=plan, number=1).snapshot == first
    assert PlanVersion.objects.get(plan=plan, number=2).snapshot == second
    assert first["goals"][0]["status"] == "not_started"
    assert second["goals"][0]["status"] == "in_progress"
    third = PlanVersion.objects.get(plan=plan, number=3).snapshot
    assert third["goals"][0]["statement"] == "Reworded"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        PlanVersion.objects.filter(plan=plan, number=1).update(snapshot={})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        PlanVersion.objects.filter(plan=plan, number=1).delete()


def test_a_review_that_keeps_the_plan_makes_no_new_version(case_manager, client_record):
    plan = plan_make(client_record, case_manager, share=True)
    next_review = timezone.localdate() + dt.timedelta(days=45)
    review = plan_review(
        plan=plan, actor=case_manager, revise=False, progress={}, next_review=next_review
    )
    assert review.version is None
    assert plan.versions.count() == 1
    plan.refresh_from_db()
    assert plan.review_due == next_review


def test_the_versions_page_shows_what_changed_between_any_two(client, case_manager, client_record):
    plan = plan_make(client_record, case_manager, goals=2, share=True)
    goal = plan.goals.first()
    goal_update(goal=goal, actor=case_manager, fields={"status": "achieved"})
    plan_review(plan=plan, actor=case_manager, revise=True, progress={})
    step_add(goal=goal, actor=case_manager, fields={"owner": StepOwner.CLIENT, "what": "Brand new"})
    plan_review(plan=plan, actor=case_manager, revise=True, progress={})
    client.force_login(case_manager)
    url = reverse("casework:plan_versions", args=[client_record.pk])
    page = client.get(url, {"a": "1", "b": "3"}).content.decode()
    assert "What changed from version 1 to version 3" in page
    assert "Not started</del> → <ins>Achieved" in page
    assert "Step added" in page and "Brand new" in page
    assert "Choose two versions" in client.get(url, {"a": "1"}).content.decode()
    response = client.get(url, {"a": "1", "b": "9"})  # no version 9: said, not ignored
    assert response.status_code == 400
    assert "must be the number of a version of this plan" in response.content.decode()
    old = client.get(reverse("casework:plan_version", args=[client_record.pk, 1]))
    assert "Not started" in old.content.decode()


def test_the_diff_names_goals_added_and_removed():
    old = {"goals": [{"id": 1, "statement": "Old goal", "steps": [], "barriers": []}]}
    new = {"goals": [{"id": 2, "statement": "New goal", "steps": [], "barriers": []}]}
    changes = {(c["change"], c["title"]) for c in version_diff(old, new)}
    assert changes == {("removed", "Old goal"), ("added", "New goal")}


def test_a_revised_plan_asks_the_client_again(client, case_manager, client_record, client_user):
    plan = plan_make(client_record, case_manager, share=True)
    client.force_login(client_user)
    client.post(reverse("casework:my_plan_acknowledge"))
    first = PlanVersion.objects.get(plan=plan, number=1)
    assert first.acknowledgement.acknowledged_by == client_user
    page = client.get(reverse("casework:my_plan")).content.decode()
    assert "I have read my plan" not in page
    plan_review(plan=plan, actor=case_manager, revise=True, progress={})
    page = client.get(reverse("casework:my_plan")).content.decode()
    assert "an updated version of" in page and "I have read my plan" in page
    client.post(reverse("casework:my_plan_acknowledge"))
    assert PlanVersion.objects.get(plan=plan, number=2).acknowledgement.acknowledged_at
    assert AuditEvent.objects.filter(action="plan.acknowledge", actor=client_user).count() == 2


def test_only_the_client_acknowledges_their_plan(case_manager, client_record, other_client_user):
    plan = plan_make(client_record, case_manager, share=True)
    with pytest.raises(Exception, match="Only the client"):
        plan_acknowledge(plan=plan, user=other_client_user)


def test_a_client_marks_their_step_done_and_the_case_manager_sees_it(
    client, case_manager, client_record, client_user
):
    plan = plan_make(client_record, case_manager, share=True)
    step = plan.goals.get().steps.get(owner=StepOwner.CLIENT)
    client.force_login(client_user)
    url = reverse("casework:my_step", args=[step.pk])
    client.post(url, {"done": "on", "comment": "Did it on Monday"})
    step.refresh_from_db()
    assert step.is_done and step.done_by == client_user
    client.force_login(case_manager)
    page = client.get(reverse("casework:plan", args=[client_record.pk])).content.decode()
    assert "Did it on Monday" in page
    assert "done " in page


def test_a_client_cannot_change_a_case_managers_step(
    client, case_manager, client_record, client_user
):
    plan = plan_make(client_record, case_manager, share=True)
    step = plan.goals.get().steps.get(owner=StepOwner.CASE_MANAGER)
    client.force_login(client_user)
    assert (
        client.post(reverse("casework:my_step", args=[step.pk]), {"done": "on"}).status_code == 404
    )
    step.refresh_from_db()
    assert not step.is_done


def test_the_fhir_export_is_a_valid_r4_bundle_and_is_audited(client, case_manager, client_record):
    plan = plan_make(client_record, case_manager, goals=3, share=True)
    goal_update(goal=plan.goals.first(), actor=case_manager, fields={"status": "achieved"})
    client.force_login(case_manager)
    response = client.post(
        reverse("casework:plan_fhir", args=[client_record.pk]), {"basis": "right_of_access"}
    )
    assert response["Content-Type"] == "application/fhir+json"
    data = json.loads(response.content)
    bundle = Bundle.model_validate(data)
    resources = [entry.resource for entry in bundle.entry]
    [care_plan] = [r for r in resources if r.get_resource_type() == "CarePlan"]
    goals = [r for r in resources if r.get_resource_type() == "Goal"]
    assert isinstance(care_plan, CarePlan) and all(isinstance(g, FhirGoal) for g in goals)
    assert care_plan.status == "active" and care_plan.intent == "plan"
    # Part 2 travels with the copy: security labels and the notice against redisclosure.
    assert {label.code for label in bundle.meta.security} == {"R", "42CFRPart2", "ETH", "NORDSCLCD"}
    assert "42 CFR part 2" in care_plan.text.div
    assert len(goals) == 3 and len(care_plan.goal) == 3
    urls = {entry.fullUrl for entry in bundle.entry}
    assert {ref.reference for ref in care_plan.goal} <= urls
    assert goals[0].lifecycleStatus == "completed"
    assert goals[0].achievementStatus.coding[0].code == "achieved"
    assert any("Barrier 0" in note.text for note in goals[0].note)
    assert len(care_plan.activity) == 6
    event = AuditEvent.objects.get(action="plan.export")
    assert (event.actor, event.client_id, event.details) == (
        case_manager,
        client_record.pk,
        {"format": "fhir-r4"},
    )


def test_the_printable_plan_carries_the_part_2_notice(client, case_manager, client_record):
    plan_make(client_record, case_manager, share=True)
    client.force_login(case_manager)
    page = client.get(reverse("casework:plan_print", args=[client_record.pk])).content.decode()
    assert "42 CFR part 2" in page and "Goal number 0" in page


def test_bad_input_on_a_goal_changes_nothing(client, case_manager, client_record):
    plan = plan_make(client_record, case_manager)
    goal = plan.goals.get()
    client.force_login(case_manager)
    response = client.post(
        reverse("casework:goal_edit", args=[client_record.pk, goal.pk]),
        {"domain": "nowhere", "statement": "", "priority": "high", "status": "achieved"},
    )
    assert response.status_code == 200
    goal.refresh_from_db()
    assert goal.status == "not_started" and goal.statement == "Goal number 0 in my own words"


def test_the_history_tables_record_who_changed_a_goal(case_manager, client_record):
    plan = plan_make(client_record, case_manager)
    goal = plan.goals.get()
    goal_update(goal=goal, actor=case_manager, fields={"status": "in_progress"})
    latest = goal.history.first()
    assert (latest.status, latest.history_user) == ("in_progress", case_manager)


def test_a_review_through_the_page_moves_goals_and_revises_the_plan(
    client, case_manager, client_record
):
    plan = plan_make(client_record, case_manager, goals=2, share=True)
    first, second = plan.goals.all()
    client.force_login(case_manager)
    url = reverse("casework:plan_review", args=[client_record.pk])
    data = {
        "outcome": "revised",
        "summary": "Good month",
        "next_review": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        f"status_{first.pk}": "achieved",
        f"progress_{first.pk}": "Did it",
        f"status_{second.pk}": "not_started",
    }
    past = {**data, "next_review": timezone.localdate().isoformat()}
    assert "must be after today" in client.post(url, past).content.decode()
    assert plan.versions.count() == 1
    assert client.post(url, data).status_code == 302
    review = plan.reviews.get()
    assert review.version.number == 2
    assert review.progress[0] == {
        "goal": first.pk,
        "statement": first.statement,
        "status": "Achieved",
        "note": "Did it",
    }
    assert review.version.snapshot["goals"][0]["status"] == "achieved"
    assert PlanVersion.objects.get(plan=plan, number=1).snapshot["goals"][0]["status"] == (
        "not_started"
    )


def test_the_plan_page_lists_what_changed_since_the_latest_version(
    client, case_manager, client_record, client_user
):
    plan = plan_make(client_record, case_manager, share=True)
    step = plan.goals.get().steps.get(owner=StepOwner.CLIENT)
    client.force_login(client_user)
    client.post(reverse("casework:my_step", args=[step.pk]), {"done": "on"})
    client.force_login(case_manager)
    url = reverse("casework:plan", args=[client_record.pk])
    assert "Changed since version 1" not in client.get(url).content.decode()  # a ticked step
    goal_update(goal=plan.goals.get(), actor=case_manager, fields={"target": "Five a week"})
    page = client.get(url).content.decode()
    assert "Changed since version 1" in page
    assert "<del>Something I can count</del> → <ins>Five a week</ins>" in page


def test_the_change_log_says_who_changed_which_field(
    client, case_manager, client_record, client_user
):
    plan = plan_make(client_record, case_manager, share=True)
    goal = plan.goals.get()
    goal_update(goal=goal, actor=case_manager, fields={"status": "in_progress"})
    step = goal.steps.get(owner=StepOwner.CLIENT)
    client.force_login(client_user)
    client.post(reverse("casework:my_step", args=[step.pk]), {"done": "on", "comment": "Yes!"})
    client.force_login(case_manager)
    page = client.get(reverse("casework:plan_history", args=[client_record.pk])).content.decode()
    assert "<del>Not started</del> → <ins>In progress</ins>" in page
    assert "Goal added" in page and "Strategy added" in page
    assert "Client&#x27;s comment: <del>—</del> → <ins>Yes!</ins>" in page
    assert "Jamie Client" in page and "Cam Manager" in page


def test_the_record_overview_shows_the_plan_and_the_client_home_its_card(
    client, case_manager, client_record, client_user
):
    plan = plan_make(client_record, case_manager, goals=2, share=True)
    client.force_login(case_manager)
    page = client.get(reverse("home:client_overview", args=[client_record.pk])).content.decode()
    assert "Recovery plan" in page and "Goal number 1 in my own words" in page
    assert plan.review_due.strftime("%b %-d, %Y") in page
    client.force_login(client_user)
    page = client.get(reverse("home:my_recovery")).content.decode()
    assert "2 goals; 2 steps of yours to do." in page
    assert "please read it" in page
    assert 'href="/my/plan/"' in page
