"""Who came to a session, and meetings a client went to outside the organization."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from clients.models import Client
from groups.models.session import Session
from recovery_portal.audit.owned import ClientOwned


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    EXCUSED = "excused", "Excused"
    ABSENT = "absent", "Absent"


class Attendance(ClientOwned, models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="group_attendance")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    walk_in = models.BooleanField(default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "client"], name="attendance_once")
        ]
        indexes = [models.Index(fields=["client", "session"], name="attendance_client")]

    def __str__(self) -> str:
        return f"{self.client}: {self.get_status_display()}"

    @property
    def attended(self) -> bool:
        return self.status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class OutsideMeeting(ClientOwned, models.Model):
    """A meeting outside the organization the client says they went to (self-reported)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="outside_meetings")
    name = models.CharField(max_length=120)
    attended_on = models.DateField()
    meeting_slug = models.SlugField(
        "Meeting Guide slug", max_length=64, blank=True, help_text="Optional."
    )
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-attended_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} on {self.attended_on}"
