"""Writes of follow-ups: contact attempts, outcomes (with the needs found), closing without
an outcome, agreed calls. Each writes its audit event, and keeps the follow-up's reminders in
step, in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from aftercare import reminders
from aftercare.models import (
    HOUSING,
    NOT_GIVEN,
    WORK,
    ContactAttempt,
    FollowUp,
    FollowUpNeed,
    FollowUpStatus,
    Outcome,
)
from aftercare.models.answer import BARC10, split
from aftercare.models.followup import needs_too_long
from aftercare.selectors.followup import last_contact_before
from aftercare.services.exclusion import exclusion_reason
from aftercare.use_rule import use_conflict
from casework.services.referral import referral_send
from clients.instruments.catalog import instrument
from clients.services.contact import last_contact_refresh
from recovery_portal.audit.services import audit_record


def _require_open(followup: FollowUp) -> FollowUp:
    followup = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("plan", "client")
        .get(pk=followup.pk)
    )
    if not followup.is_open:
        raise ValidationError("This follow-up is already closed.")
    return followup


def _close(followup: FollowUp, status: str, actor, note: str = "") -> None:
    followup.status = status
    followup.closed_at = timezone.now()
    followup.closed_by = actor
    followup.close_note = note.strip()[:300]
    followup.save(update_fields=["status", "closed_at", "closed_by", "close_note", "completed_on"])
    reminders.cancel_all(followup)


@transaction.atomic
def attempt_record(
    *,
    followup: FollowUp,
    method: str,
    reached: bool,
    actor,
    note: str = "",
    at: dt.datetime | None = None,
    request=None,
) -> ContactAttempt:
    """Record one try to reach the client. Tries before the window opens are outreach. Only
    once the window has closed without an interview does the follow-up close as "unable to
    reach" (after ``AFTERCARE_UNREACHABLE_AFTER_ATTEMPTS`` tries without reaching them)."""
    followup = _require_open(followup)
    attempt = ContactAttempt.objects.create(
        followup=followup,
        method=method,
        reached=reached,
        note=note.strip(),
        at=at or timezone.now(),
        by=actor,
    )
    if reached:
        last_contact_refresh(client_ids=[followup.client_id])
    misses = followup.attempts.filter(reached=False).count()
    window_closed = timezone.localdate() > followup.window_closes
    if not reached and window_closed and misses >= settings.AFTERCARE_UNREACHABLE_AFTER_ATTEMPTS:
        _close(
            followup,
            FollowUpStatus.UNABLE_TO_REACH,
            actor,
            f"{misses} tries without reaching them.",
        )
    audit_record(
        actor=actor,
        action="aftercare.followup.attempt",
        target=followup,
        request=request,
        details={"method": method, "reached": reached},
    )
    return attempt


def _barc10(barc10) -> dict:
    """The BARC-10 at follow-up as stored: the items, and their total only when all ten are
    answered; or the whole of it declined / not asked."""
    if barc10 in NOT_GIVEN:
        return {"barc10_answers": {}, "barc10_not_given": barc10, "barc10_score": None}
    barc = instrument(BARC10)
    if not isinstance(barc10, dict) or set(barc10) != {item.key for item in barc.items}:
        raise ValidationError("Please give an answer to each of the ten BARC-10 items.")
    for item in barc.items:
        value = barc10[item.key]
        if value not in NOT_GIVEN and value not in {o.value for o in item.options}:
            raise ValidationError("Each BARC-10 item is answered from 1 to 6.")
    complete = all(v not in NOT_GIVEN for v in barc10.values())
    return {
        "barc10_answers": {item.key: barc10[item.key] for item in barc.items},
        "barc10_not_given": "",
        "barc10_score": barc.score(barc10).score if complete else None,
    }


