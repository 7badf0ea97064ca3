"""The dispatcher: claims due reminders, renders them from their source as it is now, sends
them, records what happened. Run by Celery beat every minute (``tasks.py``) and by
``manage.py send_due_reminders``; any number of copies may run at once.

Each pass:

1. Reclaim rows whose lease ran out: a worker claimed them and died (``kill -9``, a lost
   machine). They go back to "scheduled" — or to "failed" once out of attempts.
2. Claim a batch: ``SELECT … FOR UPDATE SKIP LOCKED`` on due scheduled rows, then mark them
   "sending" with a lease and a claim token, in one short transaction. Two dispatchers never
   claim the same row: the second skips rows the first has locked, and once the first commits
   the rows are no longer "scheduled".
3. For each claimed row, while the lease still has time left: apply the person's preferences
   (opt-out → skipped; quiet hours → back to scheduled, due when they end; an urgent
   or safety alert due by text to a number that replied STOP goes by e-mail instead), ask
   the source for its message (None → cancelled), send it, and record the outcome with an
   UPDATE that also checks the claim token (a row reclaimed after our lease ran out is not
   ours to record).
   Errors worth retrying go back to "scheduled" with exponential back-off; the last attempt,
   or an error no retry can fix, leaves the row "failed" with the error kept.

The guarantee: a reminder is sent at most once unless a worker dies between sending and
recording, in which case only the messages in flight at that moment can go out twice.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from recovery_portal.notifications.channels import (
    PermanentSendError,
    scrub_phone_numbers,
    send_email,
    sms_backend,
)
from recovery_portal.notifications.messages import render, unsubscribe_url
from recovery_portal.notifications.models import (
    URGENT_KINDS,
    Channel,
    Preference,
    Reminder,
    ReminderKind,
    ReminderState,
    TextOptOut,
    user_zone,
)
from recovery_portal.notifications.selectors import preference_for

log = logging.getLogger(__name__)
TABLE = Reminder._meta.db_table
quote = connection.ops.quote_name


@dataclass
class DispatchResult:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str, n: int = 1) -> None:
        if n:
            self.counts[outcome] = self.counts.get(outcome, 0) + n

    def __str__(self) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items())) or "nothing due"


def quiet_hours_end(preference: Preference, zone, now: datetime) -> datetime | None:
    """When the person's quiet hours end, if ``now`` is inside them; else None. Quiet hours
    are wall-clock times in the person's zone and may span midnight (22:00–07:00); across a
    daylight-saving change they still end at the wall-clock time."""
    if not preference.has_quiet_hours:
        return None
    local = now.astimezone(zone)
    start, end, clock = preference.quiet_start, preference.quiet_end, local.time()
    if start < end:
        inside = start <= clock < end
        end_day = local.date()
    else:
        inside = clock >= start or clock < end
        end_day = local.date() + timedelta(days=1) if clock >= start else local.date()
    if not inside:
        return None
    # A wall-clock time that does not exist (in the spring-forward gap) resolves forwards.
    return datetime.combine(end_day, end, tzinfo=zone).astimezone(UTC)


def retry_delay(attempts: int) -> timedelta:
    seconds = settings.REMINDER_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, 24 * 3600))


def reclaim_expired_leases(now: datetime) -> int:
    with transaction.atomic():
        expired = Reminder.objects.filter(state=ReminderState.SENDING, lease_expires_at__lte=now)
        given_up = expired.filter(attempts__gte=settings.REMINDER_MAX_ATTEMPTS).update(
            state=ReminderState.FAILED,
            lease_expires_at=None,
            claim_token="",
            last_error="The worker sending it stopped; out of attempts.",
            updated_at=now,
        )
        again = expired.update(
            state=ReminderState.SCHEDULED,
            due_at=now,
            lease_expires_at=None,
            claim_token="",
            last_error="The worker sending it stopped; tried again.",
            updated_at=now,
        )
    if given_up or again:
        log.warning("reclaimed %s reminders with expired leases (%s failed)", again, given_up)
    return given_up + again


def claim_batch(now: datetime, size: int) -> tuple[str, list[int]]:
    token = uuid.uuid4().hex
    with transaction.atomic():
        ids = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(state=ReminderState.SCHEDULED, due_at__lte=now)
            .order_by("due_at")
            .values_list("pk", flat=True)[:size]
        )
        if ids:
            Reminder.objects.filter(pk__in=ids).update(
                state=ReminderState.SENDING,
                lease_expires_at=now + timedelta(seconds=settings.REMINDER_LEASE_SECONDS),
                claim_token=token,
                attempts=F("attempts") + 1,
                updated_at=now,
            )
    return token, ids


def _skip_note(
    row: Reminder, preference: Preference, *, urgent: bool, stopped: frozenset = frozenset()
) -> str:
    """Why the reminder is not sent at all (the note it is skipped with); empty when it may
    go. ``stopped``: numbers that replied STOP, to which nothing is texted, urgent or not."""
    recipient = row.recipient
    if not recipient.is_active:
        return "Account deactivated."
    if row.channel == Channel.SMS and preference.phone and preference.phone in stopped:
        return "Texts stopped by a reply (STOP) from this number."
    if row.kind in preference.opted_out_kinds and not urgent:
        label = ReminderKind(row.kind).label.lower()
        return f"Opted out of {label}."
    # Being on call means getting urgent alerts: e-mail switched off does not hold them back.
    email_on = preference.email_enabled or urgent
    if row.channel == Channel.EMAIL and not (email_on and recipient.email):
        return "E-mail reminders are off."
    if row.channel == Channel.SMS and not (preference.sms_enabled and preference.phone):
        return "Text reminders are off."
    return ""


FALLBACK_NOTE = "Sent by e-mail: texts stopped by a reply (STOP) from this number."


def _urgent_fallback(row: Reminder, stopped: frozenset, preference: Preference) -> str:
    """An urgent or safety alert due by text to a number that replied STOP goes by e-mail
    instead (when the person has an address): such an alert is never dropped for a STOP.
    Switches ``row.channel`` and returns the note to keep; empty when nothing changes."""
    if row.kind not in URGENT_KINDS or row.channel != Channel.SMS:
        return ""
    if not (preference.phone and preference.phone in stopped and row.recipient.email):
        return ""
    row.channel = Channel.EMAIL.value
    return FALLBACK_NOTE


class _Batch:
    def __init__(self, token: str, result: DispatchResult, stopped: frozenset = frozenset()):
        self.token = token
        self.result = result
        self.stopped = stopped
        self.email = None
        self.sms = None

    def record(self, row: Reminder, outcome: str, **changes) -> None:
        """Write the outcome, if the row is still ours (claimed with our token, and its lease
        not taken over). One statement per reminder: this is the dispatcher's hot path, so it
        is plain SQL rather than a QuerySet.update()."""
        changes.setdefault("lease_expires_at", None)
        changes.setdefault("claim_token", "")
        changes["updated_at"] = timezone.now()
        give_back = changes.pop("give_back_attempt", False)
        columns = ", ".join(f"{quote(name)} = %s" for name in changes)
        if give_back:
            columns += ", attempts = attempts - 1"
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {TABLE} SET {columns} WHERE id = %s AND state = %s AND claim_token = %s",  # noqa: S608  (names are ours)
                [
                    *(
                        connection.ops.adapt_datetimefield_value(value)
                        if isinstance(value, datetime)
                        else value
                        for value in changes.values()
                    ),
                    row.pk,
                    ReminderState.SENDING.value,
                    self.token,
                ],
            )
            done = cursor.rowcount
        if done:
            self.result.add(outcome)
        else:
            # Our lease ran out and another dispatcher took the row over.
            log.warning(
                "reminder %s: lease lost before its outcome (%s) was recorded", row.pk, outcome
            )
            self.result.add("lease_lost")

    def deliver(self, row: Reminder) -> None:
        now = timezone.now()
        recipient = row.recipient
        preference = preference_for(recipient)
        urgent = row.kind in URGENT_KINDS
        fallback = _urgent_fallback(row, self.stopped, preference)
        skipped = _skip_note(row, preference, urgent=urgent, stopped=self.stopped)
        if skipped:
            return self.record(row, "skipped", state=ReminderState.SKIPPED, note=skipped)
        wait_until = None if urgent else quiet_hours_end(preference, user_zone(recipient), now)
        if wait_until is not None:
            return self.record(
                row,
                "deferred",
                state=ReminderState.SCHEDULED,
                due_at=wait_until,
                give_back_attempt=True,
                note="Waiting for quiet hours to end.",
            )
        try:
            # A source that fails to render (a bug, a database hiccup) is retried like a
            # channel failure, and the rest of the batch goes on.
            source = row.source
            content = source.reminder_message(row) if source is not None else None
            if content is None:
                return self.record(
                    row,
                    "cancelled",
                    state=ReminderState.CANCELLED,
                    note="Its source no longer needs it.",
                )
            # An urgent alert offers no "stop reminders" link: it cannot be switched off.
            unsubscribe = None if urgent else unsubscribe_url(recipient)
            message = render(row, content, preference, now, unsubscribe)
            provider_sid = self.send(row, message, preference, unsubscribe)
        except Exception as exc:  # noqa: BLE001  (any failure is recorded, never lost)
            return self.attempt_failed(row, exc, now)
        self.record(
            row,
            "sent",
            state=ReminderState.SENT,
            sent_at=timezone.now(),
            subject=message.subject[:200],
            last_error="",
            note=fallback,
            channel=row.channel,
            provider_sid=(provider_sid or "")[:64],
        )

    def attempt_failed(self, row: Reminder, exc: Exception, now: datetime) -> None:
        """Retried later, or failed for good (a permanent error, or the last attempt)."""
        error = scrub_phone_numbers(f"{type(exc).__name__}: {exc}")[:500]
        log.warning("reminder %s: attempt %s failed: %s", row.pk, row.attempts, error)
        if isinstance(exc, PermanentSendError) or row.attempts >= settings.REMINDER_MAX_ATTEMPTS:
            return self.record(row, "failed", state=ReminderState.FAILED, last_error=error)
        return self.record(
            row,
            "retried",
            state=ReminderState.SCHEDULED,
            due_at=now + retry_delay(row.attempts),
            last_error=error,
        )

    def send(self, row: Reminder, message, preference: Preference, unsubscribe: str | None) -> str:
        """Send it; the provider's id of a text message (empty for an e-mail)."""
        if row.channel == Channel.EMAIL:
            if self.email is None:
                self.email = get_connection()
            email = send_email(
                to=row.recipient.email,
                subject=message.subject,
                text=message.text,
                html=message.html,
                unsubscribe=unsubscribe,
                connection=self.email,
            )
            email.extra_headers["X-Reminder-Id"] = str(row.pk)
            try:
                email.send()
            except smtplib.SMTPRecipientsRefused as exc:
                raise PermanentSendError(f"the mail server refused the address: {exc}")
            return ""
        if self.sms is None:
            self.sms = sms_backend()
        return self.sms.send(to=preference.phone, body=message.sms, reference=f"reminder-{row.pk}")

    def close(self) -> None:
        if self.email is not None:
            with contextlib.suppress(Exception):  # closing a finished connection
                self.email.close()


