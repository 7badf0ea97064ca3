"""Appointments: booking, moving and cancelling keep the outbox's reminders in step; the
wording is discreet; the client can ask to move one; the staff member sees their week."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.models import Appointment, AppointmentStatus, RescheduleRequest
from casework.panels import today as today_panel
from casework.services.appointment import (
    appointment_reschedule,
    appointment_set_status,
    reschedule_request_create,
)
from recovery_portal.notifications.dispatch import dispatch_due_reminders
from recovery_portal.notifications.models import Reminder, ReminderKind, ReminderState

from .helpers import appointment_make

pytestmark = pytest.mark.django_db


def _reminders(appointment):
    return Reminder.objects.filter(
        source_type__model="appointment", source_id=str(appointment.pk)
    ).order_by("recipient_id")


def test_booking_schedules_a_reminder_a_day_ahead_to_the_client_and_the_staff_member(
    client_record, case_manager, client_user
):
    appointment = appointment_make(client_record, case_manager, in_days=3)
    rows = list(_reminders(appointment))
    assert {r.recipient_id for r in rows} == {case_manager.pk, client_user.pk}
    assert all(r.kind == ReminderKind.APPOINTMENT for r in rows)
    assert all(r.state == ReminderState.SCHEDULED for r in rows)
    assert all(r.send_at == appointment.starts_at - timedelta(hours=24) for r in rows)


def test_a_client_without_portal_access_gets_no_reminder_but_staff_do(
    other_client_record, other_case_manager, other_client_user
):
    other_client_user.set_unusable_password()
    other_client_user.save()
    appointment = appointment_make(other_client_record, other_case_manager)
    assert [r.recipient_id for r in _reminders(appointment)] == [other_case_manager.pk]


def test_moving_an_appointment_moves_its_reminders_to_the_new_time(client_record, case_manager):
    old = appointment_make(client_record, case_manager, in_days=3)
    new_time = old.starts_at + timedelta(days=2, hours=1)
    new = appointment_reschedule(appointment=old, starts_at=new_time, actor=case_manager)
    old.refresh_from_db()
    assert old.status == AppointmentStatus.RESCHEDULED
    assert old.rescheduled_to == new
    assert {r.state for r in _reminders(old)} == {ReminderState.CANCELLED}
    moved = list(_reminders(new))
    assert len(moved) == 2
    assert all(r.state == ReminderState.SCHEDULED for r in moved)
    assert all(r.send_at == new_time - timedelta(hours=24) for r in moved)


def test_cancelling_an_appointment_cancels_its_reminders(client_record, case_manager):
    appointment = appointment_make(client_record, case_manager)
    appointment_set_status(
        appointment=appointment, status=AppointmentStatus.CANCELLED, actor=case_manager
    )
    assert {r.state for r in _reminders(appointment)} == {ReminderState.CANCELLED}
    with time_machine.travel(appointment.starts_at - timedelta(hours=1)):
        dispatch_due_reminders()
    assert mail.outbox == []


def test_an_appointment_booked_within_a_day_is_announced_right_away_in_discreet_words(
    client_record, case_manager, client_user
):
    appointment = appointment_make(client_record, case_manager, in_days=0.1, kind="medical")
    dispatch_due_reminders()
    to_client = [m for m in mail.outbox if m.to == [client_user.email]]
    assert len(to_client) == 1
    message = to_client[0]
    assert message.subject.startswith("Reminder: your ")
    assert "appointment" in message.subject
    for word in ("Medical", "medical", "Room 2", "recovery", "Recovery", case_manager.full_name):
        assert word not in message.subject
        assert word not in message.body
    assert reverse("casework:my_appointments") in message.body
    assert appointment.status == AppointmentStatus.SCHEDULED


def test_a_cancelled_appointment_is_not_announced_even_if_its_reminder_was_claimed(
    client_record, case_manager
):
    appointment = appointment_make(client_record, case_manager)
    appointment_set_status(
        appointment=appointment, status=AppointmentStatus.CANCELLED, actor=case_manager
    )
    reminder = Reminder.objects.filter(source_id=str(appointment.pk)).first()
    appointment.refresh_from_db()
    assert appointment.reminder_message(reminder) is None


def test_an_outcome_other_than_cancelled_waits_until_the_appointment_has_begun(
    client_record, case_manager
):
    appointment = appointment_make(client_record, case_manager)
    with pytest.raises(ValidationError):
        appointment_set_status(
            appointment=appointment, status=AppointmentStatus.COMPLETED, actor=case_manager
        )
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.SCHEDULED


def test_booking_without_a_place_or_a_link_is_refused_on_the_form_and_saves_nothing(
    client, case_manager, client_record
):
    client.force_login(case_manager)
    day = timezone.localdate() + timedelta(days=2)
    response = client.post(
        reverse("casework:appointment_new", args=[client_record.pk]),
        {
            "kind": "counseling",
            "staff": case_manager.pk,
            "day": day.isoformat(),
            "at": "10:00",
            "duration_minutes": 50,
            "place": "",
            "video_url": "",
        },
    )
    assert response.status_code == 200
    assert "Please give a place, or a video link." in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_case_manager_books_through_the_page(client, case_manager, client_record):
    client.force_login(case_manager)
    day = timezone.localdate() + timedelta(days=2)
    response = client.post(
        reverse("casework:appointment_new", args=[client_record.pk]),
        {
            "kind": "counseling",
            "staff": case_manager.pk,
            "day": day.isoformat(),
            "at": "10:00",
            "duration_minutes": 45,
            "place": "",
            "video_url": "https://video.example.org/room/42",
        },
    )
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert timezone.localtime(appointment.starts_at).hour == 10
    assert appointment.duration_minutes == 45


def test_the_client_asks_to_move_an_appointment_and_their_case_manager_sees_it_today(
    client, client_user, client_record, case_manager
):
    appointment = appointment_make(client_record, case_manager)
    client.force_login(client_user)
    response = client.post(
        reverse("casework:my_reschedule", args=[appointment.pk]),
        {"message": "Thursdays after 3 pm are better for me."},
    )
    assert response.status_code == 302
    assert RescheduleRequest.objects.get().appointment == appointment
    panel = today_panel(case_manager)
    assert [r.appointment_id for r in panel["requests"]] == [appointment.pk]
    page = client.get(reverse("casework:my_appointments")).content.decode()
    assert "You asked to move this one" in page


def test_moving_the_appointment_answers_the_clients_request(client_record, case_manager):
    appointment = appointment_make(client_record, case_manager)
    asked = reschedule_request_create(
        appointment=appointment, user=client_record.user, message="Mornings, please"
    )
    appointment_reschedule(
        appointment=appointment,
        starts_at=appointment.starts_at + timedelta(hours=-3),
        actor=case_manager,
    )
    asked.refresh_from_db()
    assert asked.resolved_by == case_manager


def test_another_client_cannot_ask_to_move_someone_elses_appointment(
    client, other_client_user, client_record, case_manager
):
    appointment = appointment_make(client_record, case_manager)
    client.force_login(other_client_user)
    response = client.post(
        reverse("casework:my_reschedule", args=[appointment.pk]), {"message": "Tuesday"}
    )
    assert response.status_code == 404
    assert not RescheduleRequest.objects.exists()


def test_the_week_shows_my_appointments_and_not_my_colleagues(
    client, case_manager, other_case_manager, client_record, other_client_record
):
    mine = appointment_make(client_record, case_manager, in_days=0.2)
    theirs = appointment_make(other_client_record, other_case_manager, in_days=0.2)
    client.force_login(case_manager)
    page = client.get(reverse("casework:week")).content.decode()
    assert reverse("casework:appointment", args=[client_record.pk, mine.pk]) in page
    assert reverse("casework:appointment", args=[other_client_record.pk, theirs.pk]) not in page
    assert "Robin" not in page


def test_keeping_the_time_answers_the_request_and_leaves_the_appointment(
    client, client_record, case_manager
):
    appointment = appointment_make(client_record, case_manager)
    reschedule_request_create(
        appointment=appointment, user=client_record.user, message="Can we do Friday?"
    )
    client.force_login(case_manager)
    response = client.post(
        reverse("casework:reschedule_request_answer", args=[client_record.pk, appointment.pk])
    )
    assert response.status_code == 302
    assert RescheduleRequest.objects.get().resolved_by == case_manager
    assert Appointment.objects.get().status == AppointmentStatus.SCHEDULED
    assert today_panel(case_manager)["requests"] == []
