"""What a reminder says, composed at send time.

A source returns a ``ReminderContent`` (defined in ``content.py``, importable from here too):
when the thing is, its details, the page behind sign-in where they are shown. This module turns
it into the words of each channel. With discreet wording (the default) the subject, the text
message and the first lines of an e-mail — what a lock screen shows — say only "Reminder: your
7:00 pm appointment tomorrow": never the source's details, never the portal's name (which may
itself say "recovery").
"""

from __future__ import annotations

import base64
import functools
import hashlib
import time
from dataclasses import dataclass
from datetime import datetime

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from recovery_portal.notifications.content import ReminderContent
from recovery_portal.notifications.models import (
    URGENT_KINDS,
    Preference,
    Reminder,
    ReminderKind,
    user_zone,
)


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str
    sms: str


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def unsubscribe_token(user) -> str:
    """An opaque, expiring credential for the one-click link: the person's id encrypted and
    authenticated (Fernet), with the time it was made. Whoever sees the link (a shared inbox,
    a mail log) learns nothing about whose it is, and it stops working after
    ``UNSUBSCRIBE_LINK_DAYS``."""
    return _fernet(settings.SECRET_KEY).encrypt(str(user.pk).encode()).decode()


@functools.lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    digest = hashlib.sha256(f"recovery-portal-unsubscribe:{secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


@dataclass(frozen=True)
class UnsubscribeLink:
    user_id: int | None
    expired: bool = False
    made_at: float = 0.0  # when the link was made (seconds since the epoch)

    def outlived(self, user) -> bool:
        """Made before ``user``'s access last ended: it ended with it."""
        ended = user.access_ended_at
        return ended is not None and self.made_at <= ended.timestamp()


def unsubscribe_links_end(user, *, now) -> int:
    """Stateless: a link made before ``user.access_ended_at`` (which ``access_end`` has just
    set) is refused (``UnsubscribeLink.outlived``)."""
    return 0


def unsubscribe_link(token: str) -> UnsubscribeLink:
    """Whose a one-click link is; ``user_id`` None for a forged or damaged link, or (with
    ``expired``) one older than ``UNSUBSCRIBE_LINK_DAYS``."""
    fernet = _fernet(settings.SECRET_KEY)
    try:
        payload = fernet.decrypt(token.encode())
        made = fernet.extract_timestamp(token.encode())
        user_id = int(payload)
    except (InvalidToken, ValueError, TypeError):
        return UnsubscribeLink(None)
    if time.time() - made > settings.UNSUBSCRIBE_LINK_DAYS * 86400:
        return UnsubscribeLink(None, expired=True)
    return UnsubscribeLink(user_id, made_at=made)


def unsubscribe_user_id(token: str) -> int | None:
    return unsubscribe_link(token).user_id


@functools.cache
def _unsubscribe_prefix() -> str:
    return absolute_url(reverse("notifications:unsubscribe", args=["TOKEN"])).rsplit("TOKEN", 1)[0]


def unsubscribe_url(user) -> str:
    return f"{_unsubscribe_prefix()}{unsubscribe_token(user)}/"


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"


def describe_when(when: datetime, *, recipient, now: datetime | None = None) -> tuple[str, str]:
    """("7:00 pm", "today" / "tomorrow" / "on Tuesday, March 10"), in the recipient's own
    time zone."""
    zone = user_zone(recipient)
    local = when.astimezone(zone)
    today = (now or timezone.now()).astimezone(zone).date()
    days = (local.date() - today).days
    if days == 0:
        day = "today"
    elif days == 1:
        day = "tomorrow"
    else:
        day = f"on {local:%A, %B} {local.day}"
    return _clock(local), day


def render(
    reminder: Reminder,
    content: ReminderContent,
    preference: Preference,
    now: datetime,
    unsubscribe: str | None = None,
) -> RenderedMessage:
    """The message for ``reminder``. ``unsubscribe`` is the one-click link (made here when not
    given); an urgent alert has none and is always discreet, whatever the person chose: it
    wakes someone at any hour, on a screen others may see, about someone else."""
    noun = reminder.discreet_noun
    urgent = reminder.kind in URGENT_KINDS
    if reminder.kind == ReminderKind.SAFETY:
        # Still discreet: urgent, but not who or why.
        headline = "Urgent: something on your list needs a look"
    elif urgent:
        headline = "Urgent: someone is waiting for your call"
    elif content.when is not None:
        clock, day = describe_when(content.when, recipient=reminder.recipient, now=now)
        headline = f"Reminder: your {clock} {noun} {day}"
    else:
        headline = f"Reminder: you have a new {noun}"
    details = "" if preference.discreet or urgent else content.details
    details_url = absolute_url(content.path)
    if not urgent:
        unsubscribe = unsubscribe or unsubscribe_url(reminder.recipient)
    sms = f"{headline}. Details: {details_url}"
    if details:
        sms = f"{headline}. {details} {details_url}"
    # Plain string formatting, not templates: this runs once per reminder in the dispatcher's
    # hot path (bench/README.md), and the words are few.
    if unsubscribe is None:
        footer_text, footer_html = f"{content.why}\n", escape(content.why)
    else:
        footer_text = FOOTER_TEXT.format(why=content.why, unsubscribe_url=unsubscribe)
        footer_html = FOOTER_HTML.format(
            why=escape(content.why), unsubscribe_url=escape(unsubscribe)
        )
    text = TEXT.format(
        headline=headline,
        details=f"{details}\n\n" if details else "",
        link_text=content.link_text,
        details_url=details_url,
        footer=footer_text,
    )
    html = HTML.format(
        headline=escape(headline),
        details=f"<p>{escape(details)}</p>\n" if details else "",
        link_text=escape(content.link_text),
        details_url=escape(details_url),
        footer=footer_html,
    )
    return RenderedMessage(subject=headline, text=text, html=html, sms=sms[:480])


TEXT = """{headline}.

{details}{link_text}: {details_url}

{footer}"""
FOOTER_TEXT = """{why} Change which reminders you get, or stop them with one click:
{unsubscribe_url}
"""

HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{headline}</title></head>
<body>
<p><strong>{headline}.</strong></p>
{details}<p><a href="{details_url}">{link_text}</a></p>
<hr>
<p><small>{footer}</small></p>
</body>
</html>
"""
FOOTER_HTML = """{why}
<a href="{unsubscribe_url}">Change which reminders you get, or stop them</a>."""
