"""The Django admin's pages of client data are reads like any other: open only to those who
may see every client (not to the superuser flag alone), and every list and record looked at
there is audited; a record looked at shows in the client's "Who has seen my record"."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import Role
from recovery_portal.audit.models import AuditEvent
from tests.clients.consent.helpers import consent_make, contact_make

CLIENT_DATA = ["client", "consent", "disclosure", "supportcontact", "portalinvitation"]


@pytest.fixture
def admin_supervisor(client, admin_user):
    """An administrator who also holds the Supervisor role, signed in to the admin."""
    admin_user.groups.add(Group.objects.get(name=Role.SUPERVISOR.value))
    client.force_login(User.objects.get(pk=admin_user.pk))
    return client


@pytest.mark.parametrize("model", CLIENT_DATA)
def test_an_administrator_alone_cannot_open_client_data_in_the_admin(client, admin_user, model):
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:clients_{model}_changelist")).status_code == 403
    assert f"/admin/clients/{model}/" not in client.get(reverse("admin:index")).content.decode()
    if model == "client":
        assert client.get(reverse("admin:clients_client_add")).status_code == 403


def test_an_administrator_still_manages_programs(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:clients_program_changelist")).status_code == 200


def test_the_client_list_in_the_admin_is_audited_with_the_clients_on_the_page(
    admin_supervisor, admin_user, client_record, other_client_record
):
    assert admin_supervisor.get(reverse("admin:clients_client_changelist")).status_code == 200
    event = AuditEvent.objects.get(action="client.admin_list")
    assert event.actor == admin_user
    assert event.details["model"] == "clients.client"
    assert sorted(event.details["client_ids"]) == sorted([client_record.pk, other_client_record.pk])


def test_a_record_opened_in_the_admin_shows_in_who_has_seen_my_record(
    admin_supervisor, client, client_record, client_user
):
    url = reverse("admin:clients_client_change", args=[client_record.pk])
    assert admin_supervisor.get(url).status_code == 200
    event = AuditEvent.objects.get(action="client.view", actor__email="admin@example.test")
    assert event.client_id == client_record.pk
    client.force_login(client_user)
    page = client.get(reverse("clients:my_record_views")).content.decode()
    assert "Ada Admin" in page and "(administration)" in page


def test_consents_disclosures_and_contacts_opened_in_the_admin_are_audited(
    admin_supervisor, client_record, case_manager, client_user
):
    consent = consent_make(client_record, case_manager)
    contact = contact_make(client_record, client_user)
    for model, obj in (("consent", consent), ("supportcontact", contact)):
        assert admin_supervisor.get(reverse(f"admin:clients_{model}_changelist")).status_code == 200
        change = reverse(f"admin:clients_{model}_change", args=[obj.pk])
        assert admin_supervisor.get(change).status_code == 200
        listed = AuditEvent.objects.filter(
            action="client.admin_list", details__model=f"clients.{model}"
        ).get()
        assert listed.details["client_ids"] == [client_record.pk]
        viewed = AuditEvent.objects.filter(
            action="client.view", target_type=f"clients.{model}", target_id=str(obj.pk)
        ).get()
        assert viewed.client_id == client_record.pk
    assert admin_supervisor.get(reverse("admin:clients_disclosure_changelist")).status_code == 200
    assert AuditEvent.objects.filter(
        action="client.admin_list", details__model="clients.disclosure"
    ).exists()
