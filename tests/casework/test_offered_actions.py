"""Offer only what can succeed (issue 18 item 5): an appointment still to come offers moving
or cancelling, never "Completed"; every form on the page, submitted, answers no 4xx."""

import pytest
from django.urls import reverse

from casework.models import AppointmentStatus
from casework.services.appointment import appointment_set_status
from tests.page_forms import statuses_of_every_submission

from .helpers import appointment_make

pytestmark = pytest.mark.django_db


def _page(client, appointment):
    return client.get(
        reverse("casework:appointment", args=[appointment.client_id, appointment.pk])
    ).content.decode()


def test_an_appointment_still_to_come_offers_move_and_cancel_but_not_completed(
    client, client_record, case_manager
):
    appointment = appointment_make(client_record, case_manager, in_days=2)
    client.force_login(case_manager)
    page = _page(client, appointment)
    assert "Move to another time" in page
    assert "Cancel the appointment" in page
    assert 'value="completed"' not in page
    assert 'value="no_show"' not in page
    assert "once the appointment's time has come" in page


def test_an_appointment_whose_time_has_come_offers_completed(client, client_record, case_manager):
    appointment = appointment_make(client_record, case_manager, in_days=-0.01)
    client.force_login(case_manager)
    page = _page(client, appointment)
    assert 'value="completed"' in page
    assert 'value="no_show"' in page
    response = client.post(
        reverse("casework:appointment_status", args=[client_record.pk, appointment.pk]),
        {"status": "completed"},
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.COMPLETED


def test_cancelling_an_appointment_still_to_come_from_its_page_works(
    client, client_record, case_manager
):
    appointment = appointment_make(client_record, case_manager, in_days=2)
    client.force_login(case_manager)
    client.post(
        reverse("casework:appointment_status", args=[client_record.pk, appointment.pk]),
        {"status": "cancelled"},
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


@pytest.mark.parametrize("state", ["ahead", "started", "yesterday", "completed", "cancelled"])
def test_every_form_on_an_appointment_page_succeeds(client, client_record, case_manager, state):
    in_days = {"ahead": 2, "started": -0.005, "yesterday": -0.9}.get(state, -0.5)
    appointment = appointment_make(client_record, case_manager, in_days=in_days)
    if state in ("completed", "cancelled"):
        appointment_set_status(appointment=appointment, status=state, actor=case_manager)
    url = reverse("casework:appointment", args=[client_record.pk, appointment.pk])
    results = statuses_of_every_submission(client, case_manager, url)
    assert results  # at least "Sign out"
    assert [r for r in results if r[1] >= 400] == []
