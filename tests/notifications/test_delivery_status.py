"""The provider's status callbacks update the text reminder they are about: delivered, or
undelivered/failed with the provider's error code (shown on the delivery log); the watchdog
says so when most texts of the last hour failed."""

from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from recovery_portal.notifications.dispatch import dispatch_due_reminders
from recovery_portal.notifications.models import (
    Channel,
    CustomReminder,
    Reminder,
    ReminderState,
)
from recovery_portal.ops.health import FAILING, OK, check_health, explain, texts_state

from .texting import post_signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_text(texting_client, remind, sms_provider):
    remind(texting_client)
    dispatch_due_reminders()
    row = Reminder.objects.get(channel=Channel.SMS)
    assert row.state == ReminderState.SENT
    assert row.provider_sid
    return row


def _status(client, sid, status, error_code=""):
    params = {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": "ACtest",
        "MessageStatus": status,
        "SmsStatus": status,
        "To": "+15551234567",
        "From": "+15550000000",
        "ApiVersion": "2010-04-01",
    }
    if error_code:
        params["ErrorCode"] = error_code
    return post_signed(client, "notifications:sms_status", params)


def test_the_dispatcher_asks_for_status_callbacks_at_the_public_url(
    texting_client, remind, sms_provider, portal_at
):
    portal_at("https://portal.example.org")
    remind(texting_client)
    dispatch_due_reminders()
    [request] = sms_provider.requests
    form = parse_qs(request["body"])
    assert form["StatusCallback"] == ["https://portal.example.org/reminders/sms/status/"]


def test_delivered(client, sent_text):
    assert _status(client, sent_text.provider_sid, "delivered").status_code == 204
    sent_text.refresh_from_db()
    assert sent_text.delivery_status == "delivered"
    assert sent_text.state == ReminderState.SENT


@pytest.mark.parametrize("status", ["undelivered", "failed"])
def test_not_delivered_fails_the_reminder_with_the_error_code(client, sent_text, status):
    _status(client, sent_text.provider_sid, status, "30003")
    sent_text.refresh_from_db()
    assert sent_text.delivery_status == status
    assert sent_text.state == ReminderState.FAILED
    assert sent_text.last_error == (
        f"Not delivered: the provider reported it {status} (error 30003)."
    )


def test_the_failure_and_its_reason_show_on_the_delivery_log(
    client, sent_text, case_manager, client_record, texting_client
):
    _status(client, sent_text.provider_sid, "undelivered", "30005")
    client.force_login(case_manager)
    page = client.get(reverse("home:client_reminders", args=[client_record.pk]))
    assert "undelivered (error 30005)" in page.content.decode()
    client.force_login(texting_client)
    mine = client.get(reverse("notifications:mine")).content.decode()
    assert "error 30005" in mine


def test_a_late_earlier_status_does_not_replace_a_final_one(client, sent_text):
    _status(client, sent_text.provider_sid, "delivered")
    _status(client, sent_text.provider_sid, "sent")
    sent_text.refresh_from_db()
    assert sent_text.delivery_status == "delivered"


def test_a_callback_about_an_unknown_message_changes_nothing(client, sent_text):
    assert _status(client, "SMnothingofours", "failed", "30003").status_code == 204
    sent_text.refresh_from_db()
    assert sent_text.state == ReminderState.SENT


def _texts(user, *, sent: int, failed: int):
    now = timezone.now()
    for n in range(sent + failed):
        Reminder.objects.create(
            recipient=user,
            kind="other",
            channel=Channel.SMS,
            source_type=ContentType.objects.get_for_model(CustomReminder),
            source_id=str(n),
            send_at=now,
            due_at=now,
            state=ReminderState.FAILED if n < failed else ReminderState.SENT,
            dedupe_key=f"watchdog-{n}",
        )


def test_the_watchdog_flags_when_most_texts_of_the_last_hour_failed(client_user, settings):
    settings.WATCHDOG_TEXT_FAILURES_MIN = 5
    _texts(client_user, sent=2, failed=3)
    assert texts_state(timezone.now()) == FAILING
    health = check_health(detailed=True)
    assert health.states["texts"] == FAILING
    assert not health.healthy
    [part] = [p for p in explain(health) if p["name"] == "texts"]
    assert part["state_label"] == "Failing"
    # An hour later they no longer count.
    assert texts_state(timezone.now() + timedelta(hours=1, minutes=1)) == OK


def test_the_watchdog_is_quiet_when_most_texts_went_out(client_user, settings):
    settings.WATCHDOG_TEXT_FAILURES_MIN = 5
    _texts(client_user, sent=3, failed=2)
    assert texts_state(timezone.now()) == OK


def test_a_few_failures_are_not_an_alarm(client_user, settings):
    settings.WATCHDOG_TEXT_FAILURES_MIN = 5
    _texts(client_user, sent=0, failed=4)
    assert texts_state(timezone.now()) == OK
