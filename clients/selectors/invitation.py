"""Reads of portal invitations."""

from __future__ import annotations

from django.db.models import QuerySet

from clients.models import Client, PortalInvitation
from clients.models.invitation import token_digest


def invitations_of(client: Client) -> QuerySet[PortalInvitation]:
    return client.invitations.select_related("created_by").order_by("-created_at", "-id")


def invitation_for_token(token: str) -> PortalInvitation | None:
    """The usable invitation this token opens, or None (unknown, used, withdrawn, expired)."""
    invitation = (
        PortalInvitation.objects.filter(token_hash=token_digest(token or ""))
        .select_related("client")
        .first()
    )
    return invitation if invitation and invitation.is_usable else None
