"""Discharge starts aftercare: the step aftercare offers on a record's status form
(``status_steps`` in ``apps.py``; clients imports no aftercare), and the Today card of
discharged clients without an aftercare plan."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from aftercare.models import AftercareNotStarted, AftercarePlan, PlanStatus
from aftercare.models.discharge import LEFT_TREATMENT
from aftercare.services.plan import plan_start
from clients.models import Client, ClientStatusChange
from clients.selectors.record import clients_for, primary_case_manager


def discharge_offer(client: Client) -> bool:
    """Offered while the client has no active aftercare plan."""
    return not AftercarePlan.objects.filter(client=client, status=PlanStatus.ACTIVE).exists()


def discharge_run(*, client: Client, to_status: str, actor, request=None) -> str | None:
    """An aftercare plan from today's discharge with the organization's default template,
    held by the client's case manager (else the person discharging). The client leaves
    treatment with either Discharged or Aftercare."""
    if to_status not in LEFT_TREATMENT:
        return None
    manager = primary_case_manager(client)
    responsible = manager if manager is not None and manager.is_active else actor
    plan = plan_start(
        client=client,
        discharge_date=timezone.localdate(),
        responsible=responsible,
        actor=actor,
        request=request,
    )
    return (
        f"An aftercare plan is started from today's discharge, with "
        f"{plan.followups.count()} follow-ups; see the Follow-ups tab."
    )


def today_without_aftercare(user) -> dict | None:
    """Clients of this person's scope who left treatment (Discharged or Aftercare) with no
    active aftercare plan, none started and no reason for not starting one recorded since
    they last left: an older plan or reason (an earlier episode) does not count."""
    if not user.is_clinical_staff:
        return None
    # When they last left treatment: Aftercare then Discharged is one leaving, not two.
    left_at = (
        ClientStatusChange.objects.filter(client=OuterRef("pk"), to_status__in=LEFT_TREATMENT)
        .exclude(from_status__in=LEFT_TREATMENT)
        .order_by("-at")
        .values("at")[:1]
    )
    since = AftercarePlan.objects.filter(
        Q(status=PlanStatus.ACTIVE) | Q(created_at__gte=OuterRef("left")), client=OuterRef("pk")
    )
    explained = AftercareNotStarted.objects.filter(
        client=OuterRef("pk"), recorded_at__gte=OuterRef("left")
    )
    clients = list(
        clients_for(user)
        .filter(status__in=LEFT_TREATMENT)
        .annotate(left=Subquery(left_at))
        .exclude(Exists(since))
        .exclude(Exists(explained))
        .order_by("pk")[:25]
    )
    return {"clients": clients} if clients else None
