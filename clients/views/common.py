"""What every staff page of a client record shares: the header (name, status, primary case
manager, open safety alerts) and the record's tabs."""

from __future__ import annotations

from recovery_portal.accounts.roles import Role

from ..selectors_record import client_record, open_alerts_for
from ..services import client_record_viewed


def may_supervise(user) -> bool:
    return user.has_role(Role.SUPERVISOR) or user.has_role(Role.ADMINISTRATOR)


def record_page(request, pk, part: str) -> dict:
    """Load the record's header for ``request.user`` (404 outside their scope), log the view of
    ``part`` and return the template context every record page starts from."""
    client = client_record(request.user, pk)
    client_record_viewed(actor=request.user, client=client, part=part, request=request)
    return {
        "client": client,
        "open_alerts": open_alerts_for(client),
        "record_part": part,
        "may_supervise": may_supervise(request.user),
    }
