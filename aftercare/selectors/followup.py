"""Reads of plans and follow-ups, scoped through clients' selectors (404 outside scope)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, Max, Prefetch, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone

from aftercare.models import (
    AftercareNotStarted,
    AftercarePlan,
    ContactAttempt,
    FollowUp,
    FollowUpNeed,
    FollowUpStatus,
    NotGiven,
    Outcome,
    PlanStatus,
)
from aftercare.models.answer import BARC10
from aftercare.models.discharge import LEFT_TREATMENT
from clients.instruments.catalog import instrument
from clients.models import Client, ClientStatusChange, Intake
from clients.selectors.episode import barc10_baseline_of, end_of
from clients.selectors.record import client_for, clients_for


def active_plan(client: Client) -> AftercarePlan | None:
    return (
        AftercarePlan.objects.filter(client=client, status=PlanStatus.ACTIVE)
        .select_related("responsible", "template")
        .first()
    )


def latest_plan(client: Client) -> AftercarePlan | None:
    return (
        AftercarePlan.objects.filter(client=client)
        .select_related("responsible", "template")
        # The active plan if there is one, else the newest (an earlier episode's, closed).
        .order_by(Case(When(status=PlanStatus.ACTIVE, then=0), default=1), "-created_at")
        .first()
    )


def followups_of(client: Client) -> list[FollowUp]:
    """Every follow-up of the client, oldest plan first, with tries counted and the outcome."""
    return list(
        FollowUp.objects.filter(client=client)
        .select_related("outcome", "plan")
        .annotate(
            tries=Count("attempts"),
            misses=Count("attempts", filter=Q(attempts__reached=False)),
        )
        .order_by("intake_id", "plan__created_at", "sequence")
    )


def followup_for(user, client_pk, pk) -> FollowUp:
    client = client_for(user, client_pk)
    try:
        return (
            FollowUp.objects.select_related("plan", "plan__responsible", "client")
            .prefetch_related(
                Prefetch("attempts", ContactAttempt.objects.select_related("by")),
                "needs",
            )
            .get(client=client, pk=pk)
        )
    except (FollowUp.DoesNotExist, ValueError, TypeError):
        raise Http404("No such follow-up.")


def outcome_of(followup: FollowUp):
    try:
        return followup.outcome
    except FollowUp.outcome.RelatedObjectDoesNotExist:
        return None


def needs_to_act_on(client: Client) -> list[FollowUpNeed]:
    return list(
        FollowUpNeed.objects.filter(
            client=client, acted_on_at__isnull=True, referral_id__isnull=True
        )
        .select_related("followup")
        .order_by("-created_at")
    )


def need_for(user, client_pk, pk) -> FollowUpNeed:
    client = client_for(user, client_pk)
    try:
        return FollowUpNeed.objects.get(client=client, pk=pk)
    except (FollowUpNeed.DoesNotExist, ValueError, TypeError):
        raise Http404("No such need.")


def plan_for(user, client_pk) -> tuple[Client, AftercarePlan | None]:
    client = client_for(user, client_pk)
    return client, active_plan(client)


def followups_in_scope(user) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(client__in=clients_for(user))


def followups_due_soon(user, *, today: dt.date | None = None, days: int = 7, limit: int = 25):
    """Open follow-ups due in the next ``days`` (or overdue and still in window), and those
    whose window closes in the next ``days``: Today's and the dashboard's lists."""
    today = today or timezone.localdate()
    until = today + dt.timedelta(days=days)
    # One query for both lists: what is due soon or closes soon, still inside its window.
    soon = list(
        followups_in_scope(user)
        .filter(status=FollowUpStatus.OPEN, window_closes__gte=today)
        .filter(Q(due_date__lte=until) | Q(window_closes__lte=until))
        .select_related("client", "plan__responsible")
        .order_by("due_date")[: 2 * limit]
    )
    due = [f for f in soon if f.due_date <= until][:limit]
    closing = sorted((f for f in soon if f.window_closes <= until), key=lambda f: f.window_closes)
    closing = closing[:limit]
    return due, closing


def own_followups(client: Client) -> list[FollowUp]:
    """The client's own follow-ups: when, and whether done (no staff notes)."""
    return list(
        FollowUp.objects.filter(client=client)
        .filter(Q(plan__status=PlanStatus.ACTIVE) | Q(plan__isnull=True))
        .order_by("due_date")
    )


def last_contact_before(followup: FollowUp, day: dt.date) -> dt.date | None:
    """The latest contact with the follow-up's client strictly before ``day`` (see
    ``aftercare.use_rule``): another completed follow-up, a try that reached them, the discharge
    date of one of their aftercare plans, or a completed intake interview."""
    client_id = followup.client_id
    found = [
        FollowUp.objects.filter(client_id=client_id, completed_on__lt=day)
        .exclude(pk=followup.pk)
        .aggregate(last=Max("completed_on"))["last"],
        AftercarePlan.objects.filter(client_id=client_id, discharge_date__lt=day).aggregate(
            last=Max("discharge_date")
        )["last"],
    ]
    reached = ContactAttempt.objects.filter(followup__client_id=client_id, reached=True)
    found += [timezone.localdate(at) for at in reached.values_list("at", flat=True)]
    intakes = Intake.objects.filter(client_id=client_id, completed_at__isnull=False)
    found += [timezone.localdate(at) for at in intakes.values_list("completed_at", flat=True)]
    return max((d for d in found if d is not None and d < day), default=None)


def baseline_barc10_of(followup: FollowUp) -> int | None:
    """The BARC-10 a follow-up is compared with: the first of its episode (that of its intake,
    or the one its plan discharged)."""
    if followup.intake_id:
        anchor = followup.intake.started_at
    else:
        anchor = end_of(followup.plan.discharge_date)
    return barc10_baseline_of(followup.client_id, anchor)


def barc10_items_of(outcome: Outcome | None) -> list[dict]:
    """The BARC-10 items of an outcome as asked, each with its answer in words."""
    barc = instrument(BARC10)
    if outcome is None or not outcome.barc10_answers or barc is None:
        return []
    why = dict(NotGiven.choices)
    items = []
    for number, item in enumerate(barc.items, start=1):
        value = outcome.barc10_answers.get(item.key)
        label = next((o.label for o in item.options if o.value == value), None)
        answer = f"{value} — {label}" if label else why.get(value, "—")
        items.append({"number": number, "text": item.text, "answer": answer})
    return items


def not_started_of(client: Client) -> AftercareNotStarted | None:
    """The reason recorded for not starting aftercare since the client last left treatment
    (Discharged or Aftercare; an earlier episode's reason does not count); None without
    one, or never discharged."""
    left = (
        ClientStatusChange.objects.filter(client=client, to_status__in=LEFT_TREATMENT)
        .exclude(from_status__in=LEFT_TREATMENT)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if left is None:
        return None
    return (
        AftercareNotStarted.objects.filter(client=client, recorded_at__gte=left)
        .select_related("recorded_by")
        .first()
    )


def reached_attempts(client_ref) -> QuerySet:
    """Contact source (plugins.contact_sources): follow-up tries that reached the client."""
    return ContactAttempt.objects.filter(followup__client=client_ref, reached=True).values("at")
