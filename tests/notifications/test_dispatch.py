"""The dispatcher in one process: what is sent, when, in which words, and what is recorded."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from recovery_portal.notifications.dispatch import (
    claim_batch,
    dispatch_due_reminders,
    quiet_hours_end,
)
from recovery_portal.notifications.models import Preference, Reminder, ReminderKind, ReminderState
from recovery_portal.notifications.services import (
    custom_reminder_cancel,
    custom_reminder_move,
    reminders_schedule,
)
from recovery_portal.notifications.tasks import dispatch_due_reminders as dispatch_task

from .conftest import set_preference

pytestmark = pytest.mark.django_db

# Words that must never appear where others may see them: subject, text message, preview.
REVEALING = re.compile(
    r"addict|alcohol|drug|substance|treatment|recovery|rehab|sober|relapse|narcotic|"
    r"anonymous|\bAA\b|\bNA\b|fellowship|detox|methadone|counsel",
    re.IGNORECASE,
)
NEW_YORK_EVENING = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)  # 6:00 pm in New York


def test_it_sends_a_due_email_with_a_text_and_an_html_part_and_records_it(client_user, remind):
    remind(client_user)
    result = dispatch_due_reminders()
    assert result.counts == {"claimed": 1, "sent": 1}
    [email] = mail.outbox
    assert email.to == [client_user.email]
    assert email.alternatives[0][1] == "text/html"
    assert "Sign in to see the details" in email.body
    row = Reminder.objects.get()
    assert row.state == ReminderState.SENT
    assert row.attempts == 1
    assert row.sent_at is not None
    assert row.subject == email.subject


def test_a_reminder_not_yet_due_waits(client_user, remind):
    remind(client_user, remind_at=timezone.now() + timedelta(minutes=5))
    assert dispatch_due_reminders().counts == {}
    assert mail.outbox == []


def test_every_email_carries_a_signed_one_click_link_that_stops_reminders(
    client_user, remind, client
):
    remind(client_user)
    dispatch_due_reminders()
    [email] = mail.outbox
    link = re.search(r"http\S+/reminders/stop/\S+/", email.body).group(0)
    assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert link in email.alternatives[0][0]
    path = link.split("8000", 1)[1]

    assert client.get(path).status_code == 200  # a link scanner's GET changes nothing
    assert Preference.objects.filter(user=client_user).count() == 0
    assert client.post(path).status_code == 200  # RFC 8058: the mail app's one-click POST
    preference = Preference.objects.get(user=client_user)
    assert (preference.email_enabled, preference.sms_enabled) == (False, False)

    tampered = path.replace("/stop/", "/stop/x")
    assert client.post(tampered).status_code == 404


@time_machine.travel(NEW_YORK_EVENING, tick=False)
def test_discreet_wording_says_only_the_time_and_keeps_details_behind_sign_in(
    client_user, remind, settings
):
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = settings.MEDIA_ROOT / "test-sms.jsonl"
    settings.SMS_FILE_PATH.parent.mkdir(parents=True, exist_ok=True)
    settings.SMS_FILE_PATH.unlink(missing_ok=True)
    set_preference(client_user, sms_enabled=True, phone="+15551234567")
    tomorrow_7pm = datetime(2026, 3, 4, 0, 0, tzinfo=UTC)  # 7:00 pm New York, Mar 3
    remind(client_user, at=tomorrow_7pm, note="AA meeting at the treatment center: relapse talk")
    dispatch_due_reminders()

    [email] = mail.outbox
    sms = settings.SMS_FILE_PATH.read_text()
    assert email.subject == "Reminder: your 7:00 pm appointment tomorrow"
    preview = email.body[:200]
    for seen_by_others in (email.subject, sms, preview):
        assert not REVEALING.search(seen_by_others), seen_by_others
    assert "AA meeting" not in email.body
    assert "AA meeting" not in email.alternatives[0][0]
    assert "7:00 pm appointment tomorrow" in sms


@time_machine.travel(NEW_YORK_EVENING, tick=False)
def test_with_discreet_wording_off_the_details_are_in_the_body_but_never_the_subject(
    client_user, remind
):
    set_preference(client_user, discreet=False)
    remind(client_user, at=datetime(2026, 3, 4, 0, 0, tzinfo=UTC), note="AA meeting, room 2")
    dispatch_due_reminders()
    [email] = mail.outbox
    assert "AA meeting, room 2" in email.body
    assert not REVEALING.search(email.subject)


def test_a_cancelled_source_is_never_announced(client_user, case_manager, remind):
    custom = remind(client_user)
    custom_reminder_cancel(custom=custom, actor=case_manager)
    dispatch_due_reminders()
    assert mail.outbox == []
    assert Reminder.objects.get().state == ReminderState.CANCELLED


def test_a_source_cancelled_after_it_was_claimed_is_not_sent_either(client_user, remind):
    custom = remind(client_user)
    token, ids = claim_batch(timezone.now(), 10)
    # Cancelled while the row is already "sending": reminders_cancel cannot touch it, but the
    # message is rendered from the source as it is now.
    custom.cancelled_at = timezone.now()
    custom.save()
    from recovery_portal.notifications.dispatch import DispatchResult, process_batch

    result = DispatchResult()
    process_batch(token, ids, result)
    assert result.counts == {"cancelled": 1}
    assert mail.outbox == []
    assert Reminder.objects.get().note == "Its source no longer needs it."


def test_a_moved_source_is_announced_once_at_its_new_time_with_the_new_time(
    client_user, case_manager, remind
):
    start = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        custom = remind(
            client_user,
            at=start + timedelta(days=1),  # 9:00 am New York, Mar 3
            remind_at=start + timedelta(hours=1),
        )
        custom_reminder_move(
            custom=custom,
            at=start + timedelta(days=1, hours=5),  # 2:00 pm
            remind_at=start + timedelta(hours=6),
            actor=case_manager,
        )
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        dispatch_due_reminders()
        assert mail.outbox == []  # the old time passed: nothing
    with time_machine.travel(start + timedelta(hours=6, minutes=1), tick=False):
        dispatch_due_reminders()
        dispatch_due_reminders()
    [email] = mail.outbox
    assert email.subject == "Reminder: your 2:00 pm appointment tomorrow"
    assert Reminder.objects.get().state == ReminderState.SENT


def test_an_opted_out_kind_is_recorded_as_skipped(client_user, remind):
    set_preference(client_user, opted_out_kinds=[ReminderKind.OTHER])
    remind(client_user)
    dispatch_due_reminders()
    assert mail.outbox == []
    row = Reminder.objects.get()
    assert row.state == ReminderState.SKIPPED
    assert row.note == "Opted out of other reminders."


def test_a_reminder_due_in_quiet_hours_waits_until_they_end_in_the_persons_zone(
    client_user, remind
):
    client_user.time_zone = "America/Los_Angeles"
    client_user.save()
    set_preference(client_user, quiet_start=time(21, 0), quiet_end=time(7, 30))
    # 11:30 pm in Los Angeles (7:30 am UTC): inside quiet hours.
    with time_machine.travel(datetime(2026, 6, 10, 6, 30, tzinfo=UTC), tick=False):
        remind(client_user)
        assert dispatch_due_reminders().counts == {"claimed": 1, "deferred": 1}
    row = Reminder.objects.get()
    assert row.state == ReminderState.SCHEDULED
    assert row.attempts == 0
    assert row.due_at == datetime(2026, 6, 10, 14, 30, tzinfo=UTC)  # 7:30 am PDT
    with time_machine.travel(datetime(2026, 6, 10, 14, 29, tzinfo=UTC), tick=False):
        dispatch_due_reminders()
        assert mail.outbox == []
    with time_machine.travel(datetime(2026, 6, 10, 14, 30, tzinfo=UTC), tick=False):
        dispatch_due_reminders()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("now", "expected_end"),
    [
        # The night clocks spring forward (Mar 8, 2026): 7:00 am is EDT, UTC-4.
        (datetime(2026, 3, 8, 5, 0, tzinfo=UTC), datetime(2026, 3, 8, 11, 0, tzinfo=UTC)),
        # The night they fall back (Nov 1, 2026): 7:00 am is EST, UTC-5.
        (datetime(2026, 11, 1, 5, 0, tzinfo=UTC), datetime(2026, 11, 1, 12, 0, tzinfo=UTC)),
        # Before midnight, quiet hours end the next morning.
        (datetime(2026, 3, 8, 3, 30, tzinfo=UTC), datetime(2026, 3, 8, 11, 0, tzinfo=UTC)),
        # Outside quiet hours: no wait.
        (datetime(2026, 3, 8, 16, 0, tzinfo=UTC), None),
    ],
)
def test_quiet_hours_end_at_the_wall_clock_time_across_daylight_saving_changes(
    client_user, now, expected_end
):
    from zoneinfo import ZoneInfo

    preference = Preference(user=client_user, quiet_start=time(22, 0), quiet_end=time(7, 0))
    assert quiet_hours_end(preference, ZoneInfo("America/New_York"), now) == expected_end


def test_a_row_whose_lease_expired_is_claimed_again_and_sent_once(client_user, remind, settings):
    remind(client_user)
    token, ids = claim_batch(timezone.now(), 10)  # a worker claimed it, then died
    assert Reminder.objects.get().state == ReminderState.SENDING
    assert dispatch_due_reminders().counts == {}  # the lease still runs: hands off
    with time_machine.travel(
        timezone.now() + timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 1), tick=False
    ):
        result = dispatch_due_reminders()
    assert result.counts == {"reclaimed": 1, "claimed": 1, "sent": 1}
    assert len(mail.outbox) == 1
    row = Reminder.objects.get()
    assert (row.state, row.attempts) == (ReminderState.SENT, 2)


def test_the_command_and_the_task_each_run_one_pass(client_user, other_client_user, remind):
    remind(client_user)
    call_command("send_due_reminders")
    remind(other_client_user)
    assert dispatch_task() == "claimed 1, sent 1"
    assert len(mail.outbox) == 2


def test_the_dispatch_task_runs_every_minute_from_the_one_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["notifications.dispatch_due_reminders"]
    assert entry["task"] == dispatch_task.name
    assert entry["schedule"] == 60


def test_a_source_that_cannot_render_is_retried_with_its_error_and_the_batch_goes_on(
    client_user, other_client_user, remind
):
    # A User has no reminder_message(): a programming error in a source, caught per row.
    reminders_schedule(
        recipient=client_user,
        kind=ReminderKind.OTHER,
        source=other_client_user,
        send_at=timezone.now() - timedelta(minutes=2),
    )
    remind(other_client_user)
    assert dispatch_due_reminders().counts == {"claimed": 2, "retried": 1, "sent": 1}
    broken = Reminder.objects.get(recipient=client_user)
    assert broken.state == ReminderState.SCHEDULED
    assert "has no attribute 'reminder_message'" in broken.last_error
    assert [m.to for m in mail.outbox] == [[other_client_user.email]]
