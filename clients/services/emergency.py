"""Emergency access ("break the glass"): opening a record outside one's caseload. See
``clients/models/emergency.py``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from clients.models import Client, EmergencyAccess
from clients.models.emergency import MIN_REASON_LENGTH, REASON_NEEDED
from clients.selectors.emergency import may_break_the_glass
from recovery_portal.audit.services import audit_record


@transaction.atomic
def emergency_access_open(*, user, client: Client, reason: str, request=None) -> EmergencyAccess:
    """Open ``client``'s record to ``user`` for ``EMERGENCY_ACCESS_HOURS``.

    1. Only people who keep a caseload may (others: 404, as for any record outside scope).
    2. The reason is required, in words.
    3. A grant still open is returned as it is: the clock is not reset by asking again.
    4. Otherwise the grant is written and audited (``client.emergency_access``, naming the
       grant): supervisors see it on Today at once, the client in "Who has seen my record",
       with the reason kept on the grant.
    """
    if not may_break_the_glass(user):
        raise Http404("No such client.")
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": REASON_NEEDED})
    now = timezone.now()
    open_grant = (
        EmergencyAccess.objects.select_for_update()
        .live(now)
        .filter(user=user, client=client)
        .first()
    )
    if open_grant is not None:
        return open_grant
    grant = EmergencyAccess.objects.create(
        client=client,
        user=user,
        reason=reason,
        started_at=now,
        expires_at=now + dt.timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
    )
    audit_record(
        actor=user,
        action="client.emergency_access",
        target=client,
        request=request,
        # The reason stays on the grant (shown to supervisors and the client from there), not
        # in the trail: it is free text, often about the client's health, and the trail
        # outlives the record.
        details={"until": grant.expires_at.isoformat(), "grant": grant.pk},
    )
    return grant


def emergency_search_recorded(*, actor, client_ids: list[int], request=None) -> None:
    """Log that a search offered ``actor`` records outside their scope to open in an
    emergency (which ones, never what was typed): each client sees it."""
    audit_record(
        actor=actor,
        action="client.emergency_search",
        request=request,
        details={"client_ids": client_ids},
    )


def emergency_accesses_end(user, *, now) -> int:
    """Access ended (``recovery_portal.accounts.access``): every emergency grant ``user`` still
    holds ends now, so none revives if the account is reactivated within its hours. The grant
    row stays (who opened what, why, from when); only its end moves forward."""
    return (
        EmergencyAccess.objects.live(now)
        .filter(user=user, started_at__lt=now)
        .update(expires_at=now)
    )
