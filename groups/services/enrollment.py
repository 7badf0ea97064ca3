"""Enrollment, the waiting list and RSVPs.

Every change of a group's membership first locks the group's row (``SELECT … FOR UPDATE``):
two people taking the last place at the same moment are served one after the other, so the
second one counts the first and goes on the waiting list instead of overfilling the group.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from groups.models import (
    RSVP,
    Audience,
    Enrollment,
    EnrollmentStatus,
    PeerGroup,
    RSVPAnswer,
    Session,
)
from groups.models.enrollment import ACTIVE_STATUSES
from groups.services.reminders import (
    MEMBER_LEAD,
    member_reminders_cancel,
    member_reminders_schedule,
)
from recovery_portal.audit.services import audit_record
from recovery_portal.notifications.content import ReplyHandled
from recovery_portal.notifications.models import ReminderKind
from recovery_portal.notifications.services import (
    custom_reminder_create,
    reminders_cancel,
    reminders_schedule,
)


def _locked(group: PeerGroup) -> PeerGroup:
    return PeerGroup.objects.select_for_update().get(pk=group.pk)


def _has_place(group: PeerGroup) -> bool:
    if group.capacity is None:
        return True
    taken = Enrollment.objects.filter(group=group, status=EnrollmentStatus.ENROLLED).count()
    return taken < group.capacity


def _enroll(*, group: PeerGroup, client, actor, request, action: str) -> Enrollment:
    group = _locked(group)
    if not group.is_active:
        raise ValidationError("This group no longer meets.")
    if not client.is_open:
        raise ValidationError("Only clients with an open record can join a group.")
    current = Enrollment.objects.filter(
        group=group, client=client, status__in=ACTIVE_STATUSES
    ).first()
    if current is not None:
        raise ValidationError(
            "Already in this group."
            if current.status == EnrollmentStatus.ENROLLED
            else "Already on this group's waiting list."
        )
    # Someone already waiting goes first: a newcomer never jumps the queue.
    waiting = Enrollment.objects.filter(group=group, status=EnrollmentStatus.WAITING).exists()
    now = timezone.now()
    enrolled = _has_place(group) and not waiting
    enrollment = Enrollment.objects.create(
        group=group,
        client=client,
        status=EnrollmentStatus.ENROLLED if enrolled else EnrollmentStatus.WAITING,
        requested_at=now,
        enrolled_at=now if enrolled else None,
        added_by=actor,
    )
    if enrolled and client.user_id:
        member_reminders_schedule(group=group, user=client.user)
    audit_record(
        actor=actor,
        action=action,
        target=enrollment,
        request=request,
        details={"status": enrollment.status},
    )
    return enrollment


@transaction.atomic
def enrollment_add(*, group: PeerGroup, client, actor, request=None) -> Enrollment:
    """A case manager enrolls a client (``client`` comes from ``clients_for(actor)``). A full
    group puts them on its waiting list."""
    return _enroll(
        group=group, client=client, actor=actor, request=request, action="groups.enrollment.add"
    )


def may_join(group: PeerGroup) -> bool:
    return group.is_active and group.self_enroll and group.audience != Audience.FAMILIES


@transaction.atomic
def group_join(*, group: PeerGroup, client, request=None) -> Enrollment:
    """A client joins an open group from the portal."""
    if not may_join(group):
        raise ValidationError("This group takes new members through your case manager.")
    return _enroll(
        group=group,
        client=client,
        actor=client.user,
        request=request,
        action="groups.enrollment.join",
    )


def _promote(group: PeerGroup) -> list[Enrollment]:
    """Fill open places from the waiting list, first come first served (group is locked)."""
    promoted = []
    while _has_place(group):
        first = (
            Enrollment.objects.filter(group=group, status=EnrollmentStatus.WAITING)
            .select_related("client")
            .order_by("requested_at", "pk")
            .first()
        )
        if first is None:
            break
        first.status = EnrollmentStatus.ENROLLED
        first.enrolled_at = timezone.now()
        first.save(update_fields=["status", "enrolled_at"])
        if first.client.user_id:
            member_reminders_schedule(group=group, user=first.client.user)
        audit_record(actor=None, action="groups.enrollment.promote", target=first)
        promoted.append(first)
    return promoted


@transaction.atomic
def enrollment_end(*, enrollment: Enrollment, actor, request=None) -> list[Enrollment]:
    """Someone leaves a group (or its waiting list); the place goes to the first person waiting.
    Returns the enrollments promoted."""
    group = _locked(enrollment.group)
    enrollment = (
        Enrollment.objects.select_for_update().select_related("client").get(pk=enrollment.pk)
    )
    if enrollment.status == EnrollmentStatus.LEFT:
        raise ValidationError("Already left this group.")
    enrollment.status = EnrollmentStatus.LEFT
    enrollment.left_at = timezone.now()
    enrollment.save(update_fields=["status", "left_at"])
    if enrollment.client.user_id:
        member_reminders_cancel(group=group, user=enrollment.client.user)
    audit_record(actor=actor, action="groups.enrollment.end", target=enrollment, request=request)
    return _promote(group)


def _initials(client) -> str:
    """First name and last initial at most, whatever ``GROUP_ROSTER_NAMES`` says: "Jamie R."."""
    first = client.preferred_name or client.legal_first_name
    last = client.legal_last_name.strip()
    return f"{first} {last[0]}." if last else first


@transaction.atomic
def enrollments_end_on_record_closed(*, client, actor, request=None) -> int:
    """The client's record is closed (``record_closers``): every place and waiting-list entry
    of theirs ends, the place going to the first person waiting, and each group's facilitators
    get a plain note on their reminders: who left, by first name and initial, never why."""
    ended = 0
    current = Enrollment.objects.filter(client=client, status__in=ACTIVE_STATUSES)
    for enrollment in current.select_related("group", "client"):
        was_member = enrollment.status == EnrollmentStatus.ENROLLED
        enrollment_end(enrollment=enrollment, actor=actor, request=request)
        ended += 1
        group = enrollment.group
        note = (
            f"A member has left {group.name}: {_initials(client)}"
            if was_member
            else f"{_initials(client)} is no longer on the waiting list of {group.name}."
        )
        now = timezone.now()
        for facilitator in group.facilitators.filter(is_active=True):
            custom_reminder_create(
                author=actor, recipient=facilitator, at=now, remind_at=now, note=note
            )
    return ended


@transaction.atomic
def group_capacity_set(*, group: PeerGroup, capacity: int | None, actor, request=None):
    """Change a group's capacity; more places promote people waiting."""
    group = _locked(group)
    group.capacity = capacity
    group.full_clean()
    group.save(update_fields=["capacity", "updated_at"])
    audit_record(actor=actor, action="groups.group.capacity", target=group, request=request)
    return _promote(group)


