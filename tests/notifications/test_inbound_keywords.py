"""STOP and its synonyms stop every text to the number from the dispatcher's next run (urgent
alerts go by e-mail instead), START and UNSTOP resume, HELP answers with the help text and the
organization's number; every answer is neutral (no health word, no name); a number of no
client gets the help text only and is kept 30 days."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recovery_portal.audit.models import AuditEvent
from recovery_portal.checks import REVEALING
from recovery_portal.notifications.dispatch import dispatch_due_reminders
from recovery_portal.notifications.inbound import (
    help_text,
    inbox_text,
    start_text,
    stop_text,
    unmatched_texts_purge,
)
from recovery_portal.notifications.models import (
    Channel,
    CustomReminder,
    InboundOutcome,
    InboundText,
    Reminder,
    ReminderKind,
    ReminderState,
    TextOptOut,
)
from recovery_portal.notifications.services import reminders_schedule

from .texting import CLIENT_PHONE, reply_of

pytestmark = pytest.mark.django_db

STOP_VARIANTS = [
    "STOP",
    "stop",
    "  Stop ",
    "StopAll",
    "UNSUBSCRIBE",
    "unsubscribe\n",
    "Cancel",
    "end",
    " QUIT ",
    "stop.",
]


@pytest.mark.parametrize("body", STOP_VARIANTS)
def test_every_stop_word_in_any_case_stops_texts_to_the_number(body, text, texting_client):
    response = text(body)
    assert response.status_code == 200
    assert reply_of(response) == stop_text()
    stored = InboundText.objects.get()
    assert stored.outcome == InboundOutcome.STOPPED
    assert stored.sender == texting_client
    assert TextOptOut.objects.get(phone=CLIENT_PHONE).stopped_at is not None
    event = AuditEvent.objects.get(action="notifications.text.stopped")
    assert event.actor == texting_client
    assert body.strip() not in str(event.details)


@pytest.mark.parametrize("body", ["START", "start", " Unstop ", "UNSTOP"])
def test_start_and_unstop_resume(body, text, texting_client):
    text("STOP")
    response = text(body)
    assert reply_of(response) == start_text()
    assert TextOptOut.objects.get(phone=CLIENT_PHONE).stopped_at is None
    assert AuditEvent.objects.filter(action="notifications.text.started").count() == 1


def _due_text_reminder(remind, user):
    remind(user)
    return Reminder.objects.get(recipient=user, channel=Channel.SMS)


def test_a_stopped_number_gets_nothing_from_the_next_real_dispatcher_run(
    text, texting_client, remind, sms_provider
):
    text("Stop")
    sms_provider.requests.clear()
    row = _due_text_reminder(remind, texting_client)

    result = dispatch_due_reminders()

    assert result.counts == {"claimed": 1, "skipped": 1}
    assert sms_provider.requests == []
    row.refresh_from_db()
    assert row.state == ReminderState.SKIPPED
    assert row.note == "Texts stopped by a reply (STOP) from this number."


def test_a_stop_sends_urgent_alerts_to_that_staff_number_by_e_mail_instead(
    text, case_manager, sms_provider, mailoutbox
):
    """A STOP from a staff member's phone never drops an alert about a client: the real
    dispatcher sends it by e-mail (kept on the row), not by text."""
    from .conftest import set_preference

    set_preference(case_manager, sms_enabled=True, phone="+15557654321")
    text("STOP", sender="+15557654321")
    custom = CustomReminder.objects.create(
        recipient=case_manager, at=timezone.now(), remind_at=timezone.now(), note="x"
    )
    reminders_schedule(
        recipient=case_manager,
        kind=ReminderKind.URGENT,
        source=custom,
        send_at=timezone.now() - timedelta(minutes=1),
        channel=Channel.SMS,
    )
    sms_provider.requests.clear()
    mailoutbox.clear()
    assert dispatch_due_reminders().counts == {"claimed": 1, "sent": 1}
    assert sms_provider.requests == []
    assert [m.to for m in mailoutbox] == [[case_manager.email]]
    row = Reminder.objects.get(recipient=case_manager, kind=ReminderKind.URGENT)
    assert row.state == ReminderState.SENT
    assert row.channel == Channel.EMAIL
    assert "STOP" in row.note


def test_an_ordinary_reminder_to_a_stopped_staff_number_is_still_skipped(
    text, case_manager, sms_provider, mailoutbox
):
    from .conftest import set_preference

    set_preference(case_manager, sms_enabled=True, phone="+15557654321")
    text("STOP", sender="+15557654321")
    custom = CustomReminder.objects.create(
        recipient=case_manager, at=timezone.now(), remind_at=timezone.now(), note="x"
    )
    reminders_schedule(
        recipient=case_manager,
        kind=ReminderKind.OTHER,
        source=custom,
        send_at=timezone.now() - timedelta(minutes=1),
        channel=Channel.SMS,
    )
    mailoutbox.clear()
    assert dispatch_due_reminders().counts == {"claimed": 1, "skipped": 1}
    assert mailoutbox == []


def test_a_safety_alert_is_scheduled_by_e_mail_for_a_stopped_number(text, case_manager):
    from aftercare.services.safety import fastest_channel

    from .conftest import set_preference

    set_preference(case_manager, sms_enabled=True, phone="+15557654321")
    assert fastest_channel(case_manager) == Channel.SMS
    text("STOP", sender="+15557654321")
    assert fastest_channel(case_manager) == Channel.EMAIL


def test_after_start_the_next_dispatch_texts_again(text, texting_client, remind, sms_provider):
    text("STOP")
    text("START")
    sms_provider.requests.clear()
    row = _due_text_reminder(remind, texting_client)
    assert dispatch_due_reminders().counts == {"claimed": 1, "sent": 1}
    assert len(sms_provider.requests) == 1
    row.refresh_from_db()
    assert row.state == ReminderState.SENT
    assert row.provider_sid == "SM" + "1".zfill(32)


def test_the_stop_is_the_numbers_not_only_the_message(text, texting_client, remind, sms_provider):
    """E-mail reminders to the same person still go: STOP is about texts."""
    from .conftest import set_preference

    set_preference(texting_client, email_enabled=True)
    text("STOP")
    remind(texting_client)
    result = dispatch_due_reminders()
    assert result.counts == {"claimed": 2, "sent": 1, "skipped": 1}
    assert Reminder.objects.get(channel=Channel.EMAIL).state == ReminderState.SENT


@pytest.mark.parametrize("body", ["HELP", "help", " Help ", "INFO"])
def test_help_answers_with_the_help_text_and_the_organizations_number(
    body, text, texting_client, settings
):
    settings.ORGANIZATION_PHONE = "+15559870000"
    response = text(body)
    answer = reply_of(response)
    assert answer == help_text()
    assert settings.DISCREET_SENDER_NAME in answer
    assert "+15559870000" in answer
    assert "STOP" in answer
    assert InboundText.objects.get().outcome == InboundOutcome.HELP


def test_no_answer_carries_a_health_word_or_a_name(settings, texting_client, client_record):
    """The portal.W002 word list, against every answer the portal can send."""
    settings.ORGANIZATION_PHONE = "+15559870000"
    answers = [
        help_text(),
        stop_text(),
        start_text(),
        inbox_text(),
        "Thank you: your appointment is confirmed.",
        "Thank you: we will be in touch to find another time.",
        "Thank you: you are on the list for the meeting.",
    ]
    for answer in answers:
        assert not REVEALING.search(answer), answer
        assert client_record.legal_first_name not in answer
        assert client_record.legal_last_name not in answer


def test_a_number_of_no_client_gets_only_the_help_text_and_is_kept_30_days(text, sms_provider):
    response = text("hello, who is this?", sender="+15550001111")
    assert reply_of(response) == help_text()
    stored = InboundText.objects.get()
    assert stored.sender is None
    assert stored.outcome == InboundOutcome.UNKNOWN_NUMBER

    assert unmatched_texts_purge(now=timezone.now() + timedelta(days=29)) == 0
    assert unmatched_texts_purge(now=timezone.now() + timedelta(days=31)) == 1
    assert not InboundText.objects.exists()


def test_the_purge_keeps_texts_from_clients(text, texting_client):
    text("see you soon")
    assert unmatched_texts_purge(now=timezone.now() + timedelta(days=365)) == 0
    assert InboundText.objects.count() == 1


def test_the_purge_runs_daily_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["notifications.purge_unmatched_texts"]
    assert entry["task"] == "recovery_portal.notifications.tasks.purge_unmatched_texts"
    assert entry["schedule"] == 60 * 60 * 24


def test_the_settings_page_and_the_record_show_that_texts_were_stopped(
    text, texting_client, client, case_manager, client_record
):
    text("STOP")
    client.force_login(texting_client)
    page = client.get("/reminders/settings/").content.decode()
    assert "Texts stopped by reply on" in page
    client.force_login(case_manager)
    record = client.get(f"/clients/{client_record.pk}/reminders/").content.decode()
    assert "Texts stopped by reply on" in record
    text("START")
    record = client.get(f"/clients/{client_record.pk}/reminders/").content.decode()
    assert "Texts stopped by reply on" not in record


def test_the_inbox_answer_gives_988_and_911(settings):
    answer = inbox_text()
    assert "call or text 988" in answer
    assert "911" in answer


def test_after_stop_an_ordinary_text_is_kept_and_passed_on_but_not_answered(
    text, texting_client, case_manager, sms_provider
):
    """No text at all to a number that said STOP (but the answers to STOP, START, HELP)."""
    from clients.selectors.texts import text_inbox_for

    text("STOP")
    sms_provider.requests.clear()
    response = text("see you Thursday")
    assert response.status_code == 200
    assert reply_of(response) == ""
    stored = InboundText.objects.get(body="see you Thursday")
    assert stored.outcome == InboundOutcome.INBOX
    assert stored.sender == texting_client
    assert stored.reply == ""
    assert text_inbox_for(case_manager) == [stored]
    assert reply_of(text("help")) == help_text()
    assert reply_of(text("hello?", sender="+15550001111")) == help_text()
    assert reply_of(text("STOP", sender="+15550001111")) == stop_text()
    assert reply_of(text("hello again?", sender="+15550001111")) == ""
    assert sms_provider.requests == []
    assert reply_of(text("START")) == start_text()
    assert reply_of(text("see you Friday")) == inbox_text()
