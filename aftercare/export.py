"""Aftercare's parts of a client's records-request export (declared in ``apps.py``)."""

from __future__ import annotations

from aftercare.models import (
    AftercareNotStarted,
    AftercarePlan,
    CheckIn,
    CheckInAlert,
    ClientSettings,
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


def not_started(client) -> list[dict]:
    return rows_of(AftercareNotStarted.objects.filter(client=client).order_by("pk"))


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


def settings(client) -> list[dict]:
    """The client's check-in choices and their count of days in recovery: ``count_from`` is
    the date they restarted it, which "Days in recovery" counts from instead of the record's
    recovery start date (staff see that count)."""
    return [
        {
            "Check-ins asked": chosen.get_checkin_frequency_display(),
            "Days in recovery counted from": chosen.count_from.isoformat()
            if chosen.count_from
            else "the record's recovery start date",
            "Count of days hidden": chosen.count_hidden,
            "Milestone messages": chosen.milestone_messages,
            "Last changed": chosen.updated_at.isoformat(),
        }
        for chosen in ClientSettings.objects.filter(client=client)
    ]
