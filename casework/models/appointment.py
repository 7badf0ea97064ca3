"""Appointments between a client and a staff member, with their reminders in the outbox.

An appointment is never edited into another time: moving it marks this row ``rescheduled``
and books a new one (``rescheduled_to``), so the record keeps what was planned and when it
changed. Reminders follow: the old row's are cancelled, the new row's scheduled.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from recovery_portal.audit.owned import ClientOwned


class AppointmentKind(models.TextChoices):
    COUNSELING = "counseling", "Counseling"
    CASE_MANAGEMENT = "case_management", "Case management"
    MEDICAL = "medical", "Medical"
    OTHER = "other", "Other"


class AppointmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no_show", "Did not attend"
    CANCELLED = "cancelled", "Cancelled"
    RESCHEDULED = "rescheduled", "Moved to another time"


# Where a scheduled appointment may go; every other state is final.
APPOINTMENT_OUTCOMES = {
    AppointmentStatus.COMPLETED,
    AppointmentStatus.NO_SHOW,
    AppointmentStatus.CANCELLED,
}


class Appointment(ClientOwned, models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="appointments")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name="with (staff member)",
    )
    kind = models.CharField(
        max_length=20, choices=AppointmentKind.choices, default=AppointmentKind.CASE_MANAGEMENT
    )
    starts_at = models.DateTimeField("date and time")
    duration_minutes = models.PositiveSmallIntegerField("length (minutes)", default=50)
    place = models.CharField(
        max_length=200, blank=True, help_text="An address or room, for an appointment in person."
    )
    video_url = models.URLField("video link", blank=True, help_text="For an appointment by video.")
    status = models.CharField(
        max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.SCHEDULED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # The client said they will come (by replying "C" or "yes" to its text reminder).
    confirmed_at = models.DateTimeField(null=True, blank=True)
    rescheduled_to = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="rescheduled_from"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["staff", "starts_at"]),
            models.Index(fields=["client", "starts_at"]),
            models.Index(
                fields=["client", "-starts_at"],
                condition=Q(status="completed"),
                name="appointment_contact",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=480),
                name="appointment_duration_sensible",
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_url=""),
                name="appointment_has_place_or_link",
            ),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at)
        return f"{self.get_kind_display()} appointment on {when:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_scheduled(self) -> bool:
        return self.status == AppointmentStatus.SCHEDULED

    @property
    def is_upcoming(self) -> bool:
        return self.is_scheduled and self.starts_at >= timezone.now()

    def reminder_message(self, reminder):
        """What the outbox says (rendered at send time). Discreet wording, the default, shows
        only "your 10:00 am appointment tomorrow"; the details below appear only to someone who
        turned discreet wording off, and never name the kind of care to the lock screen."""
        from recovery_portal.notifications.messages import ReminderContent

        if not self.is_scheduled:
            return None
        where = self.place or "by video (the link is on the appointment page)"
        if reminder.recipient_id == self.staff_id:
            from clients.selectors.record import in_scope

            if not in_scope(reminder.recipient, self.client_id):
                return None  # no longer on their caseload: the page would not show it either
            return ReminderContent(
                when=self.starts_at,
                details=f"With {self.client.display_name}, {where}.",
                path=reverse("casework:week"),
            )
        return ReminderContent(
            when=self.starts_at,
            details=f"With {self.staff.get_full_name()}, {where}.",
            path=reverse("casework:my_appointments"),
        )

    def reminder_reply(self, reminder, action: str):
        """The client answered its text reminder (``recovery_portal.notifications.inbound``):
        "confirm" confirms it, "move" asks to move it as the portal's button does. None (the
        text goes to the case manager's inbox) when it is not theirs or no longer ahead."""
        from casework.services.appointment import appointment_confirm_by_text

        if reminder.recipient_id != self.client.user_id or not self.is_upcoming:
            return None
        return appointment_confirm_by_text(appointment=self, user=reminder.recipient, action=action)


class RescheduleRequest(ClientOwned, models.Model):
    """A client asks to move an appointment; their case manager answers by moving it (or
    not) and closing the request."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, related_name="reschedule_requests"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="reschedule_requests")
    message = models.TextField("what works better for you", max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["client"], condition=Q(resolved_at__isnull=True), name="open_reschedule"
            )
        ]

    def __str__(self) -> str:
        return f"Request to move {self.appointment}"
