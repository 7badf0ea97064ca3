"""Casework's parts of a client's records-request export (declared in ``apps.py``)."""

from __future__ import annotations

from casework.models import (
    ActionStep,
    Appointment,
    Barrier,
    Goal,
    NoteAddendum,
    PlanAcknowledgement,
    PlanReview,
    ProgressNote,
    RecoveryPlan,
    Referral,
    RescheduleRequest,
    Strategy,
)
from recovery_portal.record_export import rows_of


def plans(client) -> list[dict]:
    return rows_of(RecoveryPlan.objects.filter(client=client).order_by("pk"))


def goals(client) -> list[dict]:
    return rows_of(Goal.objects.filter(plan__client=client).order_by("plan_id", "pk"))


def steps(client) -> list[dict]:
    return rows_of(ActionStep.objects.filter(goal__plan__client=client).order_by("goal_id", "pk"))


def barriers(client) -> list[dict]:
    return rows_of(Barrier.objects.filter(goal__plan__client=client).order_by("goal_id", "pk"))


def strategies(client) -> list[dict]:
    return rows_of(
        Strategy.objects.filter(barrier__goal__plan__client=client).order_by("barrier_id", "pk")
    )


def reviews(client) -> list[dict]:
    return rows_of(PlanReview.objects.filter(plan__client=client).order_by("pk"))


def acknowledgements(client) -> list[dict]:
    return rows_of(PlanAcknowledgement.objects.filter(version__plan__client=client).order_by("pk"))


def notes(client) -> list[dict]:
    return rows_of(ProgressNote.objects.filter(client=client).order_by("contact_date", "pk"))


def addenda(client) -> list[dict]:
    return rows_of(NoteAddendum.objects.filter(note__client=client).order_by("note_id", "pk"))


def appointments(client) -> list[dict]:
    return rows_of(Appointment.objects.filter(client=client).order_by("starts_at", "pk"))


def reschedule_requests(client) -> list[dict]:
    return rows_of(RescheduleRequest.objects.filter(client=client).order_by("pk"))


def referrals(client) -> list[dict]:
    return rows_of(Referral.objects.filter(client=client).order_by("pk"))
