"""Progress notes in DAP form (data, assessment, plan).

A signed note is a legal record: the database itself refuses to change its content or delete
it (triggers in migration ``0001_plans_notes``, which lists the frozen columns), so not even
``QuerySet.update()`` or a shell can alter it. After signing, only addenda are added, each
signed as it is written and append-only too. A supervisor may co-sign once.
``share_with_client`` is not content: it may change after signing (the client then sees the
note under "My notes").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from casework.models.plan import Goal
from clients.models import Client
from recovery_portal.audit.owned import ClientOwned


class ContactType(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    TEXT = "text", "Text message"
    COLLATERAL = "collateral", "Collateral (with someone else about the client)"


class ProgressNote(ClientOwned, models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="progress_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    contact_type = models.CharField(max_length=12, choices=ContactType.choices)
    contact_date = models.DateField(default=timezone.localdate)
    duration_minutes = models.PositiveIntegerField("Duration (minutes)")
    data = models.TextField("Data", help_text="What was observed and said: facts, not opinions.")
    assessment = models.TextField("Assessment", help_text="What it means; progress on goals.")
    plan_text = models.TextField("Plan", help_text="What happens next, and who does it.")
    goals = models.ManyToManyField(Goal, through="NoteGoal", blank=True, related_name="notes")
    share_with_client = models.BooleanField(
        default=False, help_text="The client sees this note once it is signed."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cosigned_at = models.DateTimeField(null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-contact_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(signed_at__isnull=True) | models.Q(signed_by__isnull=False),
                name="signed_note_has_signer",
            ),
            models.CheckConstraint(
                condition=models.Q(cosigned_at__isnull=True) | models.Q(signed_at__isnull=False),
                name="cosigned_note_is_signed",
            ),
        ]

    def __str__(self) -> str:
        return f"Progress note of {self.contact_date:%Y-%m-%d}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class NoteGoal(models.Model):
    """A goal a note addresses. Locked with the note once it is signed."""

    note = models.ForeignKey(ProgressNote, on_delete=models.PROTECT)
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["note", "goal"], name="one_link_per_note_goal")
        ]

    def __str__(self) -> str:
        return f"Note {self.note_id} addresses goal {self.goal_id}"


class NoteAddendum(ClientOwned, models.Model):
    """Something added to a signed note; signed as it is written, never changed."""

    note = models.ForeignKey(ProgressNote, on_delete=models.PROTECT, related_name="addenda")
    client_field = "note__client"  # whose events: the note's client
    text = models.TextField()
    signed_at = models.DateTimeField(default=timezone.now)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name_plural = "note addenda"

    def __str__(self) -> str:
        return f"Addendum of {self.signed_at:%Y-%m-%d}"
