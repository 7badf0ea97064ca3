"""Emergency access ("break the glass"): a person who keeps a caseload opens a record outside
it, for a stated reason, for a limited time. The grant ends by itself: scope asks for grants
whose ``expires_at`` is still ahead, so no task has to close them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recovery_portal.audit.owned import ClientOwned

# A reason in words, not a tick: "need it" says nothing a supervisor can review.
MIN_REASON_LENGTH = 15
REASON_NEEDED = (
    "Please say why you need this record now, in a sentence (for example: who called and "
    "what is happening). Supervisors and the client will read it."
)


class EmergencyAccessQuerySet(models.QuerySet):
    def live(self, now=None):
        return self.filter(expires_at__gt=now or timezone.now())


class EmergencyAccess(ClientOwned, models.Model):
    """Who opened whose record in an emergency, why, and until when. Never edited."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    reason = models.TextField()
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "emergency accesses"
        indexes = [models.Index(fields=["user", "expires_at"], name="emergency_user_expires")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("started_at")),
                name="emergency_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(reason__regex=r"\S"), name="emergency_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.user} opened {self.client} in an emergency"

    @property
    def is_live(self) -> bool:
        return self.expires_at > timezone.now()
