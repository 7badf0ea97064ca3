"""Reads of screenings and the safety alerts they raise."""

from __future__ import annotations

from django.http import Http404

from clients.instruments.catalog import instruments
from clients.models import Client, SafetyAlert, Screening
from clients.selectors.record import client_for


def open_alerts_of(client: Client) -> list[SafetyAlert]:
    return list(client.safety_alerts.filter(resolved_at__isnull=True).select_related("screening"))


def alert_for(user, client_pk, pk) -> SafetyAlert:
    # Someone who opened the record in an emergency may record what was done about an alert.
    client = client_for(user, client_pk, emergency=True)
    try:
        return client.safety_alerts.select_related("client").get(pk=pk)
    except (SafetyAlert.DoesNotExist, ValueError, TypeError):
        raise Http404("No such alert.")


def screenings_of(client: Client) -> list[Screening]:
    return list(client.screenings.select_related("administered_by"))


def screenings_over_time(client: Client) -> list[dict]:
    """Per instrument: its results oldest first, for the "screenings over time" page."""
    by_code: dict[str, list[Screening]] = {}
    for screening in reversed(screenings_of(client)):
        by_code.setdefault(screening.instrument_code, []).append(screening)
    known = instruments()
    return [
        {
            "code": code,
            "name": results[-1].instrument_name,
            "instrument": known.get(code),
            "results": results,
            "latest": results[-1],
        }
        for code, results in by_code.items()
    ]


def latest_screenings(client: Client) -> list[Screening]:
    """The most recent result of each instrument."""
    latest = {}
    for screening in screenings_of(client):
        latest.setdefault(screening.instrument_code, screening)
    return list(latest.values())


def screening_for(user, client_pk, pk) -> Screening:
    client = client_for(user, client_pk)
    try:
        return client.screenings.select_related("administered_by", "client").get(pk=pk)
    except (Screening.DoesNotExist, ValueError, TypeError):
        raise Http404("No such screening.")
