"""Reads of reminders. Which *client's* reminders a staff member may see is decided by the
caller (home's views, through clients.selectors): this app knows no client records."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from recovery_portal.notifications.models import (
    CustomReminder,
    Preference,
    Reminder,
    ReminderKind,
    TextOptOut,
    default_preference,
)


def reminders_for_recipient(recipient, *, limit: int = 200) -> QuerySet[Reminder]:
    """The delivery log of one person's reminders, newest first: what kind, when, which
    channel, the outcome. No message bodies (they are rendered at send time, never stored)."""
    if recipient is None:
        return Reminder.objects.none()
    return Reminder.objects.filter(recipient=recipient).order_by("-send_at", "-pk")[:limit]


def own_custom_reminders(user) -> QuerySet[CustomReminder]:
    """The signed-in person's own reminders to come, with their notes (behind sign-in)."""
    if not user.is_authenticated:
        return CustomReminder.objects.none()
    return CustomReminder.objects.filter(
        recipient=user, cancelled_at__isnull=True, at__gte=timezone.now()
    ).order_by("at")[:50]


def preference_for(user) -> Preference:
    """The person's saved preferences, or the (unsaved) defaults."""
    try:
        return user.reminder_preference
    except Preference.DoesNotExist:
        return default_preference(user)


def texts_stopped_at(preference: Preference):
    """When the person's texting number replied STOP, if texts to it are still stopped."""
    if not preference.phone:
        return None
    return (
        TextOptOut.objects.filter(phone=preference.phone, stopped_at__isnull=False)
        .values_list("stopped_at", flat=True)
        .first()
    )


def reminder_settings_summary(recipient) -> dict | None:
    """What a supporting staff member may know of a person's reminder settings: which channels
    are on, quiet hours, the kinds they turned off. Not their phone number."""
    if recipient is None:
        return None
    preference = preference_for(recipient)
    return {
        "email": preference.email_enabled,
        "sms": preference.sms_enabled and bool(preference.phone),
        "quiet_start": preference.quiet_start if preference.has_quiet_hours else None,
        "quiet_end": preference.quiet_end if preference.has_quiet_hours else None,
        "time_zone": recipient.time_zone,
        "turned_off": [ReminderKind(k).label for k in preference.opted_out_kinds],
        "discreet": preference.discreet,
        "texts_stopped_at": texts_stopped_at(preference),
    }
