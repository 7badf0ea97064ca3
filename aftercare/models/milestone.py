from __future__ import annotations

from django.db import models
from django.utils import timezone

from clients.models import Client
from recovery_portal.audit.owned import ClientOwned


class Milestone(ClientOwned, models.Model):
    """A milestone of days in recovery the client reached (30, 60, 90 days, 6 months, 1 year,
    then every year), counted from the start in force at the time. A restarted count reaches
    its milestones again, as new rows."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="milestones")
    key = models.CharField(max_length=20)  # "30d", "6m", "1y", "2y" …
    label = models.CharField(max_length=40)
    count_from = models.DateField()
    reached_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reached_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "count_from", "key"], name="one_milestone_per_count"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} for {self.client}"

    def reminder_message(self, reminder):
        from recovery_portal.notifications.content import ReminderContent, path_of

        settings = getattr(self.client, "aftercare_settings", None)
        if settings is None or settings.count_hidden or not settings.milestone_messages:
            return None
        return ReminderContent(
            when=None,
            details=f"{self.label}. Every day counts, and so do you.",
            path=path_of("aftercare:my_checkins"),
            why="You get this because you turned on milestone messages.",
        )
