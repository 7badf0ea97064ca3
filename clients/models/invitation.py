"""Portal invitations: a client gets an e-mailed link (expiring, single-use) to set a password."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from clients.models.client import Client
from recovery_portal.accounts.tokens import link_digest, link_token
from recovery_portal.audit.owned import ClientOwned
from recovery_portal.notifications.content import ReminderContent

INVITATION_VALID_FOR = timedelta(days=7)


def token_digest(token: str) -> str:
    """Only a digest of the token is stored (``accounts.tokens.link_digest``)."""
    return link_digest(token)


def invitation_token(nonce: str) -> str:
    """The secret in the e-mailed link (``accounts.tokens.link_token``), as staff
    invitations make theirs."""
    return link_token("clients.invitation", nonce)


class PortalInvitation(ClientOwned, models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField("e-mail")
    token_hash = models.CharField(max_length=64, unique=True)
    token_nonce = models.CharField(max_length=64, blank=True)
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

    def reminder_message(self, reminder):
        """What the outbox sends (at send time): the link to set a password, while it works.
        Discreet: it never says what the organization does."""
        if not self.is_usable or not self.token_nonce:
            return None
        # The link goes only to the address it was made for, whatever the account says now.
        if (reminder.recipient.email or "").lower() != self.email.lower():
            return None
        return ReminderContent(
            when=None,
            path=reverse(
                "clients:invitation_accept", kwargs={"token": invitation_token(self.token_nonce)}
            ),
            link_text="Set up your account (the link works once, for 7 days)",
            why="You get this because your case manager invited you to set up an account.",
        )

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
