"""Writes of check-ins: the client's own report, the alerts worrying answers raise to their
case manager, and 'Talk to someone now'.

The rules that raise an alert are few and plain (``worrying_reasons``): any use reported, a
craving of 8 or more, a very low mood, or two check-ins missed. One alert per rule per client
per day (later check-ins that day update it), addressed to that client's own case manager;
``services/safety.py`` escalates what nobody handles. With nobody active responsible for the
client the alert is still made, and goes to the supervisors (and on call out of hours) at once.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from aftercare.models import (
    AftercarePlan,
    AlertReason,
    CheckIn,
    CheckInAlert,
    ClientSettings,
    Frequency,
    HelpRequest,
    PlanStatus,
)
from aftercare.models.answer import split
from aftercare.services.safety import alert_announce, on_call_now, safety_notify
from clients.models import Client, ClientStatus
from clients.selectors.record import primary_case_manager
from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.models import ReminderKind
from recovery_portal.notifications.services import reminders_cancel, reminders_schedule

CRAVING_ALERT_FROM = 8
VERY_LOW_MOOD = 1
MISSED_IN_A_ROW = 2
PERIOD_DAYS = {Frequency.DAILY: 1, Frequency.WEEKLY: 7}


def worrying_reasons(*, mood: int, craving, any_use) -> list[str]:
    """The alert rules a check-in meets. An answer the client would rather not give
    ("declined") meets none."""
    reasons = []
    if any_use is True:
        reasons.append(AlertReason.USE.value)
    if isinstance(craving, int) and craving >= CRAVING_ALERT_FROM:
        reasons.append(AlertReason.CRAVING.value)
    if mood <= VERY_LOW_MOOD:
        reasons.append(AlertReason.LOW_MOOD.value)
    return reasons


def alert_recipient(client: Client):
    """The client's own primary case manager (else the coach of their active plan), when that
    person's account is active; None when nobody active is responsible."""
    manager = primary_case_manager(client)
    if manager is not None and manager.is_active:
        return manager
    plan = (
        AftercarePlan.objects.filter(
            client=client, status=PlanStatus.ACTIVE, responsible__is_active=True
        )
        .select_related("responsible")
        .first()
    )
    return plan.responsible if plan else None


def _raised(alert: CheckInAlert, *, checkin) -> None:
    people = alert_announce(alert, key="raised")
    audit_record(
        actor=None,
        action="aftercare.alert.raise",
        target=alert,
        # Not the reasons (what the client answered): the alert row holds them.
        details={
            "checkin": checkin.pk if checkin else None,
            "recipient": alert.recipient_id,
            "to": [p.pk for p in people],
        },
    )


def _alert_missed(client: Client, *, missed_since):
    recipient = alert_recipient(client)
    try:
        # A savepoint: a second alert for the same silence hits a unique constraint and
        # changes nothing (exactly once, even under a race).
        with transaction.atomic():
            alert = CheckInAlert.objects.create(
                client=client,
                missed_since=missed_since,
                rule=AlertReason.MISSED.value,
                reasons=[AlertReason.MISSED.value],
                recipient=recipient,
            )
    except IntegrityError:
        return None
    _raised(alert, checkin=None)
    return alert


def _alert_rule(client: Client, *, rule: str, checkin: CheckIn, recipient):
    """The day's alert for this rule: made by the first worrying check-in, pointed at the
    latest by later ones (reopened, and sent again, if it had been handled meanwhile)."""
    day = timezone.localdate(checkin.at)
    mine = CheckInAlert.objects.select_for_update().filter(client=client, rule=rule, day=day)
    alert = mine.first()
    if alert is None:
        try:
            with transaction.atomic():  # a savepoint: a parallel check-in may make it first
                alert = CheckInAlert.objects.create(
                    client=client,
                    checkin=checkin,
                    rule=rule,
                    day=day,
                    reasons=[rule],
                    recipient=recipient,
                )
        except IntegrityError:
            alert = mine.get()
        else:
            _raised(alert, checkin=checkin)
            return alert
    reopened = alert.handled_at is not None
    alert.checkin = checkin
    if reopened:
        # A new episode: to whoever is responsible now (those alerted before are not kept).
        alert.handled_at, alert.handled_by, alert.recipient = None, None, recipient
        alert.raised_at, alert.escalated_at = timezone.now(), None
    alert.save()
    if reopened:
        alert_announce(alert, key=f"reopened-{checkin.pk}")
    audit_record(
        actor=None,
        action="aftercare.alert.update",
        target=alert,
        details={"checkin": checkin.pk, "reopened": reopened},
    )
    return alert


