"""Aftercare's parts of a client's records-request export (declared in ``apps.py``)."""

from __future__ import annotations

from aftercare.models import (
    AftercarePlan,
    CheckIn,
    CheckInAlert,
    ContactAttempt,
    FollowUp,
    FollowUpNeed,
    HelpRequest,
    Milestone,
    Outcome,
)
from recovery_portal.record_export import rows_of


def plans(client) -> list[dict]:
    return rows_of(AftercarePlan.objects.filter(client=client).order_by("pk"))


def followups(client) -> list[dict]:
    return rows_of(FollowUp.objects.filter(client=client).order_by("due_date", "pk"))


def attempts(client) -> list[dict]:
    return rows_of(ContactAttempt.objects.filter(followup__client=client).order_by("pk"))


def outcomes(client) -> list[dict]:
    return rows_of(Outcome.objects.filter(followup__client=client).order_by("pk"))


def needs(client) -> list[dict]:
    return rows_of(FollowUpNeed.objects.filter(client=client).order_by("pk"))


def checkins(client) -> list[dict]:
    return rows_of(CheckIn.objects.filter(client=client).order_by("pk"))


def alerts(client) -> list[dict]:
    return rows_of(CheckInAlert.objects.filter(client=client).order_by("pk"))


def help_requests(client) -> list[dict]:
    return rows_of(HelpRequest.objects.filter(client=client).order_by("pk"))


def milestones(client) -> list[dict]:
    return rows_of(Milestone.objects.filter(client=client).order_by("pk"))
