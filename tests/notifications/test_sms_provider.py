"""The Twilio-compatible SMS backend against a real local HTTP server: success, provider
errors retried with back-off, a bad number failed at once, the error visible on the row."""

from datetime import timedelta
from urllib.parse import parse_qs

import pytest
import time_machine
from django.utils import timezone

from recovery_portal.notifications.dispatch import dispatch_due_reminders
from recovery_portal.notifications.models import Channel, Reminder, ReminderState

from .conftest import set_preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def texting_client(client_user):
    set_preference(client_user, email_enabled=False, sms_enabled=True, phone="+15551234567")
    return client_user


def _row() -> Reminder:
    return Reminder.objects.get(channel=Channel.SMS)


def test_a_text_message_is_posted_to_the_provider_with_its_credentials(
    sms_provider, texting_client, remind
):
    remind(texting_client)
    assert dispatch_due_reminders().counts == {"claimed": 1, "sent": 1}
    [request] = sms_provider.requests
    assert request["path"] == "/2010-04-01/Accounts/ACtest/Messages.json"
    assert request["auth"].startswith("Basic ")
    form = parse_qs(request["body"])
    assert form["To"] == ["+15551234567"]
    assert form["From"] == ["+15550000000"]
    assert form["Body"][0].startswith("Reminder: your ")
    assert _row().state == ReminderState.SENT


def test_an_http_500_is_retried_with_growing_delays_then_fails_with_the_error_kept(
    sms_provider, texting_client, remind, settings
):
    settings.REMINDER_MAX_ATTEMPTS = 3
    settings.REMINDER_RETRY_SECONDS = 60
    sms_provider.mode = "500"
    remind(texting_client)
    start = timezone.now()

    assert dispatch_due_reminders().counts == {"claimed": 1, "retried": 1}
    row = _row()
    assert row.state == ReminderState.SCHEDULED
    assert row.last_error == (
        "SendError: SMS provider answered HTTP 500: 20500 Internal Server Error"
    )
    first_wait = row.due_at - start
    assert timedelta(seconds=59) < first_wait < timedelta(seconds=70)

    with time_machine.travel(row.due_at + timedelta(seconds=1), tick=False):
        assert dispatch_due_reminders().counts == {"claimed": 1, "retried": 1}
        second_wait = _row().due_at - timezone.now()
    assert timedelta(seconds=119) <= second_wait <= timedelta(seconds=121)

    with time_machine.travel(_row().due_at + timedelta(seconds=1), tick=False):
        assert dispatch_due_reminders().counts == {"claimed": 1, "failed": 1}
    row = _row()
    assert (row.state, row.attempts) == (ReminderState.FAILED, 3)
    assert "HTTP 500" in row.last_error
    assert len(sms_provider.requests) == 3


def test_a_provider_that_recovers_gets_the_message_on_the_next_try(
    sms_provider, texting_client, remind
):
    sms_provider.mode = "500"
    remind(texting_client)
    dispatch_due_reminders()
    sms_provider.mode = "ok"
    with time_machine.travel(_row().due_at + timedelta(seconds=1), tick=False):
        dispatch_due_reminders()
    row = _row()
    assert (row.state, row.attempts) == (ReminderState.SENT, 2)


def test_a_timeout_is_retried(sms_provider, texting_client, remind):
    sms_provider.mode = "timeout"
    remind(texting_client)
    assert dispatch_due_reminders().counts == {"claimed": 1, "retried": 1}
    row = _row()
    assert row.state == ReminderState.SCHEDULED
    assert "did not answer within 1 s" in row.last_error


def test_a_bad_number_fails_at_once_without_retrying(sms_provider, texting_client, remind):
    sms_provider.mode = "bad-number"
    remind(texting_client)
    assert dispatch_due_reminders().counts == {"claimed": 1, "failed": 1}
    row = _row()
    assert (row.state, row.attempts) == (ReminderState.FAILED, 1)
    assert row.last_error == (
        "PermanentSendError: SMS provider refused it (HTTP 400): "
        "21211 The 'To' number is not a valid phone number."
    )


def test_an_unreachable_provider_is_retried(sms_provider, texting_client, remind, settings):
    settings.SMS_API_URL = "http://127.0.0.1:9"  # the discard port: connection refused
    remind(texting_client)
    assert dispatch_due_reminders().counts == {"claimed": 1, "retried": 1}
    assert "unreachable" in _row().last_error


def test_the_console_backend_prints_the_message(texting_client, remind, settings, capsys):
    settings.SMS_BACKEND = "console"
    remind(texting_client)
    dispatch_due_reminders()
    assert "SMS to +15551234567" in capsys.readouterr().out
