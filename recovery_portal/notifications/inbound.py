"""Texts people send to the portal's number (the inbound half of the SMS channel).

Every text is stored once, by the provider's message id, in its own transaction, before
anything is done with it (``inbound_text_store``): a retry of the same webhook finds the row,
and a crash after the store loses nothing (``inbound_texts_process_pending``, run by beat, acts
on any row left unprocessed). Acting on it (``inbound_text_process``) locks the row and does
nothing if it was already processed, so a text is acted on once however often it arrives.

What a text does, in this order:

1. **Keywords**, from any number, matched on the whole text in any case with surrounding
   spaces: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT stop every text to the number (the
   dispatcher skips it from its next run; urgent and safety alerts to it go by e-mail
   instead); START, UNSTOP resume; HELP
   answers with ``help_text()``.
2. A number of **no active client** (no active client account has it as its texting number),
   or of **more than one** (a shared phone: the text is credited to none of them, and acts on
   no reminder), gets the help text only; the text is kept for administrators
   ``SMS_UNMATCHED_KEEP_DAYS``.
3. **A reply to a reminder**: "C"/"yes" (confirm) or "R"/"move" (move) is handed to the source
   of the most recent text reminder sent to the person, through its model's
   ``reminder_reply(reminder, action)`` (the same contract as ``reminder_message``), which
   returns a ``ReplyHandled`` or None when the action means nothing to it.
4. **Anything else** goes to the case manager's inbox on Today (the clients app shows it).

A number that said STOP (and not START since) gets no answer but to STOP, START and HELP: a
text from it is kept and acted on (2 to 4), but nothing is texted back.

Every answer is neutral: no health word, no name, nothing about what the reminder was for.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.content import ReplyHandled
from recovery_portal.notifications.models import (
    Channel,
    InboundOutcome,
    InboundText,
    Reminder,
    ReminderState,
    TextOptOut,
)

log = logging.getLogger(__name__)
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})
ANSWERED_WHEN_STOPPED = frozenset(
    {InboundOutcome.STOPPED, InboundOutcome.STARTED, InboundOutcome.HELP}
)
ACTIONS = {"C": "confirm", "YES": "confirm", "R": "move", "MOVE": "move"}


def _name() -> str:
    return settings.DISCREET_SENDER_NAME


def help_text() -> str:
    phone = settings.ORGANIZATION_PHONE
    call = f" Questions? Call {phone}." if phone else ""
    return (
        f"{_name()}: reminders and messages.{call} Reply STOP to stop texts, START to get "
        "them again. Msg & data rates may apply."
    )


def stop_text() -> str:
    return f"{_name()}: you will get no more texts from us. Reply START to get them again."


def start_text() -> str:
    return f"{_name()}: texts are on again. Reply STOP to stop them, HELP for help."


def inbox_text() -> str:
    return (
        f"{_name()}: thank you, your message was passed on. Texts are read in office hours; "
        "any time, you can call or text 988, and in an emergency call 911."
    )


def keyword_of(body: str) -> str:
    """The whole text as a keyword: upper case, surrounding spaces and a final full stop or
    exclamation mark dropped ("  stop. " is STOP)."""
    return re.sub(r"\s+", " ", body).strip().rstrip(".!").strip().upper()


# Control characters PostgreSQL cannot store (NUL) or no one should see; tab, newline and
# carriage return stay.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control_characters(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value)


def inbound_text_store(*, sid: str, from_number: str, body: str) -> tuple[InboundText, bool]:
    """Keep the text (once per provider id), control characters dropped; returns the row and
    whether it is new."""
    sid, from_number, body = (without_control_characters(v) for v in (sid, from_number, body))
    with transaction.atomic():
        text, created = InboundText.objects.get_or_create(
            provider_sid=sid[:64],
            defaults={"from_number": from_number[:20], "body": body[:1600]},
        )
    return text, created


def _texting_accounts(phone: str):
    """Active client accounts whose texting number is ``phone``."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, reminder_preference__phone=phone)
        .order_by("pk")
    )
    return [user for user in users if user.is_client]


def _sender_of(phone: str):
    """The client whose number it is; None when no active client account has it, or when
    more than one does (a shared phone): guessing would put one client's words in another's
    record (42 CFR Part 2), so such a text is nobody's and is acted on like an unknown
    number's."""
    accounts = _texting_accounts(phone)
    return accounts[0] if len(accounts) == 1 else None


def _last_text_reminder(recipients) -> Reminder | None:
    return (
        Reminder.objects.filter(
            recipient__in=recipients, channel=Channel.SMS, state=ReminderState.SENT
        )
        .select_related("recipient", "source_type")
        .order_by("-sent_at", "-pk")
        .first()
    )


def _set_opt_out(phone: str, *, stopped: bool, now) -> None:
    TextOptOut.objects.update_or_create(
        phone=phone, defaults={"stopped_at": now if stopped else None}
    )


def _text_stopped(phone: str) -> bool:
    return TextOptOut.objects.filter(phone=phone, stopped_at__isnull=False).exists()


