"""The public Meeting Guide feed and the events of a person's private calendar feed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from clients.models import ClientStatus
from groups.models import Audience, CalendarFeed, EnrollmentStatus, Frequency, Session
from groups.models.feed import token_digest
from groups.selectors.public import public_groups
from recovery_portal.plugins import calendar_sources

CALENDAR_PAST = dt.timedelta(days=30)
CALENDAR_AHEAD = dt.timedelta(weeks=8)


def _mg_day(python_weekday: int) -> int:
    # Meeting Guide counts from Sunday = 0; Python from Monday = 0.
    return (python_weekday + 1) % 7


def conference_phone(dial_in: str) -> str:
    """The dial-in as the spec asks: digits, a leading ``+``, and the ``,`` ``*`` ``#`` of a
    one-tap link (``+15551234567,,123456#``); spaces, dashes, dots and brackets go."""
    return "".join(c for c in dial_in if c.isdigit() or c in "+,*#")


def _place(group) -> dict:
    """Where it meets: the address of an in-person meeting; for an online-only one the
    organization's city, region and country, marked approximate, as meeting apps ask."""
    if group.is_in_person:
        return {
            "location": group.location_name or group.address,
            "address": group.address,
            "city": group.city,
            "state": group.state,
            "postal_code": group.postal_code,
            "country": settings.ORGANIZATION_COUNTRY,
            "approximate": "no",
            "location_notes": " ".join(p for p in (group.room, group.location_notes) if p),
        }
    return {
        "city": settings.ORGANIZATION_CITY,
        "state": settings.ORGANIZATION_REGION,
        "country": settings.ORGANIZATION_COUNTRY,
        "approximate": "yes",
    }


def _joining(group) -> dict:
    """The link, its notes (a passcode) and the dial-in: only of a meeting open to anyone."""
    if not group.shares_joining_details:
        return {}
    joining = {"conference_url": group.online_url}
    if group.online_url:
        joining["conference_url_notes"] = group.online_notes
    if group.dial_in:
        joining["conference_phone"] = conference_phone(group.dial_in)
    return joining


def meeting_guide_groups():
    """The groups of the feed: listed publicly and in meeting apps, active, weekly, not ended.
    An online-only meeting not open to anyone stays out: it could not carry its link."""
    return (
        public_groups()
        .filter(in_meeting_apps=True, schedule__frequency=Frequency.WEEKLY)
        .filter(Q(schedule__ends_on__isnull=True) | Q(schedule__ends_on__gte=timezone.localdate()))
        .exclude(Q(address="") & ~Q(audience=Audience.PUBLIC))
        .select_related("schedule")
        .order_by("slug")
    )


def meeting_guide_feed() -> list[dict]:
    """Every meeting listed in meeting apps, in the code4recovery Meeting Guide format
    (docs/exports.md, "Meeting Guide feed").

    Only what a public listing needs: name, slug, day and time, place or conference link, types,
    description. Never a facilitator, a member or anyone's last name. One query.
    """
    meetings = []
    for group in meeting_guide_groups():
        schedule = group.schedule
        days = sorted(_mg_day(d) for d in schedule.weekdays)
        updated = max(group.updated_at, schedule.updated_at).astimezone(dt.UTC)
        meeting = {
            "name": group.name,
            "slug": group.slug,
            "day": days[0] if len(days) == 1 else days,
            "time": schedule.start_time.strftime("%H:%M"),
            "end_time": schedule.end_time.strftime("%H:%M"),
            "timezone": schedule.time_zone,
            "types": list(group.types),
            "notes": group.description,
            "updated": updated.strftime("%Y-%m-%d %H:%M:%S"),
            **_place(group),
            **_joining(group),
        }
        meetings.append({k: v for k, v in meeting.items() if v not in ("", None)})
    return meetings


def feed_for_token(token: str) -> CalendarFeed:
    try:
        # A link made before the owner's access last ended ended with it.
        return (
            CalendarFeed.objects.select_related("owner")
            .exclude(owner__access_ended_at__gte=F("created_at"))
            .exclude(owner__client_record__status=ClientStatus.CLOSED)  # services_ended
            .get(token_digest=token_digest(token), revoked_at__isnull=True, owner__is_active=True)
        )
    except CalendarFeed.DoesNotExist:
        raise Http404("No such calendar.")


def details_allowed(user) -> bool:
    """Whether ``user``'s private feed may carry names and places. A client's may (their own
    meetings, their choice); a staff member's names clients, a disclosure to the calendar
    provider, so only where the organization has a BAA / QSOA with it
    (``STAFF_CALENDAR_DETAILS_ALLOWED``)."""
    return not user.is_portal_staff or settings.STAFF_CALENDAR_DETAILS_ALLOWED


def shown_discreet(feed: CalendarFeed) -> bool:
    """Whether the feed is served discreet: its own choice, or its owner may not have details
    (a staff link made detailed before the organization turned them off stays discreet)."""
    return feed.discreet or not details_allowed(feed.owner)


def live_feed_for(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(owner=user, revoked_at__isnull=True).first()


@dataclass(frozen=True)
class CalendarItem:
    """One event of a private calendar feed. ``uid`` must stay the same for the same thing."""

    uid: str
    title: str
    discreet_title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    updated_at: dt.datetime | None = None


def session_items_for(user, *, since: dt.datetime, until: dt.datetime) -> list[CalendarItem]:
    """The sessions of ``user``: as a client, of the groups they are enrolled in; as staff, of
    the groups they facilitate."""
    reach = Q(pk__in=[])
    if user.is_client:
        reach |= Q(
            group__enrollments__client__user=user,
            group__enrollments__status=EnrollmentStatus.ENROLLED,
        )
    if user.is_portal_staff:
        reach |= Q(group__facilitators=user)
    sessions = (
        Session.objects.filter(reach, starts_at__gte=since, starts_at__lt=until)
        .select_related("group")
        .distinct()
        .order_by("starts_at")
    )
    return [
        CalendarItem(
            uid=f"session-{s.pk}@recovery-portal",
            title=s.group.name,
            discreet_title="Meeting",
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            location=", ".join(p for p in (s.group.place, s.group.room) if p),
            description=s.group.online_url,
            cancelled=s.is_cancelled,
            updated_at=s.updated_at,
        )
        for s in sessions
    ]


def extra_calendar_items(user, *, since: dt.datetime, until: dt.datetime) -> list[CalendarItem]:
    """Other apps' events in the same private feed (casework's appointments): each app declares
    ``calendar_sources`` on its AppConfig (``recovery_portal/plugins.py``), so this app imports
    none of them."""
    return [
        CalendarItem(**fields)
        for source in calendar_sources()
        for fields in source(user, since=since, until=until)
    ]


def calendar_items_for(user, *, now=None) -> list[CalendarItem]:
    """Everything in ``user``'s private calendar feed, from a month ago to eight weeks ahead."""
    now = now or timezone.now()
    since, until = now - CALENDAR_PAST, now + CALENDAR_AHEAD
    items = session_items_for(user, since=since, until=until)
    items += extra_calendar_items(user, since=since, until=until)
    return sorted(items, key=lambda item: item.starts_at)
