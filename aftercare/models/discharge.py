"""Why a discharged client has no aftercare plan: recorded by staff, it takes the client off
Today's "Discharged without aftercare" until their next discharge."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from clients.models import Client, ClientStatus
from recovery_portal.audit.owned import ClientOwned

# The statuses with which a client leaves treatment: either starts aftercare (Aftercare then
# Discharged is one leaving, not two).
LEFT_TREATMENT = (ClientStatus.DISCHARGED, ClientStatus.AFTERCARE)


class NotStartedReason(models.TextChoices):
    DECLINED = "declined", "The client declined aftercare"
    MOVED_AWAY = "moved_away", "The client moved away"
    TRANSFERRED = "transferred", "Transferred to another program"
    OTHER = "other", "Other reason"


class AftercareNotStarted(ClientOwned, models.Model):
    """The reason recorded for not starting aftercare after a discharge (the latest one after
    the client's latest discharge is the one that counts; an earlier episode's does not)."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="aftercare_not_started"
    )
    reason = models.CharField(max_length=20, choices=NotStartedReason.choices)
    note = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "aftercare not started"
        verbose_name_plural = "aftercare not started"
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Aftercare not started for {self.client}: {self.get_reason_display()}"
