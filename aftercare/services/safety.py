"""The safety net behind check-in alerts and 'Talk to someone now': who can be alerted, office
hours, and escalation.

- Alerts go out as ``ReminderKind.SAFETY``, help-now requests as ``ReminderKind.URGENT``
  ("someone is waiting for your call"): both are ``URGENT_KINDS``, which opt-outs and quiet
  hours cannot hold back; on each person's fastest channel.
- Escalation (``safety_escalate``, every minute from beat): an alert or request nobody marked
  handled ``SAFETY_ESCALATE_MINUTES`` after it came goes on, once, to the supervisors (the
  people who may reassign caseloads: the portal models no per-person "reports to", so every
  supervisor is the case manager's supervisor) and, outside office hours, to whoever is on call
  (the rota, ``OnCallShift``). Each step is audited with the ids alerted, an empty list when
  nobody could be. Everyone escalated to joins the row's ``alerted``, so the card they were
  told of is on their Today (the client's name and phone, and an alert's rule: nothing more,
  and no record opens to them) and they can mark it handled there.
- An alert about a client nobody active is responsible for goes to the same people at once
  (``alert_announce``).
- ``nobody_on_call``: the admin's system status and /healthz say "No one is on call now".
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from aftercare.models import CheckInAlert, HelpRequest, OnCallShift
from recovery_portal.accounts.selectors import holders_of
from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.models import Channel, ReminderKind, TextOptOut
from recovery_portal.notifications.selectors import preference_for
from recovery_portal.notifications.services import reminders_schedule


def office_hours_words() -> str:
    return (
        f"during office hours (Monday to Friday, {settings.OFFICE_OPENS_HOUR}:00 to "
        f"{settings.OFFICE_CLOSES_HOUR}:00)"
    )


def call_back_words(now: dt.datetime | None = None) -> str:
    """When the member of staff told of a help-now request (the client's case manager, or the
    plan's coach: nobody was on call) will call: "today, before 17:00" when more than an hour
    of office hours is left, "today, between 9:00 and 17:00" before opening, else the next
    working day ("tomorrow, between 9:00 and 17:00", "on Monday, ...")."""
    local = (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    opens, closes = settings.OFFICE_OPENS_HOUR, settings.OFFICE_CLOSES_HOUR
    if local.weekday() < 5 and local.hour < closes - 1:
        if local.hour >= opens:
            return f"today, before {closes}:00"
        return f"today, between {opens}:00 and {closes}:00"
    day = local.date() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    when = "tomorrow" if day == local.date() + dt.timedelta(days=1) else f"on {day:%A}"
    return f"{when}, between {opens}:00 and {closes}:00"


def in_office_hours(now: dt.datetime | None = None) -> bool:
    local = (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    opens, closes = settings.OFFICE_OPENS_HOUR, settings.OFFICE_CLOSES_HOUR
    return local.weekday() < 5 and opens <= local.hour < closes


def on_call_now(now: dt.datetime | None = None) -> list:
    now = now or timezone.now()
    shifts = OnCallShift.objects.filter(
        starts_at__lte=now, ends_at__gt=now, staff__is_active=True
    ).select_related("staff", "staff__reminder_preference")
    return list({shift.staff_id: shift.staff for shift in shifts}.values())


def on_call_told(help_request: HelpRequest) -> bool:
    """Whether someone on the rota when the request came was among those alerted."""
    return OnCallShift.objects.filter(
        staff__in=help_request.alerted.all(),
        starts_at__lte=help_request.at,
        ends_at__gt=help_request.at,
    ).exists()


def nobody_on_call(now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return not OnCallShift.objects.filter(
        starts_at__lte=now, ends_at__gt=now, staff__is_active=True
    ).exists()


def supervisors() -> list:
    return list(holders_of("accounts.reassign_caseloads").order_by("pk"))


def text_stopped(phone: str) -> bool:
    return TextOptOut.objects.filter(phone=phone, stopped_at__isnull=False).exists()


def fastest_channel(user) -> str:
    """Text, unless texts are off or the number replied STOP (then e-mail; the dispatcher
    also falls back to e-mail for a STOP that comes after the alert was scheduled)."""
    preference = preference_for(user)
    if preference.sms_enabled and preference.phone and not text_stopped(preference.phone):
        return Channel.SMS
    return Channel.EMAIL


def safety_notify(people, *, source, key: str, now: dt.datetime | None = None) -> None:
    """One message each, due now, on their fastest channel: URGENT for a help-now request
    (someone waits for a call), SAFETY for an alert."""
    now = now or timezone.now()
    kind = ReminderKind.URGENT if isinstance(source, HelpRequest) else ReminderKind.SAFETY
    for person in people:
        reminders_schedule(
            recipient=person,
            kind=kind,
            source=source,
            send_at=now,
            channel=fastest_channel(person),
            key=key,
        )


def escalation_targets(already: set[int], now: dt.datetime) -> list:
    people = {p.pk: p for p in supervisors()}
    if not in_office_hours(now):
        people.update({p.pk: p for p in on_call_now(now)})
    return [p for pk, p in sorted(people.items()) if pk not in already]


def alert_announce(alert: CheckInAlert, *, key: str, now: dt.datetime | None = None) -> list:
    """Tell whom a new or reopened alert is for, and keep them as ``alerted``: its recipient;
    with nobody active responsible (no ``recipient``), the supervisors at once and, out of
    hours, whoever is on call, which counts as its escalation. Returns the people told."""
    now = now or timezone.now()
    if alert.recipient_id is not None:
        people = [alert.recipient]
    else:
        people = escalation_targets(set(), now)
        alert.escalated_at = now
        alert.save(update_fields=["escalated_at"])
    alert.alerted.set(people)
    safety_notify(people, source=alert, key=key, now=now)
    return people


def _escalate(row, *, already: set[int], action: str, now: dt.datetime) -> None:
    targets = escalation_targets(already, now)
    safety_notify(targets, source=row, key=f"escalate-{now:%Y%m%d%H%M}", now=now)
    row.alerted.add(*targets)
    row.escalated_at = now
    row.save(update_fields=["escalated_at"])
    audit_record(actor=None, action=action, target=row, details={"to": [p.pk for p in targets]})


@transaction.atomic
def safety_escalate(*, now: dt.datetime | None = None) -> int:
    """Periodic: escalate every open alert and help-now request older than
    ``SAFETY_ESCALATE_MINUTES`` that was not escalated yet (rows another run holds are
    skipped, so overlapping runs escalate each once)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=settings.SAFETY_ESCALATE_MINUTES)
    escalated = 0
    alerts = (
        CheckInAlert.objects.select_for_update(skip_locked=True)
        .filter(handled_at__isnull=True, escalated_at__isnull=True, raised_at__lte=cutoff)
        .prefetch_related("alerted")
    )
    for alert in alerts:
        already = {p.pk for p in alert.alerted.all()} | {alert.recipient_id}
        _escalate(alert, already=already, action="aftercare.alert.escalate", now=now)
        escalated += 1
    requests = (
        HelpRequest.objects.select_for_update(skip_locked=True)
        .filter(handled_at__isnull=True, escalated_at__isnull=True, at__lte=cutoff)
        .prefetch_related("alerted")
    )
    for help_request in requests:
        already = {p.pk for p in help_request.alerted.all()}
        _escalate(help_request, already=already, action="aftercare.help_now.escalate", now=now)
        escalated += 1
    return escalated
