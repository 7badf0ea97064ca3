"""Reads of check-ins, alerts, help requests and the count of days in recovery."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from aftercare.models import CheckIn, CheckInAlert, ClientSettings, HelpRequest, Milestone
from aftercare.services.milestone import count_start, milestones_reached
from clients.models import CaseAssignment, Client
from clients.selectors.record import client_for, clients_for


def settings_of(client: Client) -> ClientSettings:
    """The client's saved choices, or the unsaved defaults."""
    try:
        return client.aftercare_settings
    except ClientSettings.DoesNotExist:
        return ClientSettings(client=client)


def checkins_of(client: Client, *, limit: int = 60) -> list[CheckIn]:
    return list(CheckIn.objects.filter(client=client)[:limit])


def alerts_of(client: Client, *, limit: int = 50) -> list[CheckInAlert]:
    return list(
        CheckInAlert.objects.filter(client=client).select_related("checkin", "handled_by")[:limit]
    )


def alert_for(user, client_pk, pk) -> CheckInAlert:
    client = client_for(user, client_pk)
    try:
        return CheckInAlert.objects.get(client=client, pk=pk)
    except (CheckInAlert.DoesNotExist, ValueError, TypeError):
        raise Http404("No such alert.")


def _not_replaced(user):
    """Told of it, and not since taken off the client: a case manager alerted as the client's
    own, then replaced by a reassignment, no longer sees it (the new one does, by scope); an
    escalation's supervisor or on-call person keeps it until it is handled."""
    replaced = CaseAssignment.objects.filter(
        client=OuterRef("client"), case_manager=user, ended_at__isnull=False
    )
    return ~Exists(replaced)


def _alerts_for(user):
    """Alerts about a client ``user`` may see, or that ``user`` was told of (``alerted``: an
    escalation, on call; see ``_not_replaced``). ``in_scope`` says which: only those open the
    record; the others show the client's name, phone and the rule, and open nothing (minimum
    necessary)."""
    scope = clients_for(user)
    told = CheckInAlert.alerted.through.objects.filter(user=user).values("checkinalert_id")
    return CheckInAlert.objects.filter(
        Q(client__in=scope) | (Q(pk__in=told) & _not_replaced(user))
    ).annotate(in_scope=Exists(scope.filter(pk=OuterRef("client_id"))))


def open_alerts_for(user, *, limit: int = 25) -> list[CheckInAlert]:
    """Worrying check-ins not yet looked at, of the clients ``user`` may see, and those
    ``user`` was alerted to (see ``_alerts_for``)."""
    return list(
        _alerts_for(user)
        .filter(handled_at__isnull=True)
        .select_related("client", "checkin")
        .order_by("-raised_at")[:limit]
    )


def alert_told_for(user, pk) -> CheckInAlert:
    """An alert ``user`` may mark handled from Today: in scope, or one they were told of."""
    try:
        return _alerts_for(user).get(pk=pk)
    except (CheckInAlert.DoesNotExist, ValueError, TypeError):
        raise Http404("No such alert.")


def anyone_told_of(checkin: CheckIn) -> bool:
    """Whether the alerts this check-in raised or updated reached anyone."""
    return CheckInAlert.alerted.through.objects.filter(checkinalert__checkin=checkin).exists()


def help_requests_for(user, *, limit: int = 25) -> list[HelpRequest]:
    """Open 'Talk to someone now' requests this person was alerted to (on call), or about a
    client they may see. Carries the client's name and phone."""
    return list(
        HelpRequest.objects.filter(handled_at__isnull=True)
        .filter((Q(alerted=user) & _not_replaced(user)) | Q(client__in=clients_for(user)))
        .select_related("client")
        .distinct()
        .order_by("-at")[:limit]
    )


def help_request_for(user, pk) -> HelpRequest:
    try:
        return (
            HelpRequest.objects.filter(
                (Q(alerted=user) & _not_replaced(user)) | Q(client__in=clients_for(user))
            )
            .distinct()
            .get(pk=pk)
        )
    except (HelpRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No such request.")


def own_help_requests(client: Client, *, limit: int = 3) -> list[HelpRequest]:
    return list(HelpRequest.objects.filter(client=client).order_by("-at")[:limit])


def recovery_count(client: Client, *, today: dt.date | None = None) -> dict:
    """Days in recovery, the milestones reached and the next one (None when there is no start
    date). ``hidden``: the client chose to hide it, so only they see it, on their settings."""
    today = today or timezone.localdate()
    chosen = settings_of(client)
    start = count_start(client, chosen)
    if start is None or start > today:
        return {"start": None, "hidden": chosen.count_hidden, "settings": chosen}
    reached = milestones_reached(start, today)
    upcoming = milestones_reached(start, today + dt.timedelta(days=400))
    following = next((m for m in upcoming if m[2] > today), None)
    return {
        "start": start,
        "days": (today - start).days,
        "hidden": chosen.count_hidden,
        "settings": chosen,
        "reached": [{"label": m[1], "on": m[2]} for m in reversed(reached)],
        "next": {"label": following[1], "on": following[2]} if following else None,
    }


def milestones_of(client: Client, *, limit: int = 10) -> list[Milestone]:
    return list(Milestone.objects.filter(client=client)[:limit])
