"""The one frame of every staff page of a client record: the header (who, status, primary case
manager), the open safety alerts and the record's tabs, with the current tab marked.

The tabs are data. Each app declares its own as ``record_tabs`` on its ``AppConfig`` (see
``recovery_portal/plugins.py``); this module gathers them, so casework's Plan, groups' Meetings
and aftercare's Follow-ups join the record without editing this app's templates.

A view of a record page starts its context with ``record_frame(request, pk, part)`` and its
template includes ``clients/_record_header.html``.

The record's overview is gathered the same way (``overview_cards``): each app declares its cards
as ``overview_panels`` on its AppConfig: a title, a template and a loader
``(user, client) -> dict | None`` that calls that app's selectors with a fixed number of queries
(the overview's query count must not grow with the record). A loader returning ``None`` hides
its card.
"""

from __future__ import annotations

from django.urls import reverse

from clients.selectors.record import client_record
from clients.selectors.screening import open_alerts_of
from clients.services.record import client_record_viewed
from recovery_portal.plugins import RECORD_SECTIONS, overview_panels, record_tabs


def tabs_for(user, client, part: str) -> list[dict]:
    """The record's tabs ``user`` may use, in order, with the one holding ``part`` current."""
    return [
        {
            "key": tab.key,
            "label": tab.label,
            "url": reverse(tab.url_name, args=[client.pk]),
            "current": part == tab.key or part in tab.also,
            "section": tab.section,
        }
        for tab in record_tabs()
        if not tab.supervision_only or user.may_see_all_clients
    ]


def sections_of(tabs: list[dict]) -> list[dict]:
    """The tabs grouped by section (``RECORD_SECTIONS``, in its order; empty ones left out):
    each section links to its first tab and is current when one of its tabs is."""
    sections = []
    for key, (label, short) in RECORD_SECTIONS.items():
        own = [tab for tab in tabs if tab["section"] == key]
        if own:
            sections.append(
                {
                    "key": key,
                    "label": label,
                    "short": short,
                    "url": own[0]["url"],
                    "current": any(tab["current"] for tab in own),
                    "tabs": own,
                }
            )
    return sections


def record_frame(request, pk, part: str, *, audit: bool = True, emergency: bool = False) -> dict:
    """The context every staff page of a record starts from.

    1. Load the record's header for ``request.user`` (404 outside their scope).
    2. Log that they looked at ``part`` of it (``audit=False`` only where the caller logs a
       more precise event itself, such as a write).
    3. Return the client, their open safety alerts and the tabs.

    ``emergency=True`` also admits a record ``request.user`` opened in an emergency, for the
    few pages an emergency needs; such a record shows no tabs (the rest stays closed).
    """
    client = client_record(request.user, pk, emergency=emergency)
    emergency_only = emergency and not client.in_scope
    tabs = [] if emergency_only else tabs_for(request.user, client, part)
    if audit:
        client_record_viewed(actor=request.user, client=client, part=part, request=request)
    return {
        "client": client,
        "open_alerts": open_alerts_of(client),
        "record_part": part,
        "record_tabs": tabs,
        "record_sections": sections_of(tabs),
        "emergency_only": emergency_only,
        "may_supervise": request.user.may_see_all_clients,
    }


def overview_cards(user, client) -> list[dict]:
    """The cards of the record's overview, in order, each loaded for ``user``."""
    cards = []
    for panel in overview_panels():
        data = panel.loader()(user, client)
        if data is not None:
            cards.append(
                {"key": panel.key, "title": panel.title, "template": panel.template, "data": data}
            )
    return cards
