"""One service changes a client's identity and contact details, whoever edits: it validates
the whole record, saves and audits only a real change, and says who changed it."""

import pytest
from django.core.exceptions import ValidationError

from clients.services.record import client_update
from recovery_portal.audit.models import AuditEvent


def _updates(client_record):
    return AuditEvent.objects.filter(action="client.update", client_id=client_record.pk)


def test_staff_change_is_audited_with_the_fields_and_by_staff(case_manager, client_record):
    changed = client_update(
        client=client_record,
        actor=case_manager,
        fields={"preferred_name": " Jay ", "email": "Jay@Example.TEST"},
    )
    client_record.refresh_from_db()
    assert changed == ["preferred_name", "email"]
    assert (client_record.preferred_name, client_record.email) == ("Jay", "jay@example.test")
    event = _updates(client_record).get()
    assert (event.actor, event.details) == (
        case_manager,
        {"fields": ["email", "preferred_name"], "by": "staff"},
    )


def test_the_clients_own_change_is_audited_as_by_the_client(client_user, client_record):
    client_update(client=client_record, actor=client_user, fields={"pronouns": "they/them"})
    assert _updates(client_record).get().details == {"fields": ["pronouns"], "by": "client"}


def test_nothing_changed_means_nothing_saved_or_audited(case_manager, client_record):
    same = {"legal_first_name": client_record.legal_first_name, "email": client_record.email}
    assert client_update(client=client_record, actor=case_manager, fields=same) == []
    assert not _updates(client_record).exists()


def test_the_whole_record_is_validated_for_staff_and_client_alike(
    case_manager, client_user, client_record
):
    for actor in (case_manager, client_user):
        with pytest.raises(ValidationError):
            client_update(client=client_record, actor=actor, fields={"email": "not an e-mail"})
    client_record.refresh_from_db()
    assert client_record.email != "not an e-mail"
    assert not _updates(client_record).exists()


def test_a_client_cannot_change_their_legal_name(client_user, client_record):
    with pytest.raises(ValidationError):
        client_update(client=client_record, actor=client_user, fields={"legal_last_name": "X"})
    client_record.refresh_from_db()
    assert client_record.legal_last_name != "X"
