"""The overview of one client's record: panels gathered from every app through its selectors.

A panel is a title, a template under ``templates/home/panels/`` and a loader
``(user, client) -> dict`` that calls the owning app's selectors with a fixed number of
queries (the overview's query count must not grow with the record). The page shows PANELS in
order.

ADDING A PANEL (later issues): write the loader here, calling only the owning app's selectors,
a template ``templates/home/panels/_<key>.html`` that reads ``data``, and append a ``Panel`` to
``PANELS``. Planned: "plan" (casework: recovery plan and goals), "meetings" (groups), "follow_ups"
(aftercare).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from clients.selectors_consent import consents_of, support_contacts_of
from clients.selectors_record import draft_intake_for, intake_needs_for, latest_screenings


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    load: Callable[..., dict]


def _about(user, client) -> dict:
    return {"client": client}


def _intake(user, client) -> dict:
    return {
        "client": client,
        "draft": draft_intake_for(client),
        "needs": intake_needs_for(client, open_only=True)[:8],
    }


def _screenings(user, client) -> dict:
    return {"client": client, "latest": latest_screenings(client)}


def _consents(user, client) -> dict:
    consents = list(consents_of(client)[:50])
    return {
        "client": client,
        "active": [c for c in consents if c.is_active],
        "awaiting": sum(1 for c in consents if c.signed_at is None and c.revoked_at is None),
    }


def _support_network(user, client) -> dict:
    return {"client": client, "contacts": list(support_contacts_of(client)[:12])}


PANELS: list[Panel] = [
    Panel("about", "About", "home/panels/_about.html", _about),
    Panel("intake", "Intake and needs", "home/panels/_intake.html", _intake),
    Panel("screenings", "Latest screenings", "home/panels/_screenings.html", _screenings),
    Panel("consents", "Consents in effect", "home/panels/_consents.html", _consents),
    Panel("support_network", "Support network", "home/panels/_support.html", _support_network),
    # ── Later panels go here, in the order they should appear: ──
    # Panel("plan", "Recovery plan", "home/panels/_plan.html", _plan),              casework
    # Panel("meetings", "Groups and meetings", "home/panels/_meetings.html", …),    groups
    # Panel("follow_ups", "Follow-ups", "home/panels/_follow_ups.html", …),         aftercare
]


def overview_panels(user, client) -> list[dict]:
    return [
        {"key": p.key, "title": p.title, "template": p.template, "data": p.load(user, client)}
        for p in PANELS
    ]
