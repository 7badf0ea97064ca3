"""A person's private calendar feed: a secret address their calendar app subscribes to."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def token_digest(token: str) -> str:
    # Only the digest is stored: a copy of the database does not open anyone's calendar.
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calendar_feeds"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    discreet = models.BooleanField(
        "discreet titles",
        default=True,
        help_text="Events say only “Meeting”, not the group's name or place.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # One audit event per feed per day: calendar apps poll every few minutes.
    last_opened_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(revoked_at__isnull=True), name="one_live_feed"
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.owner}"
