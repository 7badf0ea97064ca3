"""The audit trail records sign-ins and refuses to be rewritten, at the database."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from recovery_portal.audit.models import AuditEvent
from recovery_portal.audit.services import audit_record
from tests.conftest import totp_code
from tests.factories import TEST_PASSWORD


def test_a_login_is_recorded_with_who_and_from_where(client, client_user, client_record):
    client.post(
        reverse("account_login"),
        {"login": client_user.email, "password": TEST_PASSWORD},
        REMOTE_ADDR="203.0.113.7",
    )
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor == client_user
    # A client by record number, never by address or name (the trail outlives the record).
    assert event.actor_label == f"client record {client_record.pk}"
    assert event.target_label == f"client record {client_record.pk}"
    assert event.actor_role == "Client"
    assert event.ip == "203.0.113.7"


def test_a_failed_login_is_recorded_without_the_password(client, client_user, client_record):
    client.post(reverse("account_login"), {"login": client_user.email, "password": "guess-1234"})
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor is None
    assert event.details == {"user": client_user.pk, "account": f"client record {client_record.pk}"}
    assert client_user.email not in str(event.details)
    assert "guess-1234" not in str(event.details)


def test_a_failed_login_names_a_staff_account_by_e_mail_and_keeps_an_unknown_address(
    client, case_manager
):
    client.post(reverse("account_login"), {"login": "CM@example.test", "password": "guess-1234"})
    client.post(reverse("account_login"), {"login": "nobody@example.test", "password": "x-12345"})
    staff, unknown = AuditEvent.objects.filter(action="auth.login_failed").order_by("id")
    assert staff.details == {"user": case_manager.pk, "account": "cm@example.test"}
    assert unknown.details == {"email": "nobody@example.test"}


def test_a_logout_is_recorded(client, client_user):
    client.force_login(client_user)
    client.post(reverse("account_logout"))
    assert AuditEvent.objects.filter(action="auth.logout", actor=client_user).exists()


def test_a_wrong_totp_code_and_mfa_enrolment_are_recorded(client, case_manager):
    client.post(reverse("account_login"), {"login": case_manager.email, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": "123456" if totp_code() != "123456" else "1"})
    assert AuditEvent.objects.filter(action="mfa.failed", actor=case_manager).exists()


def test_behind_one_trusted_proxy_the_address_it_saw_is_recorded(rf, client_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # 198.51.100.1 was written by the caller (anyone can); 192.0.2.9 by our proxy.
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.9", REMOTE_ADDR="10.0.0.1")
    event = audit_record(actor=client_user, action="test.view", request=request)
    assert event.ip == "192.0.2.9"


def test_without_a_trusted_proxy_a_forwarded_address_is_ignored(rf, client_user, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="203.0.113.7")
    event = audit_record(actor=client_user, action="test.view", request=request)
    assert event.ip == "203.0.113.7"


def test_a_malformed_forwarded_address_is_not_recorded_and_breaks_nothing(
    rf, client_user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-address", REMOTE_ADDR="10.0.0.1")
    event = audit_record(actor=client_user, action="test.view", request=request)
    assert event.ip is None


def test_an_event_cannot_be_updated_in_the_database(db, client_user):
    event = audit_record(actor=client_user, action="test.view")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="test.edited")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        event.action = "test.edited"
        event.save()
    event.refresh_from_db()
    assert event.action == "test.view"


def test_an_event_cannot_be_deleted_even_with_raw_sql(db, client_user):
    event = audit_record(actor=client_user, action="test.view")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        event.delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_person_with_audit_events_cannot_be_deleted(db, client_user):
    audit_record(actor=client_user, action="test.view")
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017  (ProtectedError)
        client_user.delete()


def test_the_admin_shows_events_read_only(client, admin_user):
    event = audit_record(actor=admin_user, action="test.view")
    client.force_login(admin_user)
    url = reverse("admin:audit_auditevent_change", args=[event.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b'name="action"' not in response.content  # no editable field
    response = client.post(url, {"action": "test.edited"})
    assert response.status_code == 403
    assert client.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
