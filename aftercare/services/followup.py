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
from aftercare.models import ContactAttempt, FollowUp, FollowUpNeed, FollowUpStatus, Outcome
from aftercare.services.exclusion import exclusion_reason
from casework.services.referral import referral_send
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


@transaction.atomic
def followup_complete(
    *,
    followup: FollowUp,
    actor,
    completed_on: dt.date,
    any_use_since_last_contact: bool,
    days_of_use_last_30: int,
    housing: str,
    work_or_school: str,
    meetings_last_30: int,
    barc10_score: int | None = None,
    needs: list[str] | tuple[str, ...] = (),
    request=None,
) -> Outcome:
    """Record what was found; the follow-up is "completed in window" when ``completed_on`` is
    inside its window, "completed after the window closed" when later. An interview before
    the window opens does not count: it is refused (record the contact as a reached try).
    Each need found becomes a row to act on."""
    followup = _require_open(followup)
    if completed_on > timezone.localdate():
        raise ValidationError("The date of the follow-up cannot be in the future.")
    if completed_on < followup.window_opens:
        raise ValidationError(
            f"The window for this follow-up opens on {followup.window_opens:%B} "
            f"{followup.window_opens.day}, {followup.window_opens.year}: an interview before "
            "then does not count. Please record this contact as a try (reached) instead."
        )
    if not 0 <= days_of_use_last_30 <= 30:
        raise ValidationError("Days of use in the last 30 days must be between 0 and 30.")
    if barc10_score is not None and not 10 <= barc10_score <= 60:
        raise ValidationError("A BARC-10 score is between 10 and 60.")
    outcome = Outcome.objects.create(
        followup=followup,
        any_use_since_last_contact=any_use_since_last_contact,
        days_of_use_last_30=days_of_use_last_30,
        housing=housing,
        work_or_school=work_or_school,
        meetings_last_30=meetings_last_30,
        barc10_score=barc10_score,
        recorded_by=actor,
    )
    for description in needs:
        if description.strip():
            FollowUpNeed.objects.create(
                followup=followup, client=followup.client, description=description.strip()[:300]
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
    closes = followup.window_closes
    if status == FollowUpStatus.UNABLE_TO_REACH and timezone.localdate() <= closes:
        raise ValidationError(
            f"The window is open until {closes:%B} {closes.day}, {closes.year}: until then "
            "keep trying (each try is recorded as outreach)."
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