def _answers(*, any_use, days_of_use, housing, work_or_school, meetings, barc10) -> dict:
    """The outcome's columns from the answers given: each value, or why it was not given."""
    any_use, any_use_why = split(any_use)
    days, days_why = split(days_of_use)
    meetings, meetings_why = split(meetings)
    if any_use not in (True, False, None):
        raise ValidationError("Please answer whether there was any use since the last contact.")
    if days is not None and not 0 <= days <= 30:
        raise ValidationError("Days of use in the last 30 days must be between 0 and 30.")
    if meetings is not None and not 0 <= meetings <= 200:
        raise ValidationError("Meetings in the last 30 days must be between 0 and 200.")
    if housing not in {*dict(HOUSING), *NOT_GIVEN} or work_or_school not in {
        *dict(WORK),
        *NOT_GIVEN,
    }:
        raise ValidationError("Please choose the housing and the work or school answer.")
    return {
        "any_use_since_last_contact": any_use,
        "any_use_since_last_contact_not_given": any_use_why,
        "days_of_use_last_30": days,
        "days_of_use_last_30_not_given": days_why,
        "housing": housing,
        "work_or_school": work_or_school,
        "meetings_last_30": meetings,
        "meetings_last_30_not_given": meetings_why,
        **_barc10(barc10),
    }


def _check_date(followup: FollowUp, completed_on: dt.date) -> None:
    if completed_on > timezone.localdate():
        raise ValidationError("The date of the follow-up cannot be in the future.")
    if completed_on < followup.window_opens:
        raise ValidationError(
            f"The window for this follow-up opens on {followup.window_opens:%B} "
            f"{followup.window_opens.day}, {followup.window_opens.year}: an interview before "
            "then does not count. Please record this contact as a try (reached) instead."
        )


@transaction.atomic
def followup_complete(
    *,
    followup: FollowUp,
    actor,
    completed_on: dt.date,
    any_use_since_last_contact: bool | str,
    days_of_use_last_30: int | str,
    housing: str,
    work_or_school: str,
    meetings_last_30: int | str,
    barc10: dict | str,
    needs: list[str] | tuple[str, ...] = (),
    request=None,
) -> Outcome:
    """Record what was found; the follow-up is "completed in window" when ``completed_on`` is
    inside its window, "completed after the window closed" when later. An interview before
    the window opens does not count: it is refused (record the contact as a reached try).

    Each answer is a value or "declined" / "not_asked" (``NotGiven``), never a default;
    ``barc10`` is {item key: 1–6, "declined" or "not_asked"} or the whole of it not given.
    "No use since the last contact" with days of use is refused only when the last contact
    was 30 or more days before (``aftercare.use_rule``). Each need found becomes a row."""
    followup = _require_open(followup)
    _check_date(followup, completed_on)
    answers = _answers(
        any_use=any_use_since_last_contact,
        days_of_use=days_of_use_last_30,
        housing=housing,
        work_or_school=work_or_school,
        meetings=meetings_last_30,
        barc10=barc10,
    )
    conflict = use_conflict(
        any_use=answers["any_use_since_last_contact"],
        days_of_use=answers["days_of_use_last_30"],
        completed_on=completed_on,
        last_contact=last_contact_before(followup, completed_on),
    )
    if conflict:
        raise ValidationError(conflict)
    too_long = needs_too_long(needs)
    if too_long:
        raise ValidationError({"needs": too_long})
    outcome = Outcome.objects.create(followup=followup, recorded_by=actor, **answers)
    for description in needs:
        if description.strip():
            FollowUpNeed.objects.create(
                followup=followup, client=followup.client, description=description.strip()
            )
    in_window = followup.window_opens <= completed_on <= followup.window_closes
    followup.completed_on = completed_on
    _close(
        followup,
        FollowUpStatus.COMPLETED_IN_WINDOW if in_window else FollowUpStatus.COMPLETED_LATE,
        actor,
    )
    audit_record(
        actor=actor, action="aftercare.followup.complete", target=followup, request=request
    )
    return outcome


