"""Exporting a client's whole record asks for the password again (allauth's
re-authentication), however long ago the supervisor signed in: a session left open on a
shared computer cannot carry the whole record away."""

from django.urls import reverse

from recovery_portal.audit.models import AuditEvent
from tests.conftest import reauthenticate


def test_a_whole_record_export_asks_for_the_password_first(client, supervisor, client_record):
    client.force_login(supervisor)
    url = reverse("clients:export_json", kwargs={"pk": client_record.pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not AuditEvent.objects.filter(action="client.export").exists()

    response = reauthenticate(client)
    assert response.status_code == 302
    response = client.get(url)  # the page asking who the copy goes to
    assert response.status_code == 200
    response = client.post(url, {"basis": "right_of_access"})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="client.export").exists()


def test_the_printable_export_asks_too(client, supervisor, client_record):
    client.force_login(supervisor)
    response = client.get(reverse("clients:export_print", kwargs={"pk": client_record.pk}))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_a_case_manager_is_refused_without_being_asked_for_a_password(
    client, case_manager, client_record
):
    client.force_login(case_manager)
    response = client.get(reverse("clients:export_json", kwargs={"pk": client_record.pk}))
    assert response.status_code == 403
