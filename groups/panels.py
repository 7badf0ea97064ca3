"""The groups' cards on shared pages (declared in ``apps.py``): the client's 'My recovery' and
the facilitator's 'Today'."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone

from clients.selectors.record import own_client_record
from groups.models import Session
from groups.selectors.mine import next_sessions_of


def my_meetings(user) -> dict | None:
    try:
        client = own_client_record(user)
    except Http404:
        return None
    return {"next": next_sessions_of(client, limit=3)}


def today(user) -> dict | None:
    """Today's card for peer facilitators: their sessions today and next, with the roster a
    tap away. One query; no card for other staff (they reach groups from the menu)."""
    if not user.runs_groups:
        return None
    now = timezone.now()
    sessions = list(
        Session.objects.filter(
            group__facilitators=user,
            ends_at__gt=now - dt.timedelta(hours=12),
            starts_at__lt=now + dt.timedelta(days=7),
        )
        .select_related("group")
        .order_by("starts_at")[:8]
    )
    return {"sessions": sessions, "now": now}
