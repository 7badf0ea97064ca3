"""Who belongs to a group (or waits for a place), and who says they are coming."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clients.models import Client
from groups.models.group import PeerGroup
from groups.models.session import Session
from recovery_portal.audit.owned import ClientOwned


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    WAITING = "waiting", "On the waiting list"
    LEFT = "left", "Left"


ACTIVE_STATUSES = (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITING)


class Enrollment(ClientOwned, models.Model):
    """A client in a group. Leaving keeps the row (attendance history points at it); joining
    again makes a new one. The waiting list is ordered by ``requested_at``."""

    group = models.ForeignKey(PeerGroup, on_delete=models.PROTECT, related_name="enrollments")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="group_enrollments")
    status = models.CharField(max_length=10, choices=EnrollmentStatus.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "client"],
                condition=Q(status__in=["enrolled", "waiting"]),
                name="enrollment_one_active_per_client",
            ),
        ]
        indexes = [models.Index(fields=["group", "status"], name="enrollment_group_status")]

    def __str__(self) -> str:
        return f"{self.client} in {self.group} ({self.get_status_display()})"


class RSVPAnswer(models.TextChoices):
    GOING = "going", "Going"
    NOT_GOING = "not_going", "Not going"


class RSVP(ClientOwned, models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="rsvps")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="group_rsvps")
    answer = models.CharField(max_length=10, choices=RSVPAnswer.choices)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "client"], name="rsvp_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.get_answer_display()}"
