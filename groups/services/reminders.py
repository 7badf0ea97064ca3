"""The groups' reminders (docs/architecture.md §5): before each session for members with a
portal account, the day before for facilitators, and a notice to everyone enrolled when a session
changes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from groups.models import RSVP, Enrollment, EnrollmentStatus, RSVPAnswer, Session, SessionChange
from recovery_portal.notifications.models import ReminderKind
from recovery_portal.notifications.services import reminders_cancel, reminders_schedule

MEMBER_LEAD = dt.timedelta(hours=24)
FACILITATOR_LEAD = dt.timedelta(hours=24)


def _send_at(session: Session, lead: dt.timedelta) -> dt.datetime:
    return max(session.starts_at - lead, timezone.now())


def member_users(group, *, exclude_not_going: Session | None = None) -> list:
    """Portal accounts of the group's enrolled clients (optionally minus those who said they
    are not going to ``exclude_not_going``)."""
    enrolled = Enrollment.objects.filter(
        group=group, status=EnrollmentStatus.ENROLLED, client__user__isnull=False
    )
    if exclude_not_going is not None:
        enrolled = enrolled.exclude(
            client__in=RSVP.objects.filter(
                session=exclude_not_going, answer=RSVPAnswer.NOT_GOING
            ).values("client")
        )
    return [e.client.user for e in enrolled.select_related("client__user")]


def session_reminders_schedule(session: Session) -> None:
    """(Re)schedule every reminder of an upcoming session: idempotent, so it also moves them."""
    if session.is_cancelled or session.starts_at <= timezone.now():
        return
    for user in member_users(session.group, exclude_not_going=session):
        reminders_schedule(
            recipient=user,
            kind=ReminderKind.MEETING,
            source=session,
            send_at=_send_at(session, MEMBER_LEAD),
            key="before",
        )
    for facilitator in session.group.facilitators.filter(is_active=True):
        reminders_schedule(
            recipient=facilitator,
            kind=ReminderKind.MEETING,
            source=session,
            send_at=_send_at(session, FACILITATOR_LEAD),
            key="facilitator",
        )


def member_reminders_schedule(*, group, user) -> None:
    """A newly enrolled member: reminders for the group's upcoming sessions."""
    upcoming = Session.objects.filter(
        group=group, starts_at__gt=timezone.now(), status="scheduled"
    ).exclude(rsvps__client__user=user, rsvps__answer=RSVPAnswer.NOT_GOING)
    for session in upcoming:
        reminders_schedule(
            recipient=user,
            kind=ReminderKind.MEETING,
            source=session,
            send_at=_send_at(session, MEMBER_LEAD),
            key="before",
        )


def member_reminders_cancel(*, group, user) -> None:
    for session in Session.objects.filter(group=group, starts_at__gt=timezone.now()):
        reminders_cancel(source=session, recipient=user)


def change_notices_schedule(change: SessionChange) -> None:
    """Tell everyone enrolled, now, that a session was cancelled or moved."""
    for user in member_users(change.session.group):
        reminders_schedule(
            recipient=user,
            kind=ReminderKind.MEETING,
            source=change,
            send_at=timezone.now(),
            key="notice",
        )
