"""Records retention: legal holds on a record, and the monthly list of closed records past
their retention period, each waiting for an administrator's decision.

A ``RetentionReview`` outlives the record it is about: it keeps only the record number (the
client's id, which says nothing about the person outside the portal), the closing and due
dates and the decision, so the organization can show what was destroyed, when and on whose
approval. Its link to the client is cleared when the record is destroyed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recovery_portal.audit.owned import ClientOwned


class LegalHold(ClientOwned, models.Model):
    """A legal hold placed on a record, and (later) lifted: who, when and why, both times.

    At most one hold of a client is open; while it is, ``Client.legal_hold`` is set and the
    record cannot be destroyed. Never deleted while the record lives.
    """

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="legal_holds"
    )
    reason = models.TextField(help_text="Why the record must be kept, e.g. a court case number.")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(lifted_at__isnull=True),
                name="one_open_legal_hold_per_client",
            ),
            models.CheckConstraint(condition=Q(reason__regex=r"\S"), name="legal_hold_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Legal hold #{self.pk} ({'lifted' if self.lifted_at else 'in force'})"

    @property
    def is_open(self) -> bool:
        return self.lifted_at is None


class RetentionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    ON_HOLD = "on_hold", "On legal hold"
    APPROVED = "approved", "Destruction approved"
    DESTROYED = "destroyed", "Destroyed"
    KEPT = "kept", "Kept (decided not to destroy)"
    REOPENED = "reopened", "Reopened (no longer due)"
    NOT_DUE = "not_due", "Not due yet (a consent or disclosure keeps it longer)"


# Reviews the monthly run still looks after: their record exists and no final decision is made.
OPEN_REVIEW_STATUSES = (
    RetentionStatus.PENDING,
    RetentionStatus.ON_HOLD,
    RetentionStatus.APPROVED,
    RetentionStatus.NOT_DUE,
)


class PaperDisposal(models.TextChoices):
    """What became of the record's paper originals and printouts (42 CFR §2.16: paper is
    sanitized too), as the administrator approving the destruction attests."""

    SHREDDED = "shredded", "Paper originals and printouts of this record have been shredded"
    NONE = "none", "There are no paper originals or printouts of this record"


class RetentionReview(models.Model):
    """A closed record past its retention period, listed for an administrator's decision.

    One row per record and closing: a record reopened and closed again later is listed again
    when its new period ends. Holds no name and no clinical content (administrators see it).
    """

    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="retention_reviews",
        help_text="Cleared when the record is destroyed.",
    )
    record_number = models.BigIntegerField(db_index=True)
    closed_on = models.DateField("closed or discharged on")
    # The latest of the closing + RECORD_RETENTION_YEARS and six years from each consent and
    # disclosure (clients.selectors.retention); empty while a consent is still in effect.
    due_on = models.DateField("retention period ended on", null=True, blank=True)
    due_because = models.CharField(
        "the date set by",
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text="The rule that sets the date: the closing, or a consent or disclosure's date.",
    )
    listed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=20, choices=RetentionStatus.choices, default=RetentionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why the record was kept.")
    destroyed_at = models.DateTimeField(null=True, blank=True)
    # How many rows of each kind went ("casework.progressnote": 4): no content, no names.
    destroyed_counts = models.JSONField(default=dict, blank=True)
    # Uploaded files of the destroyed record not deleted yet ({"field": "clients.consent.scan",
    # "name": "consents/…"}): deleted after commit, tried again by each monthly run until gone.
    files_left = models.JSONField("files still to delete", default=list, db_default=[], blank=True)
    # The approving administrator's attestation about paper (required to approve).
    paper_disposal = models.CharField(
        "paper originals and printouts",
        max_length=10,
        choices=PaperDisposal.choices,
        blank=True,
        default="",
        db_default="",
    )
    paper_destroyed_on = models.DateField("paper shredded on", null=True, blank=True)
    paper_destroyed_by = models.CharField(
        "paper shredded by", max_length=200, blank=True, default="", db_default=""
    )

    class Meta:
        ordering = ["due_on", "record_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_number", "closed_on"], name="one_review_per_record_closing"
            ),
            models.CheckConstraint(
                condition=Q(status="destroyed", client__isnull=True) | ~Q(status="destroyed"),
                name="a_destroyed_review_points_at_no_record",
            ),
            models.CheckConstraint(
                condition=~Q(paper_disposal="shredded")
                | (Q(paper_destroyed_on__isnull=False) & Q(paper_destroyed_by__regex=r"\S")),
                name="shredded_paper_says_when_and_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"Record {self.record_number}, closed {self.closed_on:%Y-%m-%d}"

    @property
    def audit_client_id(self) -> int:
        return self.record_number

    @property
    def paper_for_audit(self) -> dict:
        """What the audit trail keeps of the paper attestation: the code and the date, not the
        name of who shredded it (the audit trail names staff by account, never by free text;
        the name stays on the review)."""
        on = self.paper_destroyed_on
        return {"disposal": self.paper_disposal, "on": on.isoformat() if on else None}

    @property
    def paper_statement(self) -> str:
        """The attestation in words, as the review and the destruction's audit event keep it."""
        if self.paper_disposal == PaperDisposal.SHREDDED:
            return (
                "Paper originals and printouts of this record have been destroyed (shredded) on "
                f"{self.paper_destroyed_on:%Y-%m-%d} by {self.paper_destroyed_by}."
            )
        if self.paper_disposal == PaperDisposal.NONE:
            return "There are no paper originals or printouts of this record."
        return ""
