"""The service interface other apps call: idempotent, inside the caller's transaction."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from recovery_portal.notifications.dispatch import dispatch_due_reminders
from recovery_portal.notifications.models import (
    Channel,
    CustomReminder,
    Reminder,
    ReminderKind,
    ReminderState,
)
from recovery_portal.notifications.services import (
    custom_reminder_create,
    reminders_cancel,
    reminders_reschedule,
    reminders_schedule,
)

from .conftest import set_preference

pytestmark = pytest.mark.django_db


def test_scheduling_the_same_reminder_twice_makes_one_row(client_user, remind):
    custom = remind(client_user)
    send_at = timezone.now() + timedelta(hours=3)
    first = reminders_schedule(
        recipient=client_user, kind=ReminderKind.OTHER, source=custom, send_at=send_at
    )
    again = reminders_schedule(
        recipient=client_user, kind=ReminderKind.OTHER, source=custom, send_at=send_at
    )
    assert [r.pk for r in first] == [r.pk for r in again]
    assert Reminder.objects.filter(recipient=client_user).count() == 1
    assert Reminder.objects.get().send_at == send_at


def test_a_different_key_makes_a_second_reminder_of_the_same_source(client_user, remind):
    custom = remind(client_user)
    for key in ("24h", "1h"):
        reminders_schedule(
            recipient=client_user,
            kind=ReminderKind.OTHER,
            source=custom,
            send_at=timezone.now(),
            key=key,
        )
    assert Reminder.objects.filter(recipient=client_user).count() == 3  # "" from create, 24h, 1h


def test_a_reminder_already_sent_is_never_scheduled_again(client_user, remind):
    custom = remind(client_user)
    dispatch_due_reminders()
    assert len(mail.outbox) == 1
    reminders_schedule(
        recipient=client_user, kind=ReminderKind.OTHER, source=custom, send_at=timezone.now()
    )
    dispatch_due_reminders()
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().state == ReminderState.SENT


def test_it_makes_one_row_per_channel_the_person_turned_on(client_user, remind):
    set_preference(client_user, sms_enabled=True, phone="+15551234567")
    remind(client_user)
    assert sorted(Reminder.objects.values_list("channel", flat=True)) == [
        Channel.EMAIL,
        Channel.SMS,
    ]


def test_a_person_with_every_channel_off_gets_a_row_that_is_recorded_as_skipped(
    client_user, remind
):
    set_preference(client_user, email_enabled=False)
    remind(client_user)
    dispatch_due_reminders()
    row = Reminder.objects.get()
    assert row.state == ReminderState.SKIPPED
    assert row.note == "E-mail reminders are off."
    assert mail.outbox == []


def test_it_refuses_a_naive_time_and_an_unknown_kind(client_user, remind):
    custom = remind(client_user)
    with pytest.raises(ValueError, match="aware"):
        reminders_schedule(
            recipient=client_user,
            kind=ReminderKind.OTHER,
            source=custom,
            send_at=timezone.now().replace(tzinfo=None),
        )
    with pytest.raises(ValueError, match="kind"):
        reminders_schedule(
            recipient=client_user, kind="relapse", source=custom, send_at=timezone.now()
        )


def test_cancel_and_reschedule_touch_only_pending_reminders_of_that_source(
    client_user, other_client_user, remind
):
    mine = remind(client_user)
    theirs = remind(other_client_user)
    later = timezone.now() + timedelta(days=2)
    assert reminders_reschedule(source=mine, send_at=later) == 1
    assert Reminder.objects.get(recipient=client_user).due_at == later
    assert reminders_cancel(source=mine) == 1
    assert reminders_cancel(source=mine) == 0
    assert Reminder.objects.get(recipient=client_user).state == ReminderState.CANCELLED
    assert Reminder.objects.get(recipient=other_client_user).state == ReminderState.SCHEDULED
    # Scheduling a cancelled reminder again brings it back (e.g. a meeting un-cancelled).
    reminders_schedule(recipient=client_user, kind=ReminderKind.OTHER, source=mine, send_at=later)
    assert Reminder.objects.get(recipient=client_user).state == ReminderState.SCHEDULED
    assert theirs.pk != mine.pk


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_source_change_leaves_no_reminder_and_sends_nothing(
    client_user, case_manager
):
    class Oops(Exception):
        pass

    with pytest.raises(Oops), transaction.atomic():
        custom_reminder_create(
            author=case_manager,
            recipient=client_user,
            at=timezone.now() + timedelta(days=1),
            remind_at=timezone.now() - timedelta(minutes=1),
            note="Bring your photo ID.",
        )
        assert Reminder.objects.count() == 1  # written in the caller's transaction …
        raise Oops  # … which fails after the reminder was scheduled

    assert Reminder.objects.count() == 0
    assert CustomReminder.objects.count() == 0
    dispatch_due_reminders()
    assert mail.outbox == []