def stopped_numbers(rows: list[Reminder]) -> frozenset:
    """Which of the batch's texting numbers replied STOP (one query, read at each run: a STOP
    counts from the next run on)."""
    texted = [row.recipient for row in rows if row.channel == Channel.SMS]
    phones = {preference_for(person).phone for person in texted if preference_for(person).phone}
    if not phones:
        return frozenset()
    return frozenset(
        TextOptOut.objects.filter(phone__in=phones, stopped_at__isnull=False).values_list(
            "phone", flat=True
        )
    )


def process_batch(token: str, ids: list[int], result: DispatchResult) -> None:
    rows = list(
        Reminder.objects.filter(pk__in=ids, claim_token=token, state=ReminderState.SENDING)
        .select_related("recipient", "recipient__reminder_preference", "source_type")
        .prefetch_related("source")
        .order_by("due_at", "pk")
    )
    batch = _Batch(token, result, stopped_numbers(rows))
    lease = timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    # Stop sending while a safe margin of the lease is left, so no row is reclaimed by another
    # dispatcher while we still hold it.
    stop_at = timezone.now() + lease - min(lease / 3, timedelta(seconds=30))
    try:
        for row in rows:
            if timezone.now() >= stop_at:
                batch.record(
                    row,
                    "released",
                    state=ReminderState.SCHEDULED,
                    give_back_attempt=True,
                )
                continue
            batch.deliver(row)
    finally:
        batch.close()


def dispatch_due_reminders(
    *,
    batch_size: int | None = None,
    time_budget: float | None = None,
    max_batches: int | None = None,
) -> DispatchResult:
    """One pass: reclaim, then claim and send batches until nothing is due or the time
    budget (seconds) is spent."""
    batch_size = batch_size or settings.REMINDER_BATCH_SIZE
    budget = settings.REMINDER_DISPATCH_TIME_BUDGET if time_budget is None else time_budget
    started = time.monotonic()
    result = DispatchResult()
    result.add("reclaimed", reclaim_expired_leases(timezone.now()))
    batches = 0
    while time.monotonic() - started < budget and (max_batches is None or batches < max_batches):
        token, ids = claim_batch(timezone.now(), batch_size)
        if not ids:
            break
        batches += 1
        result.add("claimed", len(ids))
        process_batch(token, ids, result)
    return result
