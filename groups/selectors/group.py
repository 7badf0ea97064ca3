"""Which groups a person may see, and what of them.

- supervisors (``may_see_all_clients``): every group, every member;
- case managers (``keeps_caseload``): every group, but of the members only their own clients;
- facilitators (``runs_groups``): the groups they facilitate, with their rosters (names only);
- anyone else: none (clients see their own meetings through ``selectors.mine``).
An object outside this scope is a 404.
"""

from __future__ import annotations

import datetime as dt
from calendar import Calendar

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from clients.models import OPEN_STATUSES, Client
from clients.selectors.record import clients_for
from groups.models import Enrollment, EnrollmentStatus, PeerGroup, Session
from groups.models.enrollment import ACTIVE_STATUSES


def groups_for(user) -> QuerySet[PeerGroup]:
    if not user.is_authenticated or not user.is_active:
        return PeerGroup.objects.none()
    if user.is_clinical_staff:
        return PeerGroup.objects.all()
    if user.runs_groups:
        return PeerGroup.objects.filter(facilitators=user)
    if user.is_portal_staff:  # e.g. an administrator who also leads a group
        return PeerGroup.objects.filter(facilitators=user)
    return PeerGroup.objects.none()


def group_for(user, pk) -> PeerGroup:
    try:
        return groups_for(user).select_related("schedule").get(pk=pk)
    except (PeerGroup.DoesNotExist, ValueError, TypeError):
        raise Http404("No such group.")


def facilitates(user, group: PeerGroup) -> bool:
    """Peer facilitators, or staff of another role who facilitate this group."""
    return user.is_portal_staff and group.facilitators.filter(pk=user.pk).exists()


def may_edit_groups(user) -> bool:
    """Staff who schedule groups: case managers and supervisors."""
    return user.is_clinical_staff


def may_run(user, group: PeerGroup) -> bool:
    """Takes attendance and cancels or moves sessions: the group's facilitators, supervisors."""
    return user.may_see_all_clients or facilitates(user, group)


def sees_every_member(user, group: PeerGroup) -> bool:
    return user.may_see_all_clients or facilitates(user, group)


def group_list(user) -> list[PeerGroup]:
    return list(
        groups_for(user)
        .select_related("schedule")
        .annotate(
            enrolled=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.ENROLLED)),
            waiting=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.WAITING)),
        )
        .order_by("-is_active", "name")
    )


def members_for(user, group: PeerGroup) -> QuerySet[Enrollment]:
    """Current members and the waiting list, as ``user`` may see them: names only for
    facilitators; a case manager sees only their own clients."""
    members = Enrollment.objects.filter(group=group, status__in=ACTIVE_STATUSES).select_related(
        "client"
    )
    if not sees_every_member(user, group):
        members = members.filter(client__in=clients_for(user))
    return members.order_by("status", "requested_at", "pk")


def may_enrol(user, group: PeerGroup) -> bool:
    """Who may enrol and remove members: case managers (their own clients), supervisors, and
    the group's own facilitators (people who have been part of the group, below)."""
    return user.is_clinical_staff or facilitates(user, group)


def enrollable_clients(user, group: PeerGroup | None = None):
    """Clients ``user`` may enroll in ``group``: open records within their own scope; for the
    group's facilitators, who see no records, people who have been part of this group (on its
    members who left, walk-ins marked at a session), names only; those on the waiting list
    already have their turn."""
    if user.is_clinical_staff:
        clients = clients_for(user)
    elif group is not None and facilitates(user, group):
        clients = Client.objects.filter(
            Q(group_enrollments__group=group) | Q(group_attendance__session__group=group)
        ).exclude(
            pk__in=Enrollment.objects.filter(group=group, status__in=ACTIVE_STATUSES).values(
                "client_id"
            )
        )
    else:
        clients = Client.objects.none()
    return (
        clients.filter(status__in=OPEN_STATUSES)
        .distinct()
        .order_by("legal_first_name", "legal_last_name", "pk")
    )


def enrollment_for(user, pk) -> Enrollment:
    """An active enrollment ``user`` may end: their client's (case managers), any
    (supervisors)."""
    try:
        enrollment = Enrollment.objects.select_related("group", "client").get(
            pk=pk, status__in=ACTIVE_STATUSES
        )
    except (Enrollment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such enrollment.")
    if facilitates(user, enrollment.group):
        return enrollment  # the group's facilitators manage its members
    if not user.is_clinical_staff or not clients_for(user).filter(pk=enrollment.client_id).exists():
        raise Http404("No such enrollment.")
    return enrollment


def upcoming_sessions(group: PeerGroup, *, now, limit: int = 8) -> list[Session]:
    return list(Session.objects.filter(group=group, ends_at__gt=now).order_by("starts_at")[:limit])


def past_sessions(group: PeerGroup, *, now, limit: int = 12) -> list[Session]:
    return list(
        Session.objects.filter(group=group, starts_at__lte=now).order_by("-starts_at")[:limit]
    )


def staff_calendar(user, *, anchor: dt.date, view: str, zone) -> dict:
    """The staff calendar: sessions of the groups a person may see, by week or month."""
    if view == "month":
        first = anchor.replace(day=1)
        weeks = Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        start, end = weeks[0][0], weeks[-1][-1] + dt.timedelta(days=1)
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
    else:
        start = anchor - dt.timedelta(days=anchor.weekday())
        end = start + dt.timedelta(days=7)
        weeks = [[start + dt.timedelta(days=i) for i in range(7)]]
        previous, following = start - dt.timedelta(days=7), end
    sessions = (
        Session.objects.filter(
            group__in=groups_for(user),
            starts_at__gte=dt.datetime.combine(start, dt.time.min, zone),
            starts_at__lt=dt.datetime.combine(end, dt.time.min, zone),
        )
        .select_related("group")
        .order_by("starts_at")
    )
    by_day: dict[dt.date, list] = {}
    for session in sessions:
        session.local_starts_at = session.starts_at.astimezone(zone)
        by_day.setdefault(session.local_starts_at.date(), []).append(session)
    return {
        "view": view,
        "anchor": anchor,
        "weeks": [[{"date": d, "sessions": by_day.get(d, [])} for d in week] for week in weeks],
        "previous": previous,
        "following": following,
        "month": anchor.month,
    }
