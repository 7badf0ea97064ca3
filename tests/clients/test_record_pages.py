"""The staff pages of a record: list and search, profile, status lifecycle, reassignment,
and an audit event for every view (which part, never values)."""

import datetime as dt

import pytest
from django.urls import reverse

from clients.models import CaseAssignment, Client, ClientStatus
from recovery_portal.audit.models import AuditEvent
from tests.factories import ClientFactory


@pytest.fixture
def caseload(case_manager, other_case_manager, program):
    mine = [
        ClientFactory(
            case_manager=case_manager,
            legal_first_name="Avery",
            legal_last_name="Lakeside",
            preferred_name="Ace",
            date_of_birth=dt.date(1988, 5, 17),
            phone="555-777-1234",
            email="avery.l@example.test",
            program=program,
        ),
        ClientFactory(
            case_manager=case_manager,
            legal_first_name="Bo",
            legal_last_name="Hillcrest",
            status=ClientStatus.AFTERCARE,
        ),
    ]
    theirs = ClientFactory(
        case_manager=other_case_manager, legal_first_name="Cy", legal_last_name="Lakeside"
    )
    return mine, theirs


def _names(response):
    return [c.legal_first_name for c in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("lakeside", ["Avery"]),
        ("Ace", ["Avery"]),
        ("avery lake", ["Avery"]),
        ("1988-05-17", ["Avery"]),
        ("05/17/1988", ["Avery"]),
        ("(555) 777-1234", ["Avery"]),
        ("7771234", ["Avery"]),
        ("AVERY.L@example.test", ["Avery"]),
        ("hill", ["Bo"]),
        ("nobody", []),
    ],
)
def test_a_case_manager_searches_their_caseload(as_case_manager, caseload, q, expected):
    response = as_case_manager.get(reverse("clients:list"), {"q": q})
    assert _names(response) == expected


def test_a_supervisor_searches_everyone(as_supervisor, caseload):
    response = as_supervisor.get(reverse("clients:list"), {"q": "lakeside"})
    assert sorted(_names(response)) == ["Avery", "Cy"]


def test_filters_by_status_case_manager_and_program(
    as_supervisor, caseload, other_case_manager, program
):
    url = reverse("clients:list")
    assert _names(as_supervisor.get(url, {"status": "aftercare"})) == ["Bo"]
    assert _names(as_supervisor.get(url, {"case_manager": other_case_manager.pk})) == ["Cy"]
    assert _names(as_supervisor.get(url, {"program": program.pk})) == ["Avery"]


def test_the_list_is_paginated(as_case_manager, case_manager):
    for n in range(27):
        ClientFactory(case_manager=case_manager, legal_last_name=f"Page{n:02d}")
    first = as_case_manager.get(reverse("clients:list"))
    assert len(first.context["page"].object_list) == 25
    second = as_case_manager.get(reverse("clients:list"), {"page": 2})
    assert len(second.context["page"].object_list) == 2
    # A page it cannot read, or past the last, is said in words (recovery_portal.params.page).
    assert as_case_manager.get(reverse("clients:list"), {"page": "zzz"}).status_code == 400
    assert as_case_manager.get(reverse("clients:list"), {"page": 3}).status_code == 400


def test_viewing_each_part_writes_an_audit_event_naming_only_the_part(
    as_case_manager, case_manager, client_record
):
    pk = client_record.pk
    for name, part in [
        ("home:client_overview", "overview"),
        ("clients:profile", "profile"),
        ("clients:intake", "intake"),
        ("clients:screenings", "screenings"),
        ("clients:status", "status history"),
        ("clients:assignments", "assignment history"),
    ]:
        as_case_manager.get(reverse(name, kwargs={"pk": pk}))
        event = AuditEvent.objects.filter(action="client.view", client_id=pk).first()
        assert (event.actor, event.details) == (case_manager, {"part": part}), name


def test_the_list_view_is_audited_without_the_search_words(as_case_manager, caseload):
    as_case_manager.get(reverse("clients:list"), {"q": "Lakeside", "status": "active"})
    event = AuditEvent.objects.get(action="client.list")
    assert event.details == {"filters": ["q", "status"]}


