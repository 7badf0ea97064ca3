"""Reminders: the interface every other app uses, and the writes of this app.

How another app sends reminders (meetings, appointments, follow-ups, invitations …):

1. Give the source model a method ``reminder_message(self, reminder)`` returning a
   ``recovery_portal.notifications.messages.ReminderContent`` (when the thing is, its details,
   the page behind sign-in that shows them) — or ``None`` when it no longer wants the reminder
   sent (it was cancelled). It is called at send time, so a moved source is announced at its
   new time and a cancelled one not at all.
2. Inside the service that creates or moves the source, in the same transaction:

   ``reminders_schedule(recipient=user, kind=ReminderKind.MEETING, source=session,
   send_at=start - timedelta(hours=24), key="24h")``

   One row per channel the person has turned on (or just ``channel=``). Idempotent: the same
   (kind, source, recipient, channel, key) is one row, so scheduling again only moves it; a
   reminder already sent is never sent again. A rolled-back transaction leaves nothing.
3. ``reminders_reschedule(source=session, send_at=…)`` moves every pending reminder of a
   source (use ``reminders_schedule`` again instead when a source has several ``key``s);
   ``reminders_cancel(source=session)`` cancels them. Both return how many rows changed.
   ``reminders_cancel_to(recipient=user, note=…)`` cancels every pending one to a person.

Nothing here sends: the dispatcher (``dispatch.py``, run by Celery beat every minute and by
``manage.py send_due_reminders``) does, honouring each person's preferences.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.models import (
    Channel,
    CustomReminder,
    Preference,
    Reminder,
    ReminderKind,
    ReminderState,
)
from recovery_portal.notifications.selectors import preference_for


def _dedupe_key(*, kind: str, source_type: ContentType, source_id, recipient, channel, key) -> str:
    raw = f"{kind}|{source_type.pk}|{source_id}|{recipient.pk}|{channel}|{key}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _source_filter(source: models.Model) -> dict:
    return {
        "source_type": ContentType.objects.get_for_model(source, for_concrete_model=False),
        "source_id": str(source.pk),
    }


@transaction.atomic
def reminders_schedule(
    *,
    recipient,
    kind: str,
    source: models.Model,
    send_at: datetime,
    channel: str | None = None,
    key: str = "",
) -> list[Reminder]:
    """Make sure ``recipient`` is reminded about ``source`` at ``send_at``; see the module
    docstring. Returns the rows (one per channel)."""
    if kind not in ReminderKind.values:
        raise ValueError(f"unknown reminder kind {kind!r}")
    if channel is not None and channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    if timezone.is_naive(send_at):
        raise ValueError("send_at must be an aware datetime")
    # No channel on still makes an e-mail row: the dispatcher records it as skipped, so staff
    # can see the person was not reminded, and why.
    channels = [channel] if channel else (preference_for(recipient).channels() or [Channel.EMAIL])
    where = _source_filter(source)
    rows = []
    for each in channels:
        dedupe = _dedupe_key(
            kind=kind,
            recipient=recipient,
            channel=each,
            key=key,
            **{"source_type": where["source_type"], "source_id": where["source_id"]},
        )
        # INSERT … ON CONFLICT DO NOTHING, then lock the row: two transactions scheduling the
        # same reminder at once end with one row, the second waiting for the first to commit.
        Reminder.objects.bulk_create(
            [
                Reminder(
                    recipient=recipient,
                    kind=kind,
                    channel=each,
                    send_at=send_at,
                    due_at=send_at,
                    dedupe_key=dedupe,
                    **where,
                )
            ],
            ignore_conflicts=True,
        )
        row = Reminder.objects.select_for_update().get(dedupe_key=dedupe)
        if row.state in (ReminderState.SCHEDULED, ReminderState.CANCELLED) and (
            row.state != ReminderState.SCHEDULED or row.send_at != send_at
        ):
            row.state = ReminderState.SCHEDULED
            row.send_at = row.due_at = send_at
            row.note = ""
            row.save(update_fields=["state", "send_at", "due_at", "note", "updated_at"])
        rows.append(row)
    return rows


@transaction.atomic
def reminders_cancel(*, source: models.Model, kind: str | None = None, recipient=None) -> int:
    """Cancel the reminders of ``source`` not yet sent (optionally of one kind or person).
    One already being sent is stopped at render time by ``reminder_message`` returning None."""
    pending = Reminder.objects.filter(state=ReminderState.SCHEDULED, **_source_filter(source))
    if kind is not None:
        pending = pending.filter(kind=kind)
    if recipient is not None:
        pending = pending.filter(recipient=recipient)
    return pending.update(
        state=ReminderState.CANCELLED, note="Cancelled by its source.", updated_at=timezone.now()
    )


@transaction.atomic
def reminders_cancel_to(*, recipient, note: str) -> int:
    """Cancel every reminder to ``recipient`` not yet sent, whatever its source (a closed
    record: nothing more goes to the person). As with ``reminders_cancel``, one already being
    sent is stopped at render time by its source's ``reminder_message``."""
    return Reminder.objects.filter(state=ReminderState.SCHEDULED, recipient=recipient).update(
        state=ReminderState.CANCELLED, note=note, updated_at=timezone.now()
    )


