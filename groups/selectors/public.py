"""What anyone may see without signing in: public groups and their sessions. Nothing here
touches a client, an enrollment or a facilitator."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone

from groups.meeting_guide.spec import meeting_types
from groups.models import PeerGroup, Session

FINDER_DAYS = 7
MODES = {"in_person": "In person", "online": "Online"}


def public_groups():
    return PeerGroup.objects.filter(is_public=True, is_active=True)


def public_group(slug: str) -> PeerGroup:
    try:
        return public_groups().select_related("schedule").get(slug=slug)
    except PeerGroup.DoesNotExist:
        raise Http404("No such meeting.")


def finder_sessions(*, day: int | None = None, type_code: str = "", mode: str = "", now=None):
    """Public sessions of the next week, filtered by weekday (0 = Monday), type and mode.
    One query however many meetings."""
    now = now or timezone.now()
    sessions = Session.objects.filter(
        group__in=public_groups(),
        ends_at__gt=now,
        starts_at__lt=now + dt.timedelta(days=FINDER_DAYS),
    ).select_related("group__schedule")
    if mode == "online":
        sessions = sessions.exclude(group__online_url="", group__dial_in="")
    elif mode == "in_person":
        sessions = sessions.exclude(group__address="")
    known_types = meeting_types()
    found = []
    for session in sessions.order_by("starts_at"):
        local = session.starts_at.astimezone(session.group.schedule.zone)
        if day is not None and local.weekday() != day:
            continue
        # Filtered here, not with a JSON lookup: SQLite (the demo's database) has no "contains".
        if type_code in known_types and type_code not in session.group.types:
            continue
        session.local_starts_at = local
        found.append(session)
    return found


def upcoming_public_sessions(group: PeerGroup, *, now=None, limit: int = 8) -> list[Session]:
    now = now or timezone.now()
    return list(Session.objects.filter(group=group, ends_at__gt=now).order_by("starts_at")[:limit])
