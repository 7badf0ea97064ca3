"""Operations models: the check-ins of Celery workers and beat, read by the watchdog
(``recovery_portal.ops.health``) behind /healthz and the admin's front page."""

from django.db import models
from django.utils import timezone


class ProcessKind(models.TextChoices):
    WORKER = "worker", "Worker"
    BEAT = "beat", "Beat (scheduler)"


class WorkerCheckIn(models.Model):
    """One Celery worker or beat process, by its name, and when it last said it was alive.

    Written by the processes themselves (``recovery_portal.ops.checkins``): on start, every
    ``WATCHDOG_CHECKIN_SECONDS`` while running, and ``stopped_at`` on a graceful stop. A process
    that dies without stopping (``kill -9``, a lost machine) keeps its row with an old
    ``last_seen``; the watchdog raises the alarm until it comes back or an administrator
    deletes the row of a worker that was retired on purpose.
    """

    name = models.CharField(
        max_length=255, unique=True, help_text="The worker's node name, e.g. celery@web1."
    )
    kind = models.CharField(max_length=10, choices=ProcessKind.choices)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when it stopped gracefully; empty while running."
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "worker check-in"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"
