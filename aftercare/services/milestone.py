"""Days in recovery and their milestones: 30, 60 and 90 days, 6 months, 1 year, then yearly.

The count runs from the client's own restart date when they restarted it, else from the
record's recovery start date. A restart is the client's choice, asked no reason and judged by
nobody; the milestones of the new count are reached again.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from aftercare.models import AftercarePlan, ClientSettings, Milestone, PlanStatus
from aftercare.services.checkin import settings_update
from aftercare.windows import after
from clients.models import Client, ClientStatus
from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.models import ReminderKind
from recovery_portal.notifications.services import reminders_schedule

MESSAGE_GRACE_DAYS = 2  # a milestone found late (beat was down) is still announced this long


def count_start(client: Client, chosen: ClientSettings | None) -> dt.date | None:
    if chosen is not None and chosen.count_from is not None:
        return chosen.count_from
    return client.recovery_start_date


def milestones_reached(start: dt.date, today: dt.date) -> list[tuple[str, str, dt.date]]:
    """Every milestone from ``start`` up to ``today``: (key, label, date)."""
    found = [(f"{days}d", f"{days} days", start + dt.timedelta(days=days)) for days in (30, 60, 90)]
    found.append(("6m", "6 months", after(start, months=6)))
    years = 1
    while after(start, months=12 * years) <= today:
        label = "1 year" if years == 1 else f"{years} years"
        found.append((f"{years}y", label, after(start, months=12 * years)))
        years += 1
    return [m for m in found if m[2] <= today]


@transaction.atomic
def milestones_record(*, today: dt.date | None = None) -> int:
    """Periodic (daily): record milestones reached by clients in aftercare; message those who
    opted in (and have not hidden their count) about one reached in the last few days."""
    today = today or timezone.localdate()
    plans = (
        AftercarePlan.objects.filter(status=PlanStatus.ACTIVE)
        .exclude(client__status=ClientStatus.CLOSED)
        .select_related("client", "client__aftercare_settings")
    )
    clients = {plan.client_id: plan.client for plan in plans}
    existing = set(
        Milestone.objects.filter(client_id__in=clients).values_list(
            "client_id", "count_from", "key"
        )
    )
    made = 0
    for client in clients.values():
        chosen = getattr(client, "aftercare_settings", None)
        start = count_start(client, chosen)
        if start is None:
            continue
        for key, label, reached_on in milestones_reached(start, today):
            if (client.pk, start, key) in existing:
                continue
            milestone = Milestone.objects.create(
                client=client, key=key, label=label, count_from=start, reached_on=reached_on
            )
            made += 1
            wants = chosen is not None and chosen.milestone_messages and not chosen.count_hidden
            if wants and client.user_id and (today - reached_on).days <= MESSAGE_GRACE_DAYS:
                reminders_schedule(
                    recipient=client.user,
                    kind=ReminderKind.MILESTONE,
                    source=milestone,
                    send_at=timezone.now(),
                )
    return made


@transaction.atomic
def count_restart(*, client: Client, actor, start: dt.date | None = None, request=None):
    """Start the count again from ``start`` (today by default)."""
    chosen = settings_update(
        client=client, actor=actor, count_from=start or timezone.localdate(), quiet=True
    )
    audit_record(actor=actor, action="aftercare.count.restart", target=chosen, request=request)
    return chosen
