"""Whether a client's record is closed, as their own pages ask it (``Client.services_ended``)."""

from __future__ import annotations

from clients.models import Client
from clients.selectors.record import primary_case_manager


def closed_notice(user) -> dict | None:
    """The sentence a client whose record is closed sees, with whom to call; None otherwise."""
    client = Client.objects.filter(user=user).first() if user.is_authenticated else None
    if client is None or not client.services_ended:
        return None
    return {"case_manager": primary_case_manager(client)}
