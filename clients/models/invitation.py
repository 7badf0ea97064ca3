"""Portal invitations: a client gets an e-mailed link (expiring, single-use) to set a password."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .client import Client

INVITATION_VALID_FOR = timedelta(days=7)


def token_digest(token: str) -> str:
    """Only a digest of the token is stored: a database leak does not leak working links."""
    return hashlib.sha256(token.encode()).hexdigest()


class PortalInvitation(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField("e-mail")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Set when a newer invitation replaces it, or when portal access is revoked.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="one_open_invitation_per_client",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def audit_client_id(self) -> int:
        return self.client_id

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def state_label(self) -> str:
        if self.accepted_at:
            return "Accepted"
        if self.withdrawn_at:
            return "Withdrawn"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Waiting for the client"
