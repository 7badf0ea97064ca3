"""Replies to text reminders: "C"/"yes" confirms an appointment, "R"/"move" asks to move it
(the same request as the portal's button), "C" to a group meeting's reminder is an RSVP;
anything else goes to the case manager's inbox, read under audit. Each text is stored once
and acted on once, however often the provider delivers it."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casework.models import RescheduleRequest
from casework.services.appointment import MOVE_BY_TEXT
from clients.selectors.texts import text_inbox_for, unread_count_for
from groups.models import RSVP, RSVPAnswer
from recovery_portal.audit.models import AuditEvent
from recovery_portal.notifications.dispatch import dispatch_due_reminders
from recovery_portal.notifications.inbound import (
    help_text,
    inbound_text_store,
    inbound_texts_process_pending,
    inbox_text,
)
from recovery_portal.notifications.models import (
    Channel,
    InboundOutcome,
    InboundText,
    ReminderKind,
)
from recovery_portal.notifications.services import reminders_schedule
from tests.casework.helpers import appointment_make
from tests.groups.helpers import group_with_member, next_session_of

from .texting import CLIENT_PHONE, reply_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded_appointment(texting_client, client_record, case_manager, sms_provider):
    """An appointment in 12 hours whose text reminder went out (a real dispatcher run)."""
    appointment = appointment_make(client_record, case_manager, in_days=0.5)
    dispatch_due_reminders()
    assert texting_client.reminders.get(channel=Channel.SMS).provider_sid
    return appointment


@pytest.mark.parametrize("body", ["C", "c", " yes ", "YES", "Yes."])
def test_c_or_yes_confirms_the_appointment(body, text, reminded_appointment):
    response = text(body)
    assert reply_of(response) == "Thank you: your appointment is confirmed."
    reminded_appointment.refresh_from_db()
    assert reminded_appointment.confirmed_at is not None
    stored = InboundText.objects.get()
    assert stored.outcome == InboundOutcome.CONFIRMED
    assert stored.reminder.source == reminded_appointment
    assert AuditEvent.objects.filter(action="appointment.confirm").count() == 1


def test_the_confirmation_shows_on_the_appointment_and_today(
    text, texting_client, client, case_manager, client_record, sms_provider
):
    noon = datetime.combine(
        timezone.localdate(), time(12, 0), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(noon, tick=True):
        appointment = appointment_make(client_record, case_manager, in_days=0.2)
        dispatch_due_reminders()
        text("C")
        client.force_login(case_manager)
        page = client.get(
            reverse("casework:appointment", args=[client_record.pk, appointment.pk])
        ).content.decode()
        assert "Confirmed by the client on" in page
        today = client.get(reverse("home:today")).content.decode()
        assert "(confirmed by the client)" in today


@pytest.mark.parametrize("body", ["R", "r", "move", " MOVE "])
def test_r_or_move_asks_to_move_it_as_the_portals_button_does(body, text, reminded_appointment):
    response = text(body)
    assert reply_of(response) == "Thank you: we will be in touch to find another time."
    asked = RescheduleRequest.objects.get()
    assert asked.appointment == reminded_appointment
    assert asked.message == MOVE_BY_TEXT
    assert asked.resolved_at is None
    assert AuditEvent.objects.filter(action="appointment.reschedule_request").count() == 1
    assert InboundText.objects.get().outcome == InboundOutcome.MOVE_ASKED


def test_a_second_move_goes_to_the_inbox_instead_of_a_second_request(text, reminded_appointment):
    text("R")
    response = text("R")
    assert reply_of(response) == inbox_text()
    assert RescheduleRequest.objects.count() == 1
    assert InboundText.objects.filter(outcome=InboundOutcome.INBOX).count() == 1


def test_c_to_a_group_meetings_reminder_is_an_rsvp(
    text, texting_client, client_record, supervisor, facilitator, sms_provider
):
    group = group_with_member(supervisor, facilitator, client_record)
    session = next_session_of(group)
    reminders_schedule(
        recipient=texting_client,
        kind=ReminderKind.MEETING,
        source=session,
        send_at=timezone.now() - timedelta(minutes=1),
        key="before",
        channel=Channel.SMS,
    )
    dispatch_due_reminders()
    response = text("c")
    assert reply_of(response) == "Thank you: you are on the list for the meeting."
    assert RSVP.objects.get(session=session, client=client_record).answer == RSVPAnswer.GOING
    assert InboundText.objects.get().outcome == InboundOutcome.RSVP


def test_the_most_recent_reminder_sent_decides(
    text, texting_client, client_record, case_manager, sms_provider
):
    first = appointment_make(client_record, case_manager, in_days=0.5)
    dispatch_due_reminders()
    second = appointment_make(client_record, case_manager, in_days=0.7)
    dispatch_due_reminders()
    text("C")
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.confirmed_at is not None
    assert first.confirmed_at is None


def test_anything_else_goes_to_the_case_managers_inbox(
    text, reminded_appointment, case_manager, other_case_manager, supervisor, client_record
):
    response = text("can't make it, my bus is late")
    assert reply_of(response) == inbox_text()
    stored = InboundText.objects.get()
    assert stored.outcome == InboundOutcome.INBOX
    [shown] = text_inbox_for(case_manager)
    assert shown == stored
    assert shown.client == client_record
    assert unread_count_for(case_manager) == 1
    assert text_inbox_for(supervisor) == [stored]
    assert text_inbox_for(other_case_manager) == []
    assert reminded_appointment.reschedule_requests.count() == 0


def test_c_without_any_reminder_sent_goes_to_the_inbox(text, texting_client):
    assert reply_of(text("C")) == inbox_text()
    assert InboundText.objects.get().outcome == InboundOutcome.INBOX


def test_opening_a_text_is_an_audited_read(
    text, texting_client, client, case_manager, client_record
):
    text("call me please")
    stored = InboundText.objects.get()
    client.force_login(case_manager)
    today = client.get(reverse("home:today")).content.decode()
    inbox = client.get(reverse("clients:text_inbox")).content.decode()
    assert "Texts from clients" in today
    # The lists say who and when, and that it is new; the words only on the audited page.
    name = client_record.display_name
    for listing in (today, inbox):
        assert name in listing
        assert reverse("clients:text_message", args=[stored.pk]) in listing
        assert "call me please" not in listing
    assert ">new<" in today
    assert "<strong>New</strong>" in inbox
    assert not AuditEvent.objects.filter(action="notifications.text.read").exists()

    page = client.get(reverse("clients:text_message", args=[stored.pk]))
    assert page.status_code == 200
    assert "call me please" in page.content.decode()
    stored.refresh_from_db()
    assert stored.read_at is not None
    assert stored.read_by == case_manager
    read = AuditEvent.objects.get(action="notifications.text.read")
    assert read.actor == case_manager
    view = AuditEvent.objects.filter(action="client.view", client_id=client_record.pk).latest("pk")
    assert view.details == {"part": "text message"}
    assert "call me please" not in str(read.details) + str(view.details)
    assert unread_count_for(case_manager) == 0
    inbox = client.get(reverse("clients:text_inbox")).content.decode()
    assert "Read " in inbox
    assert "<strong>New</strong>" not in inbox


def test_a_text_out_of_scope_is_a_404(text, texting_client, client, other_case_manager):
    text("call me please")
    client.force_login(other_case_manager)
    stored = InboundText.objects.get()
    assert client.get(reverse("clients:text_message", args=[stored.pk])).status_code == 404


def test_the_same_message_id_twice_acts_once(text, reminded_appointment):
    first = text("R", sid="SMsame000000000000000000000000001")
    again = text("R", sid="SMsame000000000000000000000000001")
    assert reply_of(first) == "Thank you: we will be in touch to find another time."
    assert again.status_code == 200
    assert reply_of(again) == ""
    assert InboundText.objects.count() == 1
    assert RescheduleRequest.objects.count() == 1
    assert AuditEvent.objects.filter(action="notifications.text.move_asked").count() == 1


def test_a_stop_delivered_twice_is_one_stop(text, texting_client):
    text("STOP", sid="SMtwice00000000000000000000000001")
    text("STOP", sid="SMtwice00000000000000000000000001")
    assert AuditEvent.objects.filter(action="notifications.text.stopped").count() == 1


def test_a_text_stored_before_a_crash_is_acted_on_later(texting_client, sms_provider):
    """Stored, then the web process died before acting: the periodic task acts on it, once."""
    stored, created = inbound_text_store(sid="SMcrash", from_number=CLIENT_PHONE, body="STOP")
    assert created
    assert stored.processed_at is None
    assert inbound_texts_process_pending(older_than_seconds=0) == 1
    stored.refresh_from_db()
    assert stored.outcome == InboundOutcome.STOPPED
    assert inbound_texts_process_pending(older_than_seconds=0) == 0
    _, created = inbound_text_store(sid="SMcrash", from_number=CLIENT_PHONE, body="STOP")
    assert not created


def test_a_number_shared_by_two_clients_is_credited_to_neither(
    text,
    reminded_appointment,
    client_record,
    case_manager,
    other_client_user,
    other_client_record,
    other_case_manager,
):
    """42 CFR Part 2: a text from a phone two clients use could be either's, so it goes into
    no one's record, inbox or export, and a "C" confirms nothing; the sender gets the neutral
    HELP answer, and the text is kept for administrators like an unknown number's."""
    from clients.selectors.export import texts_export

    from .conftest import set_preference

    set_preference(other_client_user, email_enabled=False, sms_enabled=True, phone=CLIENT_PHONE)
    assert reply_of(text("C")) == help_text()
    assert reply_of(text("it's Sam, on Jo's phone")) == help_text()

    reminded_appointment.refresh_from_db()
    assert reminded_appointment.confirmed_at is None
    assert InboundText.objects.count() == 2
    for stored in InboundText.objects.all():
        assert stored.sender is None
        assert stored.reminder is None
        assert stored.outcome == InboundOutcome.UNKNOWN_NUMBER
    assert text_inbox_for(case_manager) == []
    assert text_inbox_for(other_case_manager) == []
    assert texts_export(client_record) == []
    assert texts_export(other_client_record) == []
