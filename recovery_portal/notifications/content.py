"""What a source of reminders hands the outbox: the contract between the notifications app and
the apps whose models send reminders (``reminder_message(reminder) -> ReminderContent``).
It imports no model, so models of any app (this one's included) may import it at the top."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse


@dataclass(frozen=True)
class ReminderContent:
    """What a source wants said. ``details`` appear only when the person turned discreet
    wording off; ``path`` is the page (behind sign-in) that shows them."""

    when: datetime | None
    details: str = ""
    path: str = "/"
    # What the link says, and the footer's "why you get this" (e.g. for an invitation).
    link_text: str = "Sign in to see the details"
    why: str = "You get this because reminders are on for your account."


@dataclass(frozen=True)
class ReplyHandled:
    """What a source did with a person's text reply to its reminder
    (``reminder_reply(reminder, action)``, action "confirm" or "move"): the outcome's value
    (``InboundOutcome``: "confirmed", "move_asked", "rsvp") and the neutral answer to send back
    (no health word, no name)."""

    outcome: str
    reply: str


@functools.cache
def path_of(url_name: str) -> str:
    """``reverse()`` of an argument-free URL, once per process (the dispatcher asks often)."""
    return reverse(url_name)
