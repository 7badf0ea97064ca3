"""The reminder outbox (docs/architecture.md §5), each person's reminder preferences, and the
one small source of reminders this app owns (``CustomReminder``).

A ``Reminder`` row is one message to one person on one channel. It points at its source with a
generic relation, so this app imports no domain app; the source's model says what to send
through ``reminder_message(reminder)`` (see ``recovery_portal.notifications.services``).
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recovery_portal.notifications.content import ReminderContent, path_of


class ReminderKind(models.TextChoices):
    MEETING = "meeting", "Group meetings"
    APPOINTMENT = "appointment", "Appointments"
    FOLLOW_UP = "follow_up", "Follow-up calls"
    PLAN_REVIEW = "plan_review", "Plan reviews"
    CHECK_IN = "check_in", "Check-in prompts"
    MILESTONE = "milestone", "Milestones"
    INVITATION = "invitation", "Invitations"
    OTHER = "other", "Other reminders"
    URGENT = "urgent", "Urgent requests while on call"
    SAFETY = "safety", "Safety alerts about clients"


# Kinds a person on duty cannot switch off or hold back with quiet hours (someone asked to talk
# now, a worrying check-in, an escalation): they are not offered on the settings page, and the
# dispatcher sends them at once.
URGENT_KINDS = frozenset({ReminderKind.URGENT, ReminderKind.SAFETY})
# What a person may choose to receive or not on their settings page.
CHOOSABLE_KINDS = [
    (value, label) for value, label in ReminderKind.choices if value not in URGENT_KINDS
]


# The word a discreet message uses for each kind: plain, and never naming addiction, treatment,
# recovery or a fellowship, because subjects, texts and lock-screen previews are seen by others.
DISCREET_NOUN = {
    ReminderKind.MEETING: "meeting",
    ReminderKind.APPOINTMENT: "appointment",
    ReminderKind.FOLLOW_UP: "call",
    ReminderKind.PLAN_REVIEW: "appointment",
    ReminderKind.CHECK_IN: "check-in",
    ReminderKind.MILESTONE: "message",
    ReminderKind.INVITATION: "invitation",
    ReminderKind.OTHER: "appointment",
    ReminderKind.URGENT: "request",
    ReminderKind.SAFETY: "request",
}


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "Text message (SMS)"


class ReminderState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"
    SKIPPED = "skipped", "Skipped"


class Reminder(models.Model):
    """One message to one person on one channel, and what became of it.

    ``send_at`` is when the source wants it sent; ``due_at`` is when the dispatcher will next
    consider it (later than ``send_at`` while quiet hours last or after a failed attempt).
    """

    # Both foreign keys are the first column of a composite index below: no index of their own
    # (every index is written again on each state change, which the dispatcher makes twice).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reminders",
        db_index=False,
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, db_index=False)
    source_id = models.CharField(max_length=64)
    source = GenericForeignKey("source_type", "source_id")
    send_at = models.DateTimeField(help_text="When the source wants it sent.")
    due_at = models.DateTimeField(help_text="When it will next be tried.")
    state = models.CharField(
        max_length=10, choices=ReminderState.choices, default=ReminderState.SCHEDULED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    note = models.CharField(
        max_length=200, blank=True, help_text="Why it was skipped, cancelled or deferred."
    )
    subject = models.CharField(
        max_length=200, blank=True, help_text="The discreet subject line that was sent."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    dedupe_key = models.CharField(max_length=64, unique=True)
    # A text message's id at the provider (Twilio's MessageSid), and what its status callbacks
    # said last: "delivered", "undelivered", "failed" (with ``last_error``) …
    provider_sid = models.CharField(max_length=64, blank=True, db_default="", default="")
    delivery_status = models.CharField(max_length=20, blank=True, db_default="", default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-send_at", "-pk"]
        indexes = [
            # The dispatcher's only question: "which scheduled rows are due?" Partial, so the
            # millions of sent rows never slow it down (bench/README.md measures this).
            models.Index(
                fields=["due_at"],
                condition=Q(state="scheduled"),
                name="reminder_due_scheduled",
            ),
            # Leases that ran out (a worker died mid-batch) are found the same way.
            models.Index(
                fields=["lease_expires_at"],
                condition=Q(state="sending"),
                name="reminder_lease_sending",
            ),
            models.Index(fields=["source_type", "source_id"], name="reminder_source"),
            models.Index(fields=["recipient", "-send_at"], name="reminder_recipient"),
            # A status callback finds its text by the provider's id.
            models.Index(
                fields=["provider_sid"], condition=~Q(provider_sid=""), name="reminder_provider_sid"
            ),
            # The watchdog's "did most texts fail in the last hour?": texts with an outcome.
            models.Index(
                fields=["updated_at"],
                condition=Q(channel="sms", state__in=["sent", "failed"]),
                name="reminder_sms_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder #{self.pk} ({self.get_state_display()})"

    @property
    def discreet_noun(self) -> str:
        return DISCREET_NOUN.get(self.kind, "reminder")


class Preference(models.Model):
    """How one person wants to be reminded. A person without a row has the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    email_enabled = models.BooleanField("Send reminders by e-mail", default=True)
    sms_enabled = models.BooleanField("Send reminders by text message", default=False)
    phone = models.CharField(
        "Mobile number for text messages",
        max_length=20,
        blank=True,
        help_text="In international form, e.g. +15551234567.",
    )
    quiet_start = models.TimeField("Quiet hours start", null=True, blank=True)
    quiet_end = models.TimeField("Quiet hours end", null=True, blank=True)
    opted_out_kinds = models.JSONField(default=list, blank=True)
    discreet = models.BooleanField(
        "Discreet wording",
        default=True,
        help_text="Messages say only the time and kind of thing; details are behind sign-in.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Reminder settings of {self.user}"

    @property
    def has_quiet_hours(self) -> bool:
        return (
            self.quiet_start is not None
            and self.quiet_end is not None
            and self.quiet_start != self.quiet_end
        )

    def channels(self) -> list[str]:
        found = []
        if self.email_enabled:
            found.append(Channel.EMAIL)
        if self.sms_enabled and self.phone:
            found.append(Channel.SMS)
        return found


def default_preference(user) -> Preference:
    """The unsaved defaults for a person who never changed their settings."""
    return Preference(user=user)


def user_zone(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class CustomReminder(models.Model):
    """A one-off reminder a staff member sets for a person ("bring your ID on Tuesday").

    The smallest real source of the outbox: its note is shown only behind sign-in, on the
    person's "My reminders" page; the message itself says only when.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="custom_reminders"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="custom_reminders_written",
        null=True,
        blank=True,
    )
    at = models.DateTimeField("What time it is about")
    note = models.CharField(max_length=300, help_text="Shown only after the person signs in.")
    remind_at = models.DateTimeField("When to send the reminder")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Reminder for {self.recipient} at {self.at:%Y-%m-%d %H:%M}"

    def reminder_message(self, reminder: Reminder):
        """What to say, rendered at send time: nothing once cancelled."""
        if self.cancelled_at is not None:
            return None
        return ReminderContent(when=self.at, details=self.note, path=path_of("notifications:mine"))


class TextOptOut(models.Model):
    """A phone number that replied STOP (or a synonym): no text goes to it, whoever's number
    it is, until it replies START. ``stopped_at`` is None once texts are on again."""

    phone = models.CharField(max_length=20, unique=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Text opt-out #{self.pk}"


class InboundOutcome(models.TextChoices):
    PENDING = "", "Not handled yet"
    STOPPED = "stopped", "Texts stopped"
    STARTED = "started", "Texts started again"
    HELP = "help", "Help text sent"
    CONFIRMED = "confirmed", "Confirmed what it was reminded of"
    MOVE_ASKED = "move_asked", "Asked to move an appointment"
    RSVP = "rsvp", "Said they will come"
    INBOX = "inbox", "Passed to the case manager"
    UNKNOWN_NUMBER = "unknown_number", "From a number of no active client"


class InboundText(models.Model):
    """One text message a person sent to the portal's number, stored once (by the provider's
    message id) before anything is done with it; ``processed_at`` says it was acted on."""

    provider_sid = models.CharField(max_length=64, unique=True)
    from_number = models.CharField(max_length=20)
    body = models.TextField(max_length=1600, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=InboundOutcome.choices, blank=True)
    # Whose number it is (a client's portal account), when it matched one.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="texts_sent_to_portal",
    )
    reminder = models.ForeignKey(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    reply = models.CharField(max_length=480, blank=True, help_text="What the portal answered.")
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(
                fields=["sender", "-received_at"],
                condition=Q(outcome="inbox"),
                name="inbound_text_inbox",
            ),
            models.Index(
                fields=["received_at"],
                condition=Q(sender__isnull=True),
                name="inbound_text_unmatched",
            ),
        ]

    def __str__(self) -> str:
        return f"Text message #{self.pk}"

    @property
    def audit_label(self) -> str:
        return f"text message {self.pk}"