def _day(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


CLOSABLE_BY_HAND = (
    FollowUpStatus.UNABLE_TO_REACH,
    FollowUpStatus.DECLINED,
    FollowUpStatus.ADMINISTRATIVE,
)


@transaction.atomic
def followup_close(
    *, followup: FollowUp, status: str, actor, note: str = "", reason: str = "", request=None
) -> FollowUp:
    """Close without an outcome: declined; unable to reach (only once the window has closed);
    or administrative, with a ``reason`` (an ExclusionReason code, e.g. "deceased")."""
    if status not in CLOSABLE_BY_HAND:
        raise ValidationError("Please choose how this follow-up ends.")
    if status == FollowUpStatus.ADMINISTRATIVE and not reason:
        raise ValidationError("Please choose why this follow-up is closed administratively.")
    followup = _require_open(followup)
    opens, closes = followup.window_opens, followup.window_closes
    if status == FollowUpStatus.UNABLE_TO_REACH and timezone.localdate() < opens:
        raise ValidationError(
            f"The window opens on {_day(opens)} and closes on {_day(closes)}: a follow-up is "
            "closed as unable to reach only after its window has closed."
        )
    if status == FollowUpStatus.UNABLE_TO_REACH and timezone.localdate() <= closes:
        raise ValidationError(
            f"The window is open until {_day(closes)}: until then keep trying (each try is "
            "recorded as outreach)."
        )
    if status == FollowUpStatus.ADMINISTRATIVE:
        followup.exclusion_reason = exclusion_reason(reason)
        followup.save(update_fields=["exclusion_reason"])
    _close(followup, status, actor, note)
    audit_record(
        actor=actor,
        action="aftercare.followup.close",
        target=followup,
        request=request,
        details={"status": status},
    )
    return followup


@transaction.atomic
def followup_schedule_call(*, followup: FollowUp, at: dt.datetime, actor, request=None) -> FollowUp:
    """Agree a call time with the client; they get a reminder before it."""
    followup = _require_open(followup)
    if at <= timezone.now():
        raise ValidationError("Please choose a time in the future.")
    followup.scheduled_call_at = at
    followup.save(update_fields=["scheduled_call_at"])
    reminders.schedule_client_call(followup)
    audit_record(actor=actor, action="aftercare.followup.call", target=followup, request=request)
    return followup


@transaction.atomic
def need_mark_acted_on(
    *, need: FollowUpNeed, actor, referral_id: int | None = None, request=None
) -> FollowUpNeed:
    """Mark a need found at follow-up as acted on (``referral_id``: the referral made for it)."""
    need = FollowUpNeed.objects.select_for_update().get(pk=need.pk)
    if need.acted_on_at is None:
        need.acted_on_at = timezone.now()
        need.acted_on_by = actor
        need.referral_id = referral_id
        need.save(update_fields=["acted_on_at", "acted_on_by", "referral_id"])
        audit_record(actor=actor, action="aftercare.need.acted_on", target=need, request=request)
    return need


@transaction.atomic
def unreachable_close_overdue(*, today: dt.date | None = None) -> int:
    """Periodic: follow-ups whose window has closed after the set number of unanswered tries
    end as "unable to reach" (the others stay open, counted as missed, for staff to close)."""
    today = today or timezone.localdate()
    # Counting needs GROUP BY, which FOR UPDATE refuses: find the ids, then lock the rows.
    ids = list(
        FollowUp.objects.filter(status=FollowUpStatus.OPEN, window_closes__lt=today)
        .annotate(misses=Count("attempts", filter=Q(attempts__reached=False)))
        .filter(misses__gte=settings.AFTERCARE_UNREACHABLE_AFTER_ATTEMPTS)
        .values_list("pk", flat=True)
    )
    overdue = FollowUp.objects.select_for_update(skip_locked=True).filter(
        pk__in=ids, status=FollowUpStatus.OPEN
    )
    closed = 0
    for followup in overdue:
        _close(followup, FollowUpStatus.UNABLE_TO_REACH, None, "Window closed; not reached.")
        closed += 1
    return closed


@transaction.atomic
def need_refer(
    *,
    need: FollowUpNeed,
    resource,
    reason: str,
    urgency: str,
    shared_information=(),
    shared_description: str = "",
    event_confirmed: bool = False,
    actor,
    request=None,
):
    """A need found at follow-up becomes a casework referral in one step: the referral is sent
    (under casework's consent rules, so nothing is shared without a covering consent) and the
    need is marked as acted on with it, together or not at all."""
    referral = referral_send(
        client=need.client,
        resource=resource,
        reason=reason,
        urgency=urgency,
        shared_information=shared_information,
        shared_description=shared_description,
        event_confirmed=event_confirmed,
        actor=actor,
        request=request,
    )
    need_mark_acted_on(need=need, actor=actor, referral_id=referral.pk, request=request)
    return referral
