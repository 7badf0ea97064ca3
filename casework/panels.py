"""Casework's cards on shared pages (declared in ``apps.py``): the record's overview (plan,
appointments and referrals), Today (plans to review, casework today) and the client's My
recovery (my plan, my appointments). Each runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from casework.models import (
    OPEN_REFERRAL_STATUSES,
    Appointment,
    AppointmentStatus,
    PlanStatus,
    RecoveryPlan,
    Referral,
    RescheduleRequest,
    StepOwner,
)
from casework.selectors.appointment import LIVE, day_bounds
from casework.selectors.caseload import (
    no_recent_contact,
    primary_manager_id,
)
from casework.selectors.referral import needs_follow_up
from clients.models import CaseAssignment, Client
from clients.models.client import OPEN_STATUSES
from clients.selectors.record import clients_for, own_client_record
from recovery_portal.accounts.models import User

# The record's overview ------------------------------------------------------------------------


def plan(user, client) -> dict:
    """The record overview's "Recovery plan" card: the plan, goals with status, next review."""
    plan = RecoveryPlan.objects.filter(client=client).exclude(status=PlanStatus.CLOSED).first()
    goals = list(plan.goals.all()) if plan else []
    return {"client": client, "plan": plan, "goals": goals}


def appointments(user, client: Client) -> dict:
    """The record overview's card: next appointments and open referrals (three queries)."""
    return {
        "client": client,
        "upcoming": list(
            client.appointments.filter(
                status=AppointmentStatus.SCHEDULED, starts_at__gte=timezone.now()
            )
            .select_related("staff")
            .order_by("starts_at")[:3]
        ),
        "referrals": list(
            client.referrals.filter(status__in=OPEN_REFERRAL_STATUSES)
            .select_related("resource")
            .order_by("-sent_at")[:5]
        ),
        "requests": client.reschedule_requests.filter(resolved_at__isnull=True).count(),
    }


# Today ---------------------------------------------------------------------------------------
TODAY_LIST = 8


def plans_to_review(user) -> dict | None:
    """Today's "Plans to review": shared plans of the user's clients whose review date has come.
    Supervisors see every such plan, grouped by primary case manager. Two queries."""
    if not user.is_clinical_staff:
        return None
    today = timezone.localdate()
    primary_manager = CaseAssignment.objects.filter(
        client=OuterRef("client_id"), is_primary=True, ended_at__isnull=True
    ).values("case_manager__full_name")[:1]
    plans = list(
        RecoveryPlan.objects.filter(
            status=PlanStatus.ACTIVE, review_due__lte=today, client__in=clients_for(user)
        )
        .select_related("client")
        .annotate(manager_name=Subquery(primary_manager))
        .order_by("review_due", "id")[:200]
    )
    for plan in plans:
        plan.days_overdue = (today - plan.review_due).days
    groups: dict[str, list] = defaultdict(list)
    for plan in plans:
        groups[plan.manager_name or "No primary case manager"].append(plan)
    return {
        "plans": plans,
        "grouped": sorted(groups.items()) if user.may_see_all_clients else None,
    }


def today(user) -> dict | None:
    """Today's casework card for clinical staff: their appointments today, open requests to
    move one, referrals waiting for news, clients out of touch. A supervisor gets the same
    across the team, per case manager. A fixed number of queries either way."""
    if not user.is_clinical_staff:
        return None
    if user.may_see_all_clients:
        return {"team": _team_today(user), "days": settings.NO_CONTACT_DAYS}
    start, end = day_bounds(timezone.localdate())
    scope = clients_for(user)
    appointments = list(
        Appointment.objects.filter(
            staff=user, starts_at__gte=start, starts_at__lt=end, status__in=LIVE
        )
        .filter(client__in=scope)
        .select_related("client")
        .order_by("starts_at")[:20]
    )
    stale = Referral.objects.filter(needs_follow_up(), client__in=scope)
    quiet = scope.filter(Q(status__in=OPEN_STATUSES) & no_recent_contact())
    requests = RescheduleRequest.objects.filter(resolved_at__isnull=True, client__in=scope)
    # One pass over the caseload gives both the list and the count (the names only).
    quiet_all = list(
        quiet.only(
            "id", "legal_first_name", "legal_last_name", "preferred_name", "last_contact_at"
        ).order_by(F("last_contact_at").asc(nulls_first=True), "legal_last_name", "id")
    )
    return {
        "appointments": appointments,
        "requests": list(requests.select_related("client", "appointment")[:TODAY_LIST]),
        "stale_referrals": list(
            stale.select_related("client", "resource").order_by("last_update_at")[:TODAY_LIST]
        ),
        "stale_count": stale.count(),
        "quiet_clients": quiet_all[:TODAY_LIST],
        "quiet_count": len(quiet_all),
        "days": settings.NO_CONTACT_DAYS,
        "stale_days": settings.REFERRAL_STALE_DAYS,
    }


