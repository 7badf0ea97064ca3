"""Referrals of a client to a resource, followed to their end (a closed loop).

sent → accepted → scheduled → completed, or declined / no-show on the way, each step with
its date. What was shared with the provider is a disclosure in the client's ledger, made only
under a consent that covers it; a referral may also share nothing (the client goes on their
own).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casework.models.resource import Resource
from clients.models import Client, Disclosure
from recovery_portal.audit.owned import ClientOwned


class ReferralStatus(models.TextChoices):
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    NO_SHOW = "no_show", "Did not attend"


# The closed loop: where each state may go next. A missed first visit may be booked again.
REFERRAL_TRANSITIONS: dict[str, set[str]] = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED},
    ReferralStatus.ACCEPTED: {ReferralStatus.SCHEDULED, ReferralStatus.DECLINED},
    ReferralStatus.SCHEDULED: {ReferralStatus.COMPLETED, ReferralStatus.NO_SHOW},
    ReferralStatus.NO_SHOW: {ReferralStatus.SCHEDULED, ReferralStatus.DECLINED},
    ReferralStatus.COMPLETED: set(),
    ReferralStatus.DECLINED: set(),
}
OPEN_REFERRAL_STATUSES = (
    ReferralStatus.SENT,
    ReferralStatus.ACCEPTED,
    ReferralStatus.SCHEDULED,
    ReferralStatus.NO_SHOW,
)
# The column holding the date of each state.
STATUS_DATE_FIELD = {
    ReferralStatus.SENT: "sent_at",
    ReferralStatus.ACCEPTED: "accepted_at",
    ReferralStatus.SCHEDULED: "scheduled_at",
    ReferralStatus.COMPLETED: "completed_at",
    ReferralStatus.DECLINED: "declined_at",
    ReferralStatus.NO_SHOW: "no_show_at",
}


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SOON = "soon", "Within a week"
    URGENT = "urgent", "Urgent (within a day or two)"


class Referral(ClientOwned, models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="referrals")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="referrals")
    reason = models.TextField()
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    # InformationKind values shared with the provider; empty: nothing shared.
    shared_information = models.JSONField(default=list, blank=True)
    disclosure = models.OneToOneField(
        Disclosure, null=True, blank=True, on_delete=models.PROTECT, related_name="referral"
    )
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    no_show_at = models.DateTimeField(null=True, blank=True)
    first_visit_on = models.DateField("first visit at the provider", null=True, blank=True)
    # The last time anyone heard about it: drives "needs follow-up" (REFERRAL_STALE_DAYS).
    last_update_at = models.DateTimeField(default=timezone.now)
    outcome_note = models.CharField(max_length=300, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["client", "-sent_at"]),
            models.Index(
                fields=["last_update_at"],
                condition=Q(status__in=["sent", "accepted", "scheduled", "no_show"]),
                name="open_referral_by_update",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral to {self.resource.name}" if self.resource_id else "Referral"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES

    @property
    def next_statuses(self) -> list[str]:
        return [s for s in ReferralStatus.values if s in REFERRAL_TRANSITIONS[self.status]]

    @property
    def needs_follow_up(self) -> bool:
        return self.is_open and self.last_update_at < timezone.now() - timedelta(
            days=settings.REFERRAL_STALE_DAYS
        )

    @property
    def timeline(self) -> list[tuple[str, object]]:
        return [
            (ReferralStatus(status).label, getattr(self, field))
            for status, field in STATUS_DATE_FIELD.items()
            if getattr(self, field)
        ]
