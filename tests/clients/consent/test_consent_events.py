"""A consent that ends on an event ends when it happens: leaving the program (discharge or a
closed record) ends it at once, audited; staff record any other named event; until then, each
use of an event-only consent asks staff to confirm the event has not happened."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientStatus, Disclosure, InformationKind
from clients.models.consent import ConsentState
from clients.selectors.consent import covering_consent
from clients.services.consent import consent_event_happened
from clients.services.disclosure import DisclosureRefused, disclosure_record
from clients.services.record import client_status_change
from recovery_portal.audit.models import AuditEvent

from .helpers import consent_make

WHOLE = InformationKind.WHOLE_RECORD


def _leaving_consent(client_record, actor):
    return consent_make(
        client_record,
        actor,
        recipient_name="Eastside Clinic",
        information_kinds=[WHOLE],
        expires_on=None,
        expiry_event="when I leave the program",
    )


def _covered(client_record):
    return covering_consent(
        client=client_record, recipient="name:eastside-clinic", information=WHOLE
    )


@pytest.mark.parametrize("status", [ClientStatus.DISCHARGED, ClientStatus.CLOSED])
def test_leaving_the_program_ends_a_consent_that_ends_then_at_once_and_audited(
    status, client_record, case_manager
):
    consent = _leaving_consent(client_record, case_manager)
    assert _covered(client_record) == consent
    client_status_change(
        client=client_record, to_status=status, actor=case_manager, reason="Finished the program"
    )
    consent.refresh_from_db()
    assert consent.state == ConsentState.ENDED
    assert consent.ended_at is not None
    assert _covered(client_record) is None
    event = AuditEvent.objects.get(action="consent.end")
    assert event.details["event"] == "leaves_program"
    with pytest.raises(DisclosureRefused):
        disclosure_record(
            client=client_record,
            recipient="name:eastside-clinic",
            information=WHOLE,
            description="Whole record",
            actor=case_manager,
        )


def test_a_consent_with_a_date_is_not_ended_by_discharge(client_record, case_manager):
    consent = consent_make(client_record, case_manager, recipient_name="Eastside Clinic")
    client_status_change(
        client=client_record,
        to_status=ClientStatus.DISCHARGED,
        actor=case_manager,
        reason="Moved away",
    )
    consent.refresh_from_db()
    assert consent.state == ConsentState.ACTIVE


def _other_event_consent(client_record, actor):
    return consent_make(
        client_record,
        actor,
        recipient_name="Eastside Clinic",
        expires_on=None,
        expiry_event="when my court case is closed",
    )


def _share(client_record, actor, **extra):
    return disclosure_record(
        client=client_record,
        recipient="name:eastside-clinic",
        information=InformationKind.ATTENDANCE,
        description="Attendance in March",
        actor=actor,
        **extra,
    )


def test_an_event_only_consent_asks_staff_to_confirm_the_event_has_not_happened(
    client_record, case_manager
):
    _other_event_consent(client_record, case_manager)
    with pytest.raises(ValidationError) as error:
        _share(client_record, case_manager)
    assert "event_confirmed" in error.value.message_dict
    assert not Disclosure.objects.exists()
    disclosure = _share(client_record, case_manager, event_confirmed=True)
    assert disclosure.event_confirmed
    assert AuditEvent.objects.get(action="client.disclose").details["event_confirmed"] is True


def test_staff_record_that_the_named_event_happened_and_the_consent_ends(
    client, client_record, case_manager
):
    consent = _other_event_consent(client_record, case_manager)
    client.force_login(case_manager)
    url = reverse("clients:consent_event", kwargs={"client_pk": client_record.pk, "pk": consent.pk})
    response = client.post(url, {"happened_on": "", "note": ""})
    assert "Please give the date" in response.content.decode()
    response = client.post(url, {"happened_on": str(timezone.localdate()), "note": "Case closed"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.state == ConsentState.ENDED
    assert consent.ended_by == case_manager
    assert AuditEvent.objects.filter(action="consent.end", details__event="other").exists()
    with pytest.raises(DisclosureRefused):
        _share(client_record, case_manager, event_confirmed=True)


def test_the_event_cannot_be_recorded_twice_or_in_the_future(client_record, case_manager):
    consent = _other_event_consent(client_record, case_manager)
    with pytest.raises(ValidationError):
        consent_event_happened(
            consent=consent,
            actor=case_manager,
            happened_on=timezone.localdate() + timezone.timedelta(days=2),
        )
    consent_event_happened(consent=consent, actor=case_manager, happened_on=timezone.localdate())
    with pytest.raises(ValidationError):
        consent_event_happened(
            consent=consent, actor=case_manager, happened_on=timezone.localdate()
        )
