"""The plan pages, the notes list and the Today item keep the same number of queries with 5
and with 200 goals, notes or plans to review. Volume is bulk-created: it is size, not
behaviour (the services are exercised by the other tests)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import (
    ActionStep,
    Barrier,
    Goal,
    NoteAddendum,
    NoteGoal,
    PlanStatus,
    ProgressNote,
    RecoveryPlan,
    Strategy,
)
from clients.models import CaseAssignment, Client, ClientStatus

from .helpers import plan_make


def _goals(plan, n: int, done_by) -> None:
    goals = Goal.objects.bulk_create(
        Goal(plan=plan, domain="housing", statement=f"Goal {i}", services=["counseling"])
        for i in range(n)
    )
    ActionStep.objects.bulk_create(
        ActionStep(
            goal=g,
            owner="client",
            what=f"Step of {g.statement}",
            done_by=done_by,
            done_at=timezone.now(),
        )
        for g in goals
    )
    barriers = Barrier.objects.bulk_create(Barrier(goal=g, description="In the way") for g in goals)
    Strategy.objects.bulk_create(Strategy(barrier=b, description="Helps") for b in barriers)


def _notes(client, author, goal, n: int) -> None:
    notes = ProgressNote.objects.bulk_create(
        ProgressNote(
            client=client,
            author=author,
            contact_type="phone",
            duration_minutes=10,
            data="d",
            assessment="a",
            plan_text="p",
            share_with_client=True,
        )
        for _ in range(n)
    )
    # Goals are linked before signing: the database refuses to relink a signed note.
    NoteGoal.objects.bulk_create(NoteGoal(note=note, goal=goal) for note in notes)
    now = timezone.now()
    ProgressNote.objects.filter(pk__in=[note.pk for note in notes]).update(
        signed_at=now, signed_by=author, cosigned_at=now, cosigned_by=author
    )
    NoteAddendum.objects.bulk_create(
        NoteAddendum(note=note, text="more", signed_by=author) for note in notes
    )


def _plans_due(manager, n: int, actor) -> None:
    people = Client.objects.bulk_create(
        Client(legal_first_name=f"P{i}", legal_last_name="Due", status=ClientStatus.ACTIVE)
        for i in range(n)
    )
    CaseAssignment.objects.bulk_create(
        CaseAssignment(client=c, case_manager=manager, is_primary=True) for c in people
    )
    RecoveryPlan.objects.bulk_create(
        RecoveryPlan(
            client=c,
            created_by=actor,
            status=PlanStatus.ACTIVE,
            review_due=timezone.localdate() - dt.timedelta(days=i % 30),
        )
        for i, c in enumerate(people)
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _same_at_5_and_200(client, url, grow) -> int:
    grow(5)
    small = _count(client, url)
    grow(195)
    large = _count(client, url)
    assert small == large, f"{url}: {small} queries with 5, {large} with 200"
    return large


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        ("casework:plan", "case_manager"),
        ("casework:plan", "supervisor"),
        ("casework:plan_print", "case_manager"),
        ("casework:plan_fhir", "case_manager"),
        ("casework:plan_versions", "case_manager"),
        ("casework:plan_history", "case_manager"),
        ("home:client_overview", "case_manager"),
    ],
)
def test_the_plan_pages_keep_their_query_count(
    url_name, persona, request, client, case_manager, client_record
):
    plan = plan_make(client_record, case_manager, share=True)
    client.force_login(request.getfixturevalue(persona))
    kwargs = {"pk" if url_name.startswith("home:") else "client_pk": client_record.pk}
    count = _same_at_5_and_200(
        client, reverse(url_name, kwargs=kwargs), lambda n: _goals(plan, n, case_manager)
    )
    # The overview also gathers the other apps' cards (appointments, meetings, follow-ups).
    assert count <= (30 if url_name == "home:client_overview" else 25)


def test_my_plan_keeps_its_query_count(client, case_manager, client_record, client_user):
    plan = plan_make(client_record, case_manager, share=True)
    client.force_login(client_user)
    grow = lambda n: _goals(plan, n, client_user)  # noqa: E731
    # + the audit chain head, and the client's record number the audit event names them by
    assert _same_at_5_and_200(client, reverse("casework:my_plan"), grow) <= 17
    assert _same_at_5_and_200(client, reverse("home:my_recovery"), grow) <= 25


@pytest.mark.parametrize("url_name", ["casework:notes", "casework:note_new"])
def test_the_notes_pages_keep_their_query_count(url_name, client, case_manager, client_record):
    plan = plan_make(client_record, case_manager)
    goal = plan.goals.get()
    client.force_login(case_manager)
    url = reverse(url_name, args=[client_record.pk])
    grow = lambda n: _notes(client_record, case_manager, goal, n)  # noqa: E731
    assert _same_at_5_and_200(client, url, grow) <= 20


def test_my_notes_keeps_its_query_count(client, case_manager, client_record, client_user):
    goal = plan_make(client_record, case_manager).goals.get()
    client.force_login(client_user)
    grow = lambda n: _notes(client_record, case_manager, goal, n)  # noqa: E731
    assert _same_at_5_and_200(client, reverse("casework:my_notes"), grow) <= 15


@pytest.mark.parametrize("persona", ["case_manager", "supervisor"])
def test_today_keeps_its_query_count_with_many_plans_to_review(
    persona, request, client, case_manager, supervisor
):
    client.force_login(request.getfixturevalue(persona))
    grow = lambda n: _plans_due(case_manager, n, supervisor)  # noqa: E731
    _same_at_5_and_200(client, reverse("home:today"), grow)


def test_today_lists_the_plans_due_for_the_users_caseload_only(
    client, case_manager, other_case_manager, supervisor, client_record, other_client_record
):
    mine = plan_make(client_record, case_manager, share=True)
    theirs = plan_make(other_client_record, other_case_manager, share=True)
    RecoveryPlan.objects.filter(pk__in=[mine.pk, theirs.pk]).update(
        review_due=timezone.localdate() - dt.timedelta(days=3)
    )
    client.force_login(case_manager)
    page = client.get(reverse("home:today")).content.decode()
    assert "Jamie Client" in page and "3 days overdue" in page
    assert "Robin Other" not in page
    client.force_login(supervisor)
    page = client.get(reverse("home:today")).content.decode()
    assert "Cam Manager" in page and "Oli Othermanager" in page and "Robin Other" in page


def test_facilitators_get_no_plans_to_review(client, facilitator, case_manager, client_record):
    plan = plan_make(client_record, case_manager, share=True)
    RecoveryPlan.objects.filter(pk=plan.pk).update(review_due=timezone.localdate())
    client.force_login(facilitator)
    page = client.get(reverse("home:today")).content.decode()
    assert "Plans to review" not in page and "Jamie" not in page
    client.force_login(case_manager)
    assert "due today" in client.get(reverse("home:today")).content.decode()
