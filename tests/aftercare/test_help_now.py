"""'Talk to someone now': the on-call staff (and only they) are alerted at once, on their
fastest channel, with the client's name and phone; it is audited and shows on their Today;
the client sees it was received."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from aftercare.models import HelpRequest, OnCallShift
from aftercare.services.checkin import help_now_request, help_request_handle
from recovery_portal.audit.models import AuditEvent
from recovery_portal.notifications.dispatch import dispatch_due_reminders
from recovery_portal.notifications.models import (
    CHOOSABLE_KINDS,
    Preference,
    Reminder,
    ReminderKind,
    ReminderState,
)
from recovery_portal.notifications.tasks import dispatch_due_reminders as dispatch_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_call(other_case_manager):
    """The other case manager is on call now (the client is not on their caseload)."""
    now = timezone.now()
    OnCallShift.objects.create(
        staff=other_case_manager,
        starts_at=now - dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(hours=6),
    )
    return other_case_manager


@pytest.fixture
def off_call(supervisor):
    """The supervisor's shift ended an hour ago."""
    now = timezone.now()
    OnCallShift.objects.create(
        staff=supervisor, starts_at=now - dt.timedelta(hours=9), ends_at=now - dt.timedelta(hours=1)
    )
    return supervisor


def test_it_reaches_the_on_call_staff_only_at_once_and_is_audited(
    client_record, client_user, on_call, off_call, case_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        help_request = help_now_request(client=client_record, actor=client_user)
    # The dispatcher is asked to run as soon as the request is committed.
    assert [c.func if hasattr(c, "func") else c for c in callbacks] == [dispatch_task.delay]

    assert list(help_request.alerted.all()) == [on_call]
    row = Reminder.objects.get()
    assert row.recipient == on_call and row.send_at <= timezone.now()

    dispatch_due_reminders(time_budget=5)
    assert [m.to for m in mail.outbox] == [[on_call.email]]
    event = AuditEvent.objects.get(action="aftercare.help_now")
    assert event.client_id == client_record.pk
    assert event.details == {"alerted": [on_call.pk]}


def test_the_alert_stays_discreet_even_for_staff_who_turned_discreet_wording_off(
    client, client_record, client_user, on_call
):
    # It wakes someone at any hour, on a screen others may see, about someone else: who and
    # how to call are behind sign-in, on Today.
    Preference.objects.create(user=on_call, discreet=False)
    help_now_request(client=client_record, actor=client_user)
    dispatch_due_reminders(time_budget=5)
    body = mail.outbox[-1].body
    assert client_record.display_name not in body and client_record.phone not in body
    client.force_login(on_call)
    today = client.get(reverse("home:today")).content.decode()
    assert client_record.display_name in today and client_record.phone in today


def test_the_alert_reaches_staff_who_switched_e_mail_off_and_offers_no_way_to_stop_it(
    client_record, client_user, on_call
):
    Preference.objects.create(user=on_call, email_enabled=False)
    help_now_request(client=client_record, actor=client_user)
    dispatch_due_reminders(time_budget=5)
    [message] = mail.outbox
    assert message.to == [on_call.email]
    assert "List-Unsubscribe" not in message.extra_headers
    assert "stop them" not in message.body


def test_the_fastest_channel_is_a_text_message_when_the_staff_member_has_one(
    client_record, client_user, on_call
):
    Preference.objects.create(user=on_call, sms_enabled=True, phone="+15550100")
    help_now_request(client=client_record, actor=client_user)
    assert list(Reminder.objects.values_list("channel", flat=True)) == ["sms"]


def test_with_nobody_on_call_the_clients_own_case_manager_is_alerted(
    client_record, client_user, case_manager, off_call
):
    help_request = help_now_request(client=client_record, actor=client_user)
    assert list(help_request.alerted.all()) == [case_manager]


def test_the_on_call_staff_see_it_on_today_with_name_and_phone_and_others_do_not(
    client, client_record, client_user, on_call, facilitator
):
    help_now_request(client=client_record, actor=client_user)
    client.force_login(on_call)
    page = client.get(reverse("home:today")).content.decode()
    assert "Talk to someone now" in page
    assert client_record.display_name in page and client_record.phone in page
    client.force_login(facilitator)
    assert client_record.display_name not in client.get(reverse("home:today")).content.decode()


def test_answering_it_takes_it_off_today(client, client_record, client_user, on_call):
    help_request = help_now_request(client=client_record, actor=client_user)
    client.force_login(on_call)
    response = client.post(reverse("aftercare:help_handle", args=[help_request.pk]))
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.handled_by == on_call
    assert client_record.display_name not in client.get(reverse("home:today")).content.decode()


def test_the_client_presses_the_button_and_sees_that_it_was_received(
    client, client_record, client_user, on_call
):
    client.force_login(client_user)
    response = client.post(reverse("aftercare:help_now"), follow=True)
    page = response.content.decode()
    assert "We received your message" in page
    assert "was received" in page
    assert HelpRequest.objects.filter(client=client_record).count() == 1


def test_pressing_again_while_the_request_is_unanswered_does_not_alert_twice(
    client, client_record, client_user, on_call
):
    first = help_now_request(client=client_record, actor=client_user)
    HelpRequest.objects.filter(pk=first.pk).update(at=timezone.now() - dt.timedelta(minutes=30))
    again = help_now_request(client=client_record, actor=client_user)
    assert again == first and Reminder.objects.count() == 1
    client.force_login(client_user)
    page = client.post(reverse("aftercare:help_now"), follow=True).content.decode()
    assert "We already have your request" in page
    help_request_handle(help_request=first, actor=on_call)
    later = help_now_request(client=client_record, actor=client_user)
    assert later != first and Reminder.objects.count() == 2


def test_the_alert_is_urgent_and_reaches_staff_in_quiet_hours_and_despite_opting_out(
    client_record, client_user, on_call
):
    # Quiet all day, and every kind of reminder the settings page offers turned off.
    Preference.objects.create(
        user=on_call,
        quiet_start=dt.time(0, 0),
        quiet_end=dt.time(23, 59),
        opted_out_kinds=[kind for kind, _ in CHOOSABLE_KINDS],
    )
    help_now_request(client=client_record, actor=client_user)
    dispatch_due_reminders(time_budget=5)
    row = Reminder.objects.get()
    assert row.kind == ReminderKind.URGENT and row.state == ReminderState.SENT
    assert [m.to for m in mail.outbox] == [[on_call.email]]


def test_the_urgent_alert_is_discreet_by_default(client_record, client_user, on_call):
    help_now_request(client=client_record, actor=client_user)
    dispatch_due_reminders(time_budget=5)
    message = mail.outbox[-1]
    assert message.subject == "Urgent: someone is waiting for your call"
    assert client_record.display_name not in message.body
    assert client_record.phone not in message.body


def test_urgent_alerts_cannot_be_switched_off_on_the_settings_page(client, on_call):
    client.force_login(on_call)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert ReminderKind.URGENT.label not in page
    assert ReminderKind.URGENT not in dict(CHOOSABLE_KINDS)