@transaction.atomic
def rsvp_set(*, session: Session, client, answer: str, request=None) -> RSVP:
    """A member says whether they are going. Not going stops their reminder for that session."""
    if answer not in RSVPAnswer.values:
        raise ValidationError("Choose going or not going.")
    if session.is_cancelled or session.starts_at <= timezone.now():
        raise ValidationError("You can answer only for upcoming meetings.")
    if not Enrollment.objects.filter(
        group_id=session.group_id, client=client, status=EnrollmentStatus.ENROLLED
    ).exists():
        raise ValidationError("You are not in this group.")
    rsvp, _ = RSVP.objects.update_or_create(
        session=session,
        client=client,
        defaults={"answer": answer, "answered_at": timezone.now()},
    )
    if client.user_id:
        if answer == RSVPAnswer.NOT_GOING:
            reminders_cancel(source=session, recipient=client.user)
        else:
            reminders_schedule(
                recipient=client.user,
                kind=ReminderKind.MEETING,
                source=session,
                send_at=max(session.starts_at - MEMBER_LEAD, timezone.now()),
                key="before",
            )
    audit_record(
        actor=client.user,
        action="groups.rsvp",
        target=rsvp,
        request=request,
        details={"answer": answer},
    )
    return rsvp


def rsvp_by_text(*, session: Session, user):
    """A member's "C" to the session's text reminder: RSVP going. None (the text goes to the
    inbox) when they are no member or the meeting is past."""
    client = Client.objects.filter(user=user).first()
    if client is None:
        return None
    try:
        rsvp_set(session=session, client=client, answer=RSVPAnswer.GOING)
    except ValidationError:
        return None
    return ReplyHandled("rsvp", "Thank you: you are on the list for the meeting.")
