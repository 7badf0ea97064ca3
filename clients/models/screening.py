from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from clients.models.client import Client
from clients.models.intake import Intake
from recovery_portal.audit.owned import ClientOwned


class Screening(ClientOwned, models.Model):
    """One administration of a screening instrument (``clients/instruments/*.json``).

    The instrument's name, the score and its band are copied in at the time, so a result reads
    the same after an organization edits or replaces the instrument's file.
    """

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="screenings")
    intake = models.ForeignKey(
        Intake, null=True, blank=True, on_delete=models.PROTECT, related_name="screenings"
    )
    instrument_code = models.CharField(max_length=60)
    instrument_name = models.CharField(max_length=120)
    answers = models.JSONField(default=dict)
    score = models.IntegerField()
    band_label = models.CharField(max_length=200)
    band_level = models.CharField(max_length=20)
    administered_at = models.DateTimeField(default=timezone.now)
    administered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-administered_at", "-id"]
        indexes = [
            models.Index(
                fields=["client", "instrument_code", "-administered_at"],
                name="screening_client_instr_at",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_name} {self.score} ({self.administered_at:%Y-%m-%d})"


class SafetyAlert(ClientOwned, models.Model):
    """A worrying answer (e.g. PHQ-9 item 9 above zero) that staff must follow up.

    Open until a staff member records the follow-up; shown on the record and on the Today
    page of the client's case managers.
    """

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="safety_alerts")
    screening = models.ForeignKey(
        Screening, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    kind = models.CharField(max_length=40)
    message = models.CharField(max_length=400)
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follow_up_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(
                fields=["client"],
                condition=models.Q(resolved_at__isnull=True),
                name="open_safety_alert_by_client",
            )
        ]

    def __str__(self) -> str:
        return f"Safety alert for {self.client} ({self.raised_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
