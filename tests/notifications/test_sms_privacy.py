"""Text messages keep phone numbers out of what staff and clients see, never send the
provider's credentials anywhere but the provider, and are not faked in production."""

import pytest

from recovery_portal.notifications.channels import scrub_phone_numbers
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


def test_a_provider_error_quoting_the_number_is_stored_without_it(
    sms_provider, texting_client, remind
):
    sms_provider.mode = "number-in-error"
    remind(texting_client)
    dispatch_due_reminders()
    row = _row()
    assert row.state == ReminderState.FAILED
    assert "555" not in row.last_error and "4567" not in row.last_error
    assert "21211" in row.last_error  # the provider's error code still says what went wrong
    assert "[number]" in row.last_error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The 'To' number +1 (555) 123-4567 is bad", "The 'To' number [number] is bad"),
        ("to 5551234567: unreachable", "to [number]: unreachable"),
        ("HTTP 500: 20500 Internal Server Error", "HTTP 500: 20500 Internal Server Error"),
    ],
)
def test_phone_numbers_are_scrubbed_and_error_codes_kept(text, expected):
    assert scrub_phone_numbers(text) == expected


def test_a_redirect_from_the_provider_is_not_followed_with_the_credentials(
    sms_provider, texting_client, remind
):
    sms_provider.mode = "redirect"
    remind(texting_client)
    dispatch_due_reminders()
    assert [r["path"] for r in sms_provider.requests] == [
        "/2010-04-01/Accounts/ACtest/Messages.json"
    ]
    row = _row()
    assert row.state != ReminderState.SENT
    assert "redirect" in row.last_error


def test_the_provider_is_never_called_over_plain_http_on_the_internet(
    sms_provider, texting_client, remind, settings
):
    settings.SMS_API_URL = "http://sms.example.net"
    remind(texting_client)
    dispatch_due_reminders()
    row = _row()
    assert row.state == ReminderState.FAILED
    assert "https" in row.last_error
    assert sms_provider.requests == []


def test_with_no_provider_set_a_text_fails_visibly_instead_of_pretending(
    texting_client, remind, settings, capsys
):
    settings.SMS_BACKEND = "disabled"
    remind(texting_client)
    dispatch_due_reminders()
    row = _row()
    assert row.state == ReminderState.FAILED
    assert "not set up" in row.last_error
    assert "5551234567" not in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_errors_stored_before_scrubbing_lose_their_numbers_in_the_migration(texting_client, remind):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    remind(texting_client)
    executor = MigrationExecutor(connection)
    executor.migrate([("notifications", "0001_reminder_outbox")])
    Reminder.objects.update(last_error="PermanentSendError: +1 555 123 4567 is not valid (21211)")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert _row().last_error == "PermanentSendError: [number] is not valid (21211)"
