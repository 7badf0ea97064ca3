"""The notifications' part of the demo organization."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from recovery_portal.accounts.models import User
from recovery_portal.notifications.models import (
    CustomReminder,
    InboundOutcome,
    InboundText,
    Reminder,
    ReminderState,
)
from recovery_portal.notifications.services import custom_reminder_cancel, custom_reminder_create


def seed_reminders(people: dict[str, User]) -> None:
    """A few reminders for client@example.org in several states, so the delivery log, the
    admin's outbox and "My reminders" have something to show."""
    client = people["client@example.org"]
    author = people["casemanager@example.org"]
    if CustomReminder.objects.filter(recipient=client).exists():
        return
    now = timezone.now().replace(second=0, microsecond=0)
    plans = [
        ("Bring your photo ID and insurance card.", now + timedelta(days=2), None, ""),
        (
            "Drop off the signed housing form at the front desk.",
            now - timedelta(days=3),
            ReminderState.SENT,
            "",
        ),
        (
            "Call back about the job-training slot.",
            now - timedelta(days=2),
            ReminderState.FAILED,
            "SendError: SMS provider answered HTTP 503: service unavailable",
        ),
        ("Pick up the bus pass.", now - timedelta(days=1), "cancel", ""),
    ]
    for note, at, state, error in plans:
        custom = custom_reminder_create(
            author=author, recipient=client, at=at, remind_at=at - timedelta(hours=20), note=note
        )
        if state == "cancel":
            custom_reminder_cancel(custom=custom, actor=author)
        elif state is not None:
            # Demo history: as if the dispatcher had run at the time.
            Reminder.objects.filter(
                source_type=ContentType.objects.get_for_model(CustomReminder),
                source_id=str(custom.pk),
            ).update(
                state=state,
                attempts=5 if error else 1,
                last_error=error,
                sent_at=at - timedelta(hours=20) if state == ReminderState.SENT else None,
                subject="Reminder: your appointment" if state == ReminderState.SENT else "",
            )


DEMO_PHONE = "+15555550142"
# (minutes ago, what they wrote, outcome, whose number: the client's or an unknown one)
DEMO_TEXTS = [
    (50, "Running 10 min late, sorry!", InboundOutcome.INBOX, True),
    (26 * 60, "Can I bring my sister next time?", InboundOutcome.INBOX, True),
    (3 * 24 * 60, "C", InboundOutcome.CONFIRMED, True),
    (2 * 24 * 60, "Who is this?", InboundOutcome.UNKNOWN_NUMBER, False),
]


def seed_texts(people: dict[str, User]) -> None:
    """A few texts client@example.org sent back (two wait in the case manager's inbox on
    Today) and one from a number the portal does not know (for administrators)."""
    client = people["client@example.org"]
    if InboundText.objects.filter(provider_sid__startswith="SMdemo").exists():
        return
    now = timezone.now()
    for number, (minutes, body, outcome, known) in enumerate(DEMO_TEXTS, start=1):
        InboundText.objects.create(
            provider_sid=f"SMdemo{number:026d}",
            from_number=DEMO_PHONE if known else "+15555550199",
            body=body,
            received_at=now - timedelta(minutes=minutes),
            processed_at=now - timedelta(minutes=minutes),
            outcome=outcome,
            sender=client if known else None,
        )
