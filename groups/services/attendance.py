"""Taking attendance, and the meetings a client went to outside the organization."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.services.contact import last_contact_refresh
from groups.models import (
    Attendance,
    AttendanceStatus,
    Enrollment,
    EnrollmentStatus,
    OutsideMeeting,
    Session,
)
from recovery_portal.audit.services import audit_record

# Attendance may be taken from shortly before a session starts (people arrive early).
EARLY = dt.timedelta(hours=1)


def attendance_opens_at(session: Session) -> dt.datetime:
    """The moment from which attendance of ``session`` may be taken (the roster shows it)."""
    return session.starts_at - EARLY


def attendance_is_open(session: Session) -> bool:
    """Whether attendance may be taken now: the roster offers its buttons only then."""
    return not session.is_cancelled and attendance_opens_at(session) <= timezone.now()


def _check_session(session: Session) -> None:
    if session.is_cancelled:
        raise ValidationError("This session was cancelled.")
    if not attendance_is_open(session):
        raise ValidationError("Attendance can be taken once the session is about to start.")


def _is_member(session: Session, client_id: int) -> bool:
    # Anyone who ever joined the group (or waits for a place) may be marked, e.g. a walk-in.
    return Enrollment.objects.filter(group_id=session.group_id, client_id=client_id).exists()


@transaction.atomic
def attendance_mark(
    *, session: Session, client_id: int, status: str, actor, walk_in: bool = False, request=None
) -> Attendance:
    """One tap on the roster: record (or correct) one person's attendance."""
    if status not in AttendanceStatus.values:
        raise ValidationError("Choose present, late, excused or absent.")
    _check_session(session)
    if not _is_member(session, client_id):
        raise ValidationError("Only members of this group can be marked.")
    row, created = Attendance.objects.update_or_create(
        session=session,
        client_id=client_id,
        defaults={"status": status, "marked_by": actor, "marked_at": timezone.now()},
        create_defaults={
            "status": status,
            "marked_by": actor,
            "marked_at": timezone.now(),
            "walk_in": walk_in,
        },
    )
    last_contact_refresh(client_ids=[client_id])
    audit_record(
        actor=actor,
        action="groups.attendance.mark",
        target=row,
        request=request,
        details={"session": session.pk, "status": status, "walk_in": walk_in and created},
    )
    return row


@transaction.atomic
def attendance_mark_all_present(*, session: Session, actor, request=None) -> int:
    """'Mark all present': everyone enrolled who is not marked yet (marks already made stay)."""
    _check_session(session)
    marked = set(Attendance.objects.filter(session=session).values_list("client_id", flat=True))
    enrolled = Enrollment.objects.filter(
        group_id=session.group_id, status=EnrollmentStatus.ENROLLED
    ).values_list("client_id", flat=True)
    now = timezone.now()
    rows = [
        Attendance(
            session=session,
            client_id=client_id,
            status=AttendanceStatus.PRESENT,
            marked_by=actor,
            marked_at=now,
        )
        for client_id in enrolled
        if client_id not in marked
    ]
    Attendance.objects.bulk_create(rows, ignore_conflicts=True)
    last_contact_refresh(client_ids=[row.client_id for row in rows])
    audit_record(
        actor=actor,
        action="groups.attendance.mark_all",
        target=session,
        request=request,
        details={"marked": len(rows)},
    )
    return len(rows)


@transaction.atomic
def outside_meeting_log(
    *, client, name: str, attended_on: dt.date, meeting_slug: str = "", request=None
) -> OutsideMeeting:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the meeting a name, as you know it."})
    if attended_on > timezone.localdate():
        raise ValidationError({"attended_on": "That date has not come yet."})
    meeting = OutsideMeeting(
        client=client, name=name[:120], attended_on=attended_on, meeting_slug=meeting_slug.strip()
    )
    meeting.full_clean()
    meeting.save()
    audit_record(actor=client.user, action="groups.outside.log", target=meeting, request=request)
    return meeting
