"""Keep ``Client.last_contact_at``: every service that records, changes or corrects a contact
(a progress note, an appointment's outcome, a follow-up try, group attendance) calls
``last_contact_refresh`` in its transaction. It recomputes from all sources rather than taking
the newer of two dates, so a correction (attendance changed to absent, a note's date moved back)
is right too. One UPDATE per call."""

from __future__ import annotations

from collections.abc import Iterable

from clients.models import Client
from clients.selectors.contact import computed_last_contact


def last_contact_refresh(*, client_ids: Iterable[int]) -> int:
    """Store the computed last contact of these clients; returns how many rows were updated."""
    ids = list(client_ids)
    if not ids:
        return 0
    return Client.objects.filter(pk__in=ids).update(last_contact_at=computed_last_contact())


def last_contact_refresh_all() -> int:
    """Every client (after a bulk load such as ``seed_demo``, which bypasses the services)."""
    return Client.objects.update(last_contact_at=computed_last_contact())