@transaction.atomic
def reminders_reschedule(
    *, source: models.Model, send_at: datetime, kind: str | None = None, recipient=None
) -> int:
    """Move every reminder of ``source`` not yet sent to ``send_at``."""
    if timezone.is_naive(send_at):
        raise ValueError("send_at must be an aware datetime")
    pending = Reminder.objects.filter(state=ReminderState.SCHEDULED, **_source_filter(source))
    if kind is not None:
        pending = pending.filter(kind=kind)
    if recipient is not None:
        pending = pending.filter(recipient=recipient)
    return pending.update(send_at=send_at, due_at=send_at, note="", updated_at=timezone.now())


@transaction.atomic
def reminders_retry(*, reminders: Iterable[Reminder], actor, request=None) -> int:
    """Try failed reminders again now, from a fresh count of attempts (the admin's action)."""
    ids = [r.pk for r in reminders if r.state == ReminderState.FAILED]
    changed = Reminder.objects.filter(pk__in=ids, state=ReminderState.FAILED).update(
        state=ReminderState.SCHEDULED,
        attempts=0,
        due_at=timezone.now(),
        note="Retried by an administrator.",
        updated_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="notifications.reminder.retry",
        request=request,
        details={"reminders": ids},
    )
    return changed


@transaction.atomic
def preferences_update(
    *,
    user,
    email_enabled: bool,
    sms_enabled: bool,
    phone: str,
    quiet_start,
    quiet_end,
    opted_out_kinds: list[str],
    discreet: bool,
    time_zone: str | None = None,
    request=None,
) -> Preference:
    preference, _ = Preference.objects.select_for_update().get_or_create(user=user)
    preference.email_enabled = email_enabled
    preference.sms_enabled = sms_enabled
    preference.phone = phone.strip()
    preference.quiet_start = quiet_start
    preference.quiet_end = quiet_end
    preference.opted_out_kinds = sorted(k for k in set(opted_out_kinds) if k in ReminderKind.values)
    preference.discreet = discreet
    preference.save()
    if time_zone and time_zone != user.time_zone:
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])
    # Which settings changed is enough for the trail; the phone number itself stays out of it.
    audit_record(
        actor=user, action="notifications.preferences.update", target=preference, request=request
    )
    return preference


@transaction.atomic
def reminders_stop_all(*, user, request=None) -> Preference:
    """The one-click link of every e-mail: no more reminders by e-mail or text."""
    preference, _ = Preference.objects.select_for_update().get_or_create(user=user)
    preference.email_enabled = False
    preference.sms_enabled = False
    preference.save(update_fields=["email_enabled", "sms_enabled", "updated_at"])
    audit_record(
        actor=None,
        action="notifications.unsubscribe",
        target=preference,
        request=request,
        details={"user": user.pk},
    )
    return preference


@transaction.atomic
def custom_reminder_create(
    *, author, recipient, at: datetime, remind_at: datetime, note: str, request=None
) -> CustomReminder:
    custom = CustomReminder.objects.create(
        author=author, recipient=recipient, at=at, remind_at=remind_at, note=note.strip()
    )
    reminders_schedule(
        recipient=recipient, kind=ReminderKind.OTHER, source=custom, send_at=remind_at
    )
    audit_record(
        actor=author, action="notifications.custom_reminder.create", target=custom, request=request
    )
    return custom


@transaction.atomic
def custom_reminder_move(
    *,
    custom: CustomReminder,
    at: datetime,
    remind_at: datetime,
    actor,
    note: str | None = None,
    request=None,
) -> CustomReminder:
    custom.at = at
    custom.remind_at = remind_at
    if note is not None:
        custom.note = note.strip()
    custom.save(update_fields=["at", "remind_at", "note"])
    reminders_reschedule(source=custom, send_at=remind_at)
    audit_record(
        actor=actor, action="notifications.custom_reminder.move", target=custom, request=request
    )
    return custom


@transaction.atomic
def custom_reminder_cancel(*, custom: CustomReminder, actor, request=None) -> CustomReminder:
    custom.cancelled_at = timezone.now()
    custom.save(update_fields=["cancelled_at"])
    reminders_cancel(source=custom)
    audit_record(
        actor=actor, action="notifications.custom_reminder.cancel", target=custom, request=request
    )
    return custom