def _team_today(user) -> list[dict]:
    """Per case manager: appointments today, referrals needing follow-up, clients out of
    touch, open requests to move an appointment (four grouped queries and one of names)."""
    rows: dict[int, dict] = {}
    for key, counts in _team_counts(user).items():
        for manager, n in counts:
            if manager is not None:
                rows.setdefault(manager, {})[key] = n
    names = dict(User.objects.filter(pk__in=rows).values_list("pk", "full_name"))
    return sorted(
        (
            {
                "name": names.get(pk, "?"),
                "appointments": counts.get("appointments", 0),
                "stale": counts.get("stale", 0),
                "quiet": counts.get("quiet", 0),
                "requests": counts.get("requests", 0),
            }
            for pk, counts in rows.items()
        ),
        key=lambda row: row["name"],
    )


def _team_counts(user) -> dict:
    """The four counts of the team's Today, each a query of (case manager id, count) rows, in
    the order they are read."""
    start, end = day_bounds(timezone.localdate())
    scope = clients_for(user)
    primary_of_request = Subquery(
        CaseAssignment.objects.filter(
            client=OuterRef("client_id"), is_primary=True, ended_at__isnull=True
        ).values("case_manager_id")[:1]
    )
    return {
        "appointments": Appointment.objects.filter(
            starts_at__gte=start, starts_at__lt=end, status__in=LIVE
        )
        .filter(client__in=scope)
        .values_list("staff_id")
        .annotate(n=Count("id"))
        .order_by(),
        "stale": Referral.objects.filter(needs_follow_up(), client__in=scope)
        .values_list("made_by_id")
        .annotate(n=Count("id"))
        .order_by(),
        "quiet": scope.filter(Q(status__in=OPEN_STATUSES) & no_recent_contact())
        .annotate(manager=primary_manager_id())
        .values_list("manager")
        .annotate(n=Count("id"))
        .order_by(),
        "requests": RescheduleRequest.objects.filter(resolved_at__isnull=True, client__in=scope)
        .annotate(manager=primary_of_request)
        .values_list("manager")
        .annotate(n=Count("id"))
        .order_by(),
    }


# My recovery ---------------------------------------------------------------------------------


def my_plan(user) -> dict | None:
    """The "My plan" card of the client's home: goals, steps left, acknowledgement asked."""
    client = Client.objects.filter(user=user).first() if user.is_client else None
    if client is None:
        return None
    plan = (
        RecoveryPlan.objects.filter(client=client, status=PlanStatus.ACTIVE)
        .prefetch_related("goals__steps")
        .first()
    )
    if plan is None:
        return {"plan": None}
    goals = list(plan.goals.all())
    steps = [s for g in goals for s in g.steps.all() if s.owner == StepOwner.CLIENT]
    latest = plan.versions.select_related("acknowledgement").defer("snapshot").first()
    return {
        "plan": plan,
        "goals": len(goals),
        "my_steps_left": sum(1 for s in steps if not s.is_done),
        "needs_acknowledgement": latest is not None and not hasattr(latest, "acknowledgement"),
    }


def my_appointments(user) -> dict | None:
    """The client's "My recovery" card: their next appointment."""
    try:
        client = own_client_record(user)
    except Http404:
        return None
    upcoming = list(
        client.appointments.filter(
            status=AppointmentStatus.SCHEDULED, starts_at__gte=timezone.now()
        )
        .select_related("staff")
        .order_by("starts_at")[:2]
    )
    return {"upcoming": upcoming}
