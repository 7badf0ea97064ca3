"""The stored last contact (``Client.last_contact_at``) is kept by casework's contact paths:
a progress note (its contact date, and a draft's date moved), a completed appointment."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from casework.models import AppointmentStatus
from casework.services.appointment import appointment_set_status
from casework.services.note import note_update
from clients.models import Client

from .helpers import appointment_make, note_make

pytestmark = pytest.mark.django_db


def _stored(client_record):
    return Client.objects.get(pk=client_record.pk).last_contact_at


def test_a_progress_note_is_a_contact_on_its_contact_date(case_manager, client_record):
    assert _stored(client_record) is None
    day = timezone.localdate() - timedelta(days=3)
    note = note_make(client_record, case_manager, contact_date=day)
    assert _stored(client_record) == datetime.combine(day, time(), tzinfo=UTC)
    earlier = day - timedelta(days=10)
    note_update(note=note, actor=case_manager, fields={"contact_date": earlier})
    assert _stored(client_record) == datetime.combine(earlier, time(), tzinfo=UTC)


def test_a_completed_appointment_is_a_contact_and_a_missed_one_is_not(case_manager, client_record):
    with time_machine.travel(timezone.now() - timedelta(days=2, hours=2)):
        missed = appointment_make(client_record, case_manager, in_days=0.05)
        kept = appointment_make(client_record, case_manager, in_days=0.06)
    appointment_set_status(appointment=missed, status=AppointmentStatus.NO_SHOW, actor=case_manager)
    assert _stored(client_record) is None
    appointment_set_status(appointment=kept, status=AppointmentStatus.COMPLETED, actor=case_manager)
    kept.refresh_from_db()
    assert _stored(client_record) == kept.starts_at
