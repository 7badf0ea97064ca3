"""The client-list CSV records which clients' data left, not only how many rows: their ids in
one audit event, which each of them sees in "Who has seen my record"."""

import pytest
from django.urls import reverse

from clients.models import ClientStatus
from recovery_portal.audit.models import AuditEvent
from tests.factories import ClientFactory


def test_the_csv_names_the_clients_it_carried_in_the_audit_trail(
    as_supervisor, case_manager, client_record, other_client_record
):
    discharged = ClientFactory(case_manager=case_manager, status=ClientStatus.DISCHARGED)
    response = as_supervisor.get(reverse("clients:list_csv"), {"status": "active"})
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="client.list_export")
    assert sorted(event.details["client_ids"]) == sorted([client_record.pk, other_client_record.pk])
    assert discharged.pk not in event.details["client_ids"]
    assert event.details["rows"] == 2


def test_each_client_in_the_csv_sees_it_in_who_has_seen_my_record(
    client, supervisor, client_user, other_client_user, client_record, other_client_record
):
    client.force_login(supervisor)
    client.get(reverse("clients:list_csv"), {"q": client_record.legal_first_name})
    client.force_login(client_user)
    page = client.get(reverse("clients:my_record_views")).content.decode()
    assert "in a download of the client list" in page
    assert "Sol Supervisor" in page
    client.force_login(other_client_user)
    page = client.get(reverse("clients:my_record_views")).content.decode()
    assert "in a download of the client list" not in page  # not in that download


@pytest.mark.parametrize("size", [5, 60])
def test_the_csv_and_its_audit_take_a_fixed_number_of_queries(
    size, as_supervisor, case_manager, supervisor, django_assert_max_num_queries
):
    for _ in range(size):
        ClientFactory(case_manager=case_manager, actor=supervisor)
    with django_assert_max_num_queries(12):
        response = as_supervisor.get(reverse("clients:list_csv"))
    assert len(AuditEvent.objects.get(action="client.list_export").details["client_ids"]) == size
    assert response.status_code == 200
