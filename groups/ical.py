"""iCalendar (RFC 5545) output, written with the ``icalendar`` package: times in UTC (so no
VTIMEZONE is needed), stable UIDs, cancelled events as ``STATUS:CANCELLED``; the package folds
long lines and escapes text."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from icalendar import Calendar, Event

from groups.selectors.feed import CalendarItem


def prodid() -> str:
    """Who made the calendar, in words that say nothing of what the organization does (a
    calendar app shows it; ``DISCREET_SENDER_NAME`` is checked at start-up)."""
    return f"-//{settings.DISCREET_SENDER_NAME}//Calendar//EN"


def _one_line(text: str) -> str:
    """A name as one line: a line break or other control character typed into it becomes a
    space (iCalendar refuses them in a calendar's name, and a title is one line)."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def private_uid(feed, uid: str) -> str:
    """An event's UID in one person's private feed: an HMAC of its public UID keyed by the
    feed's own secret (its token's digest, with SECRET_KEY). Stable across refreshes of that
    feed, different in every other feed and never equal to the public ``.ics``, so an event
    cannot be matched to the meeting it is."""
    mac = salted_hmac(
        "groups.calendar_feed.uid", uid, secret=f"{settings.SECRET_KEY}|{feed.token_digest}"
    )
    return f"{mac.hexdigest()[:40]}@calendar"


def calendar_bytes(items: list[CalendarItem], *, name: str, discreet: bool, feed=None) -> bytes:
    """The calendar of ``items``; ``feed``, a person's private feed, gives each event its own
    UID (``private_uid``)."""
    cal = Calendar()
    cal.add("prodid", prodid())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _one_line(name))
    stamp = timezone.now().astimezone(dt.UTC)
    for item in items:
        event = Event()
        event.add("uid", private_uid(feed, item.uid) if feed else item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at.astimezone(dt.UTC))
        event.add("dtend", item.ends_at.astimezone(dt.UTC))
        event.add("summary", _one_line(item.discreet_title if discreet else item.title))
        if item.updated_at:
            event.add("last-modified", item.updated_at.astimezone(dt.UTC))
        if not discreet:
            if item.location:
                event.add("location", item.location)
            if item.description:
                event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