def test_editing_the_profile_keeps_bad_input_out(as_case_manager, client_record):
    url = reverse("clients:profile_edit", kwargs={"pk": client_record.pk})
    response = as_case_manager.post(
        url,
        {
            "identity-legal_first_name": "Jamie",
            "identity-legal_last_name": "Client",
            "identity-email": "not an e-mail",
            "identity-date_of_birth": "2199-01-01",
            "identity-preferred_language": "English",
        },
    )
    page = response.content.decode()
    assert "Please enter a full e-mail address" in page
    assert "The date of birth cannot be in the future." in page
    response = as_case_manager.post(
        url,
        {
            "identity-legal_first_name": "Jamie",
            "identity-legal_last_name": "Client",
            "identity-preferred_name": "Jay",
            "identity-email": "jay@example.test",
            "identity-preferred_language": "Spanish",
        },
    )
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert (client_record.preferred_name, client_record.preferred_language) == ("Jay", "Spanish")


def test_discharge_asks_for_a_reason_and_keeps_who_when_why(
    as_case_manager, case_manager, client_record
):
    url = reverse("clients:status", kwargs={"pk": client_record.pk})
    response = as_case_manager.post(url, {"to_status": "discharged", "reason": " "})
    assert "Please give the reason for this discharge or closure." in response.content.decode()
    client_record.refresh_from_db()
    assert client_record.status == ClientStatus.ACTIVE
    response = as_case_manager.post(
        url, {"to_status": "discharged", "reason": "Completed the program"}
    )
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert client_record.status == ClientStatus.DISCHARGED
    change = client_record.status_changes.first()
    assert (change.changed_by, change.reason) == (case_manager, "Completed the program")
    page = as_case_manager.get(url).content.decode()
    assert "Completed the program" in page and "Cam Manager" in page


def test_a_status_that_cannot_follow_is_refused(as_case_manager, client_record):
    url = reverse("clients:status", kwargs={"pk": client_record.pk})
    response = as_case_manager.post(url, {"to_status": "referred"})
    assert "That status cannot follow" in response.content.decode()


def test_a_supervisor_reassigns_with_history(
    as_supervisor, supervisor, case_manager, other_case_manager, client_record
):
    url = reverse("clients:assignments", kwargs={"pk": client_record.pk})
    response = as_supervisor.post(url, {"case_manager": other_case_manager.pk, "reason": ""})
    assert "Please give the reason." in response.content.decode()
    as_supervisor.post(url, {"case_manager": other_case_manager.pk, "reason": "Caseload balance"})
    history = CaseAssignment.objects.filter(client=client_record).order_by("started_at")
    assert [a.case_manager for a in history] == [case_manager, other_case_manager]
    assert history[0].ended_by == supervisor
    page = as_supervisor.get(url).content.decode()
    assert "Caseload balance" in page


def test_a_case_manager_cannot_reassign(as_case_manager, other_case_manager, client_record):
    url = reverse("clients:assignments", kwargs={"pk": client_record.pk})
    assert "A supervisor can reassign this client." in as_case_manager.get(url).content.decode()
    response = as_case_manager.post(url, {"case_manager": other_case_manager.pk, "reason": "x"})
    assert response.status_code == 403
    assert client_record in Client.objects.filter(assignments__ended_at__isnull=True)
    assert not CaseAssignment.objects.filter(case_manager=other_case_manager).exists()


def test_a_case_manager_cannot_open_a_record_outside_their_caseload(
    as_case_manager, other_client_record
):
    for name in ("home:client_overview", "clients:profile", "clients:screenings"):
        url = reverse(name, kwargs={"pk": other_client_record.pk})
        assert as_case_manager.get(url).status_code == 404
    assert not AuditEvent.objects.filter(
        action="client.view", client_id=other_client_record.pk
    ).exists()


def test_clinical_staff_see_clients_in_the_navigation_and_facilitators_do_not(
    client, case_manager, facilitator
):
    client.force_login(case_manager)
    assert 'href="/clients/"' in client.get(reverse("home:today")).content.decode()
    client.force_login(facilitator)
    page = client.get(reverse("home:today")).content.decode()
    assert 'href="/clients/"' not in page
    assert "Safety alerts" not in page
