"""The clients' cards on the record's overview (declared in ``apps.py``). Each loader takes
``(user, client)`` and runs a fixed number of queries."""

from __future__ import annotations

from .selectors_consent import consents_of, support_contacts_of
from .selectors_record import (
    draft_intake_for,
    intake_needs_for,
    latest_screenings,
    today_summary,
)


def about(user, client) -> dict:
    return {"client": client}


def intake(user, client) -> dict:
    return {
        "client": client,
        "draft": draft_intake_for(client),
        "needs": intake_needs_for(client, open_only=True)[:8],
    }


def screenings(user, client) -> dict:
    return {"client": client, "latest": latest_screenings(client)}


def consents(user, client) -> dict:
    consents = list(consents_of(client)[:50])
    return {
        "client": client,
        "active": [c for c in consents if c.is_active],
        "awaiting": sum(1 for c in consents if c.signed_at is None and c.revoked_at is None),
    }


def support_network(user, client) -> dict:
    return {"client": client, "contacts": list(support_contacts_of(client)[:12])}


def today(user) -> dict | None:
    """Today's first cards for clinical staff: clients by status, safety alerts, drafts."""
    if not user.is_clinical_staff:
        return None
    return today_summary(user)
