"""Dated occurrences of a group, and the changes made to one of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from groups.models.group import PeerGroup


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Session(models.Model):
    """One meeting of a group. Made ahead from the schedule; a session changed by hand (moved,
    cancelled) is ``detached`` and the schedule no longer touches it."""

    group = models.ForeignKey(PeerGroup, on_delete=models.PROTECT, related_name="sessions")
    # The schedule's date for this occurrence (in the group's time zone): the key that keeps
    # generation idempotent, unchanged when the session is moved to another day.
    occurs_on = models.DateField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    detached = models.BooleanField(
        default=False, help_text="Changed by hand: schedule changes leave it alone."
    )
    original_starts_at = models.DateTimeField(null=True, blank=True)
    change_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "occurs_on"], name="session_once_per_day"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="session_starts")]

    def __str__(self) -> str:
        return f"{self.group} on {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def is_moved(self) -> bool:
        return self.original_starts_at is not None and self.original_starts_at != self.starts_at

    def local_start(self):
        return self.starts_at.astimezone(self.group.schedule.zone)

    def reminder_message(self, reminder):
        """Rendered at send time: nothing for a cancelled session; discreet by default."""
        from django.urls import reverse

        from recovery_portal.notifications.messages import ReminderContent

        if self.is_cancelled:
            return None
        facilitating = self.group.facilitators.filter(pk=reminder.recipient_id).exists()
        path = reverse("groups:session", args=[self.pk]) if facilitating else reverse("groups:mine")
        return ReminderContent(
            when=self.starts_at,
            details=f"{self.group.name}. {self.group.place or 'Online'}",
            path=path,
        )

    def reminder_reply(self, reminder, action: str):
        """A member answered the session's text reminder with "C": they are going. Anything
        else (or a facilitator's reply) goes to the case manager's inbox (None)."""
        from groups.services.enrollment import rsvp_by_text

        if action != "confirm":
            return None
        return rsvp_by_text(session=self, user=reminder.recipient)


class SessionChangeKind(models.TextChoices):
    CANCELLED = "cancelled", "Cancelled"
    MOVED = "moved", "Moved"


class SessionChange(models.Model):
    """A session cancelled or moved, by whom and why; the source of the notice sent to everyone
    enrolled (so the notice says what changed, even after a later change)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=10, choices=SessionChangeKind.choices)
    reason = models.CharField(max_length=300)
    previous_starts_at = models.DateTimeField()
    new_starts_at = models.DateTimeField(null=True, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.session}"

    def reminder_message(self, reminder):
        from django.urls import reverse

        from recovery_portal.notifications.messages import ReminderContent

        group = self.session.group
        if self.kind == SessionChangeKind.CANCELLED:
            details = f"{group.name} is cancelled. {self.reason}"
            when = self.previous_starts_at
        else:
            moved_to = timezone.localtime(self.new_starts_at, group.schedule.zone)
            details = f"{group.name} has moved to {moved_to:%A %B %d, %I:%M %p}. {self.reason}"
            when = self.new_starts_at
        return ReminderContent(
            when=when,
            details=details,
            path=reverse("groups:mine"),
            link_text="This has changed. Sign in to see what changed",
            why="You get this because you are signed up for this meeting.",
        )
