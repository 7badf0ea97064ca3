"""Who may see which client record: the scope every app derives from."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from clients.models import CaseAssignment, ClientStatus
from clients.selectors.record import client_for, clients_for, own_client_record
from clients.services.record import case_assign, client_status_change
from recovery_portal.audit.models import AuditEvent
from tests.factories import ClientFactory


def test_a_case_manager_sees_only_their_caseload(case_manager, client_record, other_client_record):
    assert list(clients_for(case_manager)) == [client_record]
    with pytest.raises(Http404):
        client_for(case_manager, other_client_record.pk)


def test_supervisors_see_everyone(supervisor, client_record, other_client_record):
    assert set(clients_for(supervisor)) == {client_record, other_client_record}


def test_administrators_see_no_one(admin_user, client_record, other_client_record):
    assert not clients_for(admin_user).exists()


def test_a_client_sees_only_their_own_record(client_user, client_record, other_client_record):
    assert list(clients_for(client_user)) == [client_record]
    assert own_client_record(client_user) == client_record
    with pytest.raises(Http404):
        client_for(client_user, other_client_record.pk)


def test_a_facilitator_sees_no_client_record(facilitator, client_record):
    assert not clients_for(facilitator).exists()


def test_a_nonsense_id_is_a_404_not_a_500(case_manager, client_record):
    with pytest.raises(Http404):
        client_for(case_manager, "not-a-number")


def test_reassigning_the_primary_ends_the_old_assignment_with_history(
    supervisor, case_manager, other_case_manager, client_record
):
    case_assign(
        client=client_record,
        case_manager=other_case_manager,
        actor=supervisor,
        reason="Caseload balancing",
    )
    assert client_record not in clients_for(case_manager)
    assert client_record in clients_for(other_case_manager)
    history = CaseAssignment.objects.filter(client=client_record).order_by("started_at")
    assert [a.case_manager for a in history] == [case_manager, other_case_manager]
    assert history[0].ended_at is not None and history[0].ended_by == supervisor
    assert (
        AuditEvent.objects.filter(action="client.assign", client_id=client_record.pk).count() == 2
    )


def test_the_database_allows_only_one_open_primary(case_manager, other_case_manager, client_record):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseAssignment.objects.create(
            client=client_record, case_manager=other_case_manager, is_primary=True
        )


def test_status_changes_follow_the_lifecycle_and_keep_history(case_manager, client_record):
    client_status_change(client=client_record, to_status=ClientStatus.AFTERCARE, actor=case_manager)
    with pytest.raises(ValidationError, match="reason"):
        client_status_change(
            client=client_record, to_status=ClientStatus.DISCHARGED, actor=case_manager
        )
    client_status_change(
        client=client_record,
        to_status=ClientStatus.DISCHARGED,
        actor=case_manager,
        reason="Completed the program",
    )
    with pytest.raises(ValidationError, match="cannot be moved"):
        client_status_change(
            client=client_record, to_status=ClientStatus.ACTIVE, actor=case_manager
        )
    client_record.refresh_from_db()
    assert client_record.status == ClientStatus.DISCHARGED
    last = client_record.status_changes.first()
    assert (last.from_status, last.to_status, last.reason, last.changed_by) == (
        ClientStatus.AFTERCARE,
        ClientStatus.DISCHARGED,
        "Completed the program",
        case_manager,
    )


def test_a_discharged_client_can_come_back_through_intake(case_manager, db):
    record = ClientFactory(case_manager=case_manager, status=ClientStatus.DISCHARGED)
    client_status_change(client=record, to_status=ClientStatus.INTAKE, actor=case_manager)
    assert record.status_changes.first().to_status == ClientStatus.INTAKE
