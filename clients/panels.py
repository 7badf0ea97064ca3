"""The clients' cards on the record's overview (declared in ``apps.py``). Each loader takes
``(user, client)`` and runs a fixed number of queries."""

from __future__ import annotations

from clients.models.consent import ConsentState
from clients.selectors.closed import closed_notice
from clients.selectors.consent import consents_of
from clients.selectors.emergency import SUPERVISION_DAYS, emergency_accesses_to_review
from clients.selectors.intake import draft_intake_of, intake_needs_of
from clients.selectors.record import today_summary
from clients.selectors.screening import latest_screenings
from clients.selectors.support import support_contacts_of
from clients.selectors.texts import text_inbox_for, unread_count_for


def about(user, client) -> dict:
    return {"client": client}


def intake(user, client) -> dict:
    return {
        "client": client,
        "draft": draft_intake_of(client),
        "needs": intake_needs_of(client, open_only=True)[:8],
    }


def screenings(user, client) -> dict:
    return {"client": client, "latest": latest_screenings(client)}


def consents(user, client) -> dict:
    """The consents in effect, and how many wait for the client's signature (an unsigned
    consent past its expiry date is expired, not awaiting: the consent's own state says)."""
    consents = list(consents_of(client)[:50])
    return {
        "client": client,
        "active": [c for c in consents if c.state == ConsentState.ACTIVE],
        "awaiting": sum(1 for c in consents if c.state == ConsentState.AWAITING),
    }


def support_network(user, client) -> dict:
    return {"client": client, "contacts": list(support_contacts_of(client)[:12])}


def today(user) -> dict | None:
    """Today's first cards for clinical staff: clients by status, safety alerts, drafts."""
    if not user.is_clinical_staff:
        return None
    return today_summary(user)


def emergency(user) -> dict | None:
    """For supervisors: records opened in an emergency, at once (one query, at most 20)."""
    accesses = emergency_accesses_to_review(user)
    if accesses is None:
        return None
    shown = list(accesses[:20])
    return {
        "accesses": shown,
        "open_now": any(a.is_live for a in shown),
        "days": SUPERVISION_DAYS,
    }


def record_closed(user) -> dict | None:
    """My recovery's first card once the record is closed: what is left and whom to call."""
    return closed_notice(user)


def text_inbox(user) -> dict | None:
    """Today: unread texts from clients (at most 5 shown, and how many in all)."""
    if not user.is_clinical_staff:
        return None
    return {
        "texts": text_inbox_for(user, unread_only=True, limit=5),
        "unread": unread_count_for(user),
    }