def _reply_to_reminder(sender, action: str) -> tuple[ReplyHandled | None, Reminder | None]:
    reminder = _last_text_reminder([sender])
    if reminder is None:
        return None, None
    source = reminder.source
    answer = getattr(source, "reminder_reply", None)
    if answer is None:
        return None, reminder
    return answer(reminder, action), reminder


def _decide(text: InboundText, now) -> None:
    """Fill ``outcome``, ``reply``, ``sender`` and ``reminder`` of ``text``, acting on it."""
    word = keyword_of(text.body)
    text.sender = _sender_of(text.from_number)
    if word in STOP_WORDS or word in START_WORDS:
        stopped = word in STOP_WORDS
        _set_opt_out(text.from_number, stopped=stopped, now=now)
        text.outcome = InboundOutcome.STOPPED if stopped else InboundOutcome.STARTED
        text.reply = stop_text() if stopped else start_text()
    elif word in HELP_WORDS:
        text.outcome, text.reply = InboundOutcome.HELP, help_text()
    elif text.sender is None:
        text.outcome, text.reply = InboundOutcome.UNKNOWN_NUMBER, help_text()
    else:
        handled = None
        if word in ACTIONS:
            handled, text.reminder = _reply_to_reminder(text.sender, ACTIONS[word])
        if handled is not None:
            text.outcome, text.reply = handled.outcome, handled.reply
        else:
            text.outcome, text.reply = InboundOutcome.INBOX, inbox_text()
    # A number that said STOP gets no text at all but the answers to STOP, START and HELP:
    # what it sends is still kept and acted on.
    if text.outcome not in ANSWERED_WHEN_STOPPED and _text_stopped(text.from_number):
        text.reply = ""


@transaction.atomic
def inbound_text_process(*, text_id: int, request=None) -> str | None:
    """Act on a stored text, once. Returns the reply to send, or None when the text was
    already processed (a retry: it acted, and answered, the first time)."""
    text = InboundText.objects.select_for_update().get(pk=text_id)
    if text.processed_at is not None:
        return None
    now = timezone.now()
    _decide(text, now)
    text.processed_at = now
    text.save()
    # Ids and the kind of outcome only: never the words, never the number.
    audit_record(
        actor=text.sender,
        action=f"notifications.text.{text.outcome}",
        target=text,
        request=request,
        details={"text": text.pk, "reminder": text.reminder_id},
    )
    return text.reply


def inbound_texts_process_pending(*, older_than_seconds: int = 60) -> int:
    """Act on texts stored but never processed (the web process died between the two). No
    answer goes back for these: the webhook that could carry it is long closed."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        InboundText.objects.filter(processed_at__isnull=True, received_at__lt=cutoff)
        .order_by("received_at")
        .values_list("pk", flat=True)[:500]
    )
    done = 0
    for pk in ids:
        try:
            inbound_text_process(text_id=pk)
        except Exception:  # noqa: BLE001  (one text that cannot be handled must not stop the rest)
            log.exception("text message %s could not be acted on; tried again next run", pk)
        else:
            done += 1
    return done


@transaction.atomic
def unmatched_texts_purge(*, now=None) -> int:
    """Texts from numbers of no client, older than ``SMS_UNMATCHED_KEEP_DAYS``, deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SMS_UNMATCHED_KEEP_DAYS)
    deleted, _ = InboundText.objects.filter(sender__isnull=True, received_at__lt=cutoff).delete()
    if deleted:
        audit_record(action="notifications.text.purge", details={"count": deleted})
    return deleted


@transaction.atomic
def inbound_text_read(*, text: InboundText, actor, request=None) -> InboundText:
    """A staff member opened the text: the first opening marks it read."""
    if text.read_at is None:
        InboundText.objects.filter(pk=text.pk, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=actor
        )
        text.refresh_from_db(fields=["read_at", "read_by"])
    audit_record(actor=actor, action="notifications.text.read", target=text, request=request)
    return text


FINAL_STATUSES = frozenset({"delivered", "undelivered", "failed"})
FAILED_STATUSES = frozenset({"undelivered", "failed"})


@transaction.atomic
def delivery_status_record(*, sid: str, status: str, error_code: str = "") -> bool:
    """The provider's status callback for a text we sent: delivered, or not (with its error
    code, shown on the delivery log). A final status is never replaced by an earlier one
    arriving late. Returns whether a reminder was found."""
    status = (status or "").strip().lower()[:20]
    reminder = (
        Reminder.objects.select_for_update()
        .filter(provider_sid=sid, channel=Channel.SMS)
        .exclude(provider_sid="")
        .first()
    )
    if reminder is None or not status:
        return False
    if reminder.delivery_status in FINAL_STATUSES and status not in FINAL_STATUSES:
        return True
    reminder.delivery_status = status
    fields = ["delivery_status", "updated_at"]
    if status in FAILED_STATUSES:
        code = re.sub(r"[^0-9A-Za-z]", "", error_code or "")[:10] or "none given"
        reminder.state = ReminderState.FAILED
        reminder.last_error = f"Not delivered: the provider reported it {status} (error {code})."
        fields += ["state", "last_error"]
    reminder.save(update_fields=fields)
    return True