@transaction.atomic
def checkin_record(
    *,
    client: Client,
    actor,
    mood: int,
    craving: int | str,
    any_use: bool | str,
    sleep: str,
    note: str = "",
    request=None,
) -> CheckIn:
    """Save a check-in; worrying answers raise (or update) the day's alert of each rule to the
    client's case manager, or with nobody active responsible to the supervisors at once (and
    on call out of hours). With nobody at all to tell, the page tells the client so.

    ``craving`` and ``any_use`` may be "declined" (the client would rather not say): kept as
    such, never as 0 or "no"."""
    craving_value, craving_why = split(craving)
    use_value, use_why = split(any_use)
    if craving_value is not None and not 0 <= craving_value <= 10:
        raise ValidationError("Craving is a number from 0 to 10.")
    if use_value not in (True, False, None):
        raise ValidationError("Please answer yes or no, or choose “I'd rather not say”.")
    if not 1 <= mood <= 5:
        raise ValidationError("Please choose how your mood has been.")
    checkin = CheckIn.objects.create(
        client=client,
        mood=mood,
        craving=craving_value,
        craving_not_given=craving_why,
        any_use=use_value,
        any_use_not_given=use_why,
        sleep=sleep,
        note=note.strip(),
    )
    audit_record(actor=actor, action="aftercare.checkin", target=checkin, request=request)
    reasons = worrying_reasons(mood=mood, craving=craving, any_use=any_use)
    recipient = alert_recipient(client) if reasons else None
    for rule in reasons:
        _alert_rule(client, rule=rule, checkin=checkin, recipient=recipient)
    return checkin


@transaction.atomic
def alert_handle(*, alert: CheckInAlert, actor, request=None) -> CheckInAlert:
    alert = CheckInAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.handled_at is None:
        alert.handled_at, alert.handled_by = timezone.now(), actor
        alert.save(update_fields=["handled_at", "handled_by"])
        reminders_cancel(source=alert)
        audit_record(actor=actor, action="aftercare.alert.handle", target=alert, request=request)
    return alert


@transaction.atomic
def missed_checkins_scan(*, today: dt.date | None = None) -> int:
    """Periodic: one alert when a client in aftercare has missed two check-ins in a row
    (counted from their last check-in, or the plan's start), once per silence."""
    today = today or timezone.localdate()
    plans = (
        AftercarePlan.objects.filter(status=PlanStatus.ACTIVE, client__user__isnull=False)
        .exclude(client__status=ClientStatus.CLOSED)
        .select_related("client", "client__aftercare_settings")
        .annotate(last_checkin=Max("client__checkins__at"))
    )
    raised = 0
    for plan in plans:
        client = plan.client
        chosen = getattr(client, "aftercare_settings", None)
        period = PERIOD_DAYS[chosen.checkin_frequency if chosen else Frequency.WEEKLY]
        since = (
            timezone.localdate(plan.last_checkin)
            if plan.last_checkin
            else timezone.localdate(plan.created_at)
        )
        silent = (today - since).days > MISSED_IN_A_ROW * period
        if silent and _alert_missed(client, missed_since=since):
            raised += 1
    return raised


PROMPT_HOUR = 10  # check-in prompts arrive mid-morning, in the organization's time zone


