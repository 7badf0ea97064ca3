"""Cancelling or moving one session, without touching the others."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from groups.models import Session, SessionChange, SessionChangeKind, SessionStatus
from groups.services.reminders import change_notices_schedule, session_reminders_schedule
from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.services import reminders_cancel


def _lock_changeable(session: Session) -> Session:
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("group__schedule")
        .get(pk=session.pk)
    )
    if session.is_cancelled:
        raise ValidationError("This session is already cancelled.")
    if session.ends_at <= timezone.now():
        raise ValidationError("This session is over; it can no longer be changed.")
    return session


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Please give a reason; members will see it.")
    return reason[:300]


@transaction.atomic
def session_cancel(*, session: Session, actor, reason: str, request=None) -> Session:
    """Cancel one session: its reminders stop and everyone enrolled is told."""
    reason = _reason(reason)
    session = _lock_changeable(session)
    change = SessionChange.objects.create(
        session=session,
        kind=SessionChangeKind.CANCELLED,
        reason=reason,
        previous_starts_at=session.starts_at,
        made_by=actor,
    )
    session.status = SessionStatus.CANCELLED
    session.detached = True
    session.change_reason = reason
    session.save(update_fields=["status", "detached", "change_reason", "updated_at"])
    reminders_cancel(source=session)
    change_notices_schedule(change)
    audit_record(actor=actor, action="groups.session.cancel", target=session, request=request)
    return session


@transaction.atomic
def session_move(
    *, session: Session, starts_at: dt.datetime, actor, reason: str, request=None
) -> Session:
    """Move one session to another time (same length): its reminders move with it and everyone
    enrolled is told."""
    reason = _reason(reason)
    if timezone.is_naive(starts_at):
        raise ValidationError("The new time needs a time zone.")
    if starts_at <= timezone.now():
        raise ValidationError("The new time is in the past.")
    session = _lock_changeable(session)
    if starts_at == session.starts_at:
        raise ValidationError("That is the time it already has.")
    clash = (
        Session.objects.filter(group=session.group, starts_at__date=starts_at.date())
        .exclude(pk=session.pk)
        .exclude(status=SessionStatus.CANCELLED)
    )
    if clash.exists():
        raise ValidationError("The group already meets that day.")
    length = session.ends_at - session.starts_at
    change = SessionChange.objects.create(
        session=session,
        kind=SessionChangeKind.MOVED,
        reason=reason,
        previous_starts_at=session.starts_at,
        new_starts_at=starts_at,
        made_by=actor,
    )
    session.original_starts_at = session.original_starts_at or session.starts_at
    session.starts_at, session.ends_at = starts_at, starts_at + length
    session.detached = True
    session.change_reason = reason
    session.save()
    session_reminders_schedule(session)
    change_notices_schedule(change)
    audit_record(actor=actor, action="groups.session.move", target=session, request=request)
    return session
