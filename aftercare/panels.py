"""Aftercare's cards on shared pages (declared in ``apps.py``): the record's overview, Today
and the client's My recovery. Each runs a fixed number of queries."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from aftercare.models import FollowUpStatus
from aftercare.selectors.checkin import (
    alerts_of,
    checkins_of,
    help_requests_for,
    milestones_of,
    open_alerts_for,
    recovery_count,
)
from aftercare.selectors.followup import (
    followups_due_soon,
    followups_of,
    latest_plan,
    needs_to_act_on,
    own_followups,
)
from aftercare.services.safety import nobody_on_call
from clients.models import Client
from clients.selectors.record import own_client_record
from recovery_portal.plugins import StatusNote


def overview(user, client: Client) -> dict | None:
    plan = latest_plan(client)
    count = recovery_count(client)
    if plan is None and count["start"] is None:
        return {"client": client, "plan": None}
    followups = followups_of(client) if plan else []
    upcoming = [f for f in followups if f.status == FollowUpStatus.OPEN]
    return {
        "client": client,
        "plan": plan,
        "next": upcoming[0] if upcoming else None,
        "done": sum(1 for f in followups if f.status != FollowUpStatus.OPEN),
        "total": len(followups),
        "checkins": checkins_of(client, limit=3),
        "open_alerts": [a for a in alerts_of(client, limit=10) if a.handled_at is None],
        "needs": len(needs_to_act_on(client)),
        "count": count,
        "milestones": milestones_of(client, limit=3),
    }


def today_followups(user) -> dict | None:
    if not user.is_clinical_staff:
        return None
    due, closing = followups_due_soon(user)
    return {"due": due, "closing": closing, "today": timezone.localdate()}


def today_checkins(user) -> dict | None:
    """Alerts of the clients ``user`` may see, and those ``user`` was alerted to (escalated,
    on call: whatever their role), each of those with only the name, phone and rule."""
    alerts = open_alerts_for(user)
    if not user.is_clinical_staff and not alerts:
        return None
    return {"alerts": alerts}


def today_help(user) -> dict | None:
    """'Talk to someone now' requests: shown to the on-call staff alerted (whatever their
    role) and to the client's own case managers; hidden when there are none."""
    requests = help_requests_for(user)
    return {"requests": requests} if requests else None


def my_recovery(user) -> dict | None:
    try:
        client = own_client_record(user)
    except Http404:  # an invitation not yet linked: no card
        return None
    followups = [f for f in own_followups(client) if f.is_open]
    return {
        "count": recovery_count(client),
        "next": followups[0] if followups else None,
        "last_checkin": next(iter(checkins_of(client, limit=1)), None),
        # Closed: no "Check in" or "Talk to someone now", the crisis lines in their place.
        "services_ended": client.services_ended,
    }


def on_call_note(now):
    """For the watchdog (``status_notes``): whether anyone is on the on-call rota now."""
    if nobody_on_call(now):
        return StatusNote(
            "on_call",
            "nobody",
            "No one is on call now: a client who presses 'Talk to someone now' reaches only "
            "their own case manager, or is told no one can be reached. Add shifts under "
            "Aftercare → On-call shifts.",
        )
    return StatusNote("on_call", "ok", "Someone is on call now.")