@transaction.atomic
def checkin_prompts_schedule(*, now: dt.datetime | None = None) -> int:
    """Periodic (hourly): a discreet "time to check in" reminder for the next mid-morning to
    each client in aftercare with a portal account whose period has no check-in yet — every
    day for daily check-ins, on the weekday their plan started for weekly ones. The date is the
    reminder's key, so running again changes nothing; a check-in before it goes stops it."""
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(django_settings.TIME_ZONE)
    local = now.astimezone(zone)
    day = local.date() if local.hour < PROMPT_HOUR else local.date() + dt.timedelta(days=1)
    moment = dt.datetime.combine(day, dt.time(PROMPT_HOUR), tzinfo=zone)
    plans = (
        AftercarePlan.objects.filter(status=PlanStatus.ACTIVE, client__user__isnull=False)
        .exclude(client__status=ClientStatus.CLOSED)
        .select_related("client__user", "client__aftercare_settings")
        .annotate(last_checkin=Max("client__checkins__at"))
    )
    scheduled = 0
    for plan in plans:
        client = plan.client
        chosen = getattr(client, "aftercare_settings", None) or ClientSettings.objects.create(
            client=client
        )
        period = PERIOD_DAYS[chosen.checkin_frequency]
        if period == 7 and day.weekday() != timezone.localdate(plan.created_at).weekday():
            continue
        if plan.last_checkin and (day - timezone.localdate(plan.last_checkin)).days < period:
            continue
        reminders_schedule(
            recipient=client.user,
            kind=ReminderKind.CHECK_IN,
            source=chosen,
            send_at=moment,
            key=f"prompt-{day.isoformat()}",
        )
        scheduled += 1
    return scheduled


@transaction.atomic
def settings_update(
    *,
    client: Client,
    actor,
    checkin_frequency: str | None = None,
    milestone_messages: bool | None = None,
    count_hidden: bool | None = None,
    count_from: dt.date | None = None,
    quiet: bool = False,
    request=None,
) -> ClientSettings:
    """The client's choices: how often to check in, milestone messages, the count of days."""
    chosen, _ = ClientSettings.objects.select_for_update().get_or_create(client=client)
    if checkin_frequency is not None:
        if checkin_frequency not in Frequency.values:
            raise ValidationError("Please choose daily or weekly.")
        chosen.checkin_frequency = checkin_frequency
    if milestone_messages is not None:
        chosen.milestone_messages = milestone_messages
    if count_hidden is not None:
        chosen.count_hidden = count_hidden
    if count_from is not None:
        if count_from > timezone.localdate():
            raise ValidationError("The count cannot start in the future.")
        chosen.count_from = count_from
    chosen.save()
    if not quiet:
        audit_record(actor=actor, action="aftercare.settings", target=chosen, request=request)
    return chosen


@transaction.atomic
def help_now_request(*, client: Client, actor, request=None) -> HelpRequest:
    """'Talk to someone now':
    0. one open request per client: a press while one is open returns it;
    1. find who is on call now (the rota); nobody on call → the client's own case manager;
    2. record the request and whom it alerted (it shows on their Today; nobody → the page
       tells the client so, with the crisis lines);
    3. one SAFETY message each, due now, on their fastest channel (text before e-mail);
    4. audit, then ask the dispatcher to run as soon as the transaction commits."""
    from recovery_portal.notifications.tasks import dispatch_due_reminders

    # One open request per client: the client's row is locked, so parallel presses queue here
    # and each later one finds the first (the on-call phone is not flooded, and the client is
    # told it was received all the same).
    Client.objects.select_for_update().filter(pk=client.pk).first()
    open_request = HelpRequest.objects.filter(client=client, handled_at__isnull=True).first()
    if open_request is not None:
        return open_request
    staff = on_call_now()
    if not staff:
        fallback = alert_recipient(client)
        staff = [fallback] if fallback else []
    help_request = HelpRequest.objects.create(client=client)
    help_request.alerted.set(staff)
    safety_notify(staff, source=help_request, key="help-now")
    audit_record(
        actor=actor,
        action="aftercare.help_now",
        target=help_request,
        request=request,
        details={"alerted": [p.pk for p in staff]},
    )
    # robust: with the broker down the client must still see "received" (the request is
    # saved, and beat's dispatcher sends it within the minute).
    transaction.on_commit(dispatch_due_reminders.delay, robust=True)
    return help_request


@transaction.atomic
def help_request_handle(*, help_request: HelpRequest, actor, request=None) -> HelpRequest:
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if help_request.handled_at is None:
        help_request.handled_at, help_request.handled_by = timezone.now(), actor
        help_request.save(update_fields=["handled_at", "handled_by"])
        reminders_cancel(source=help_request)
        audit_record(
            actor=actor, action="aftercare.help_now.handle", target=help_request, request=request
        )
    return help_request
