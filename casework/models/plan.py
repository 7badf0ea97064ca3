"""A client's recovery plan: goals by life domain, each with action steps, barriers (with the
strategies for each) and the services that serve it.

The plan's rows are its working copy, edited by the case manager and, for their own steps, by
the client. A **version** (``PlanVersion``) is a frozen, whole-plan snapshot made when the plan
is first shared and at each review that revises it; versions are append-only in the database
(see the migration) so an earlier plan can always be read as it was. The client acknowledges a
version; a new version asks again. django-simple-history keeps the row-level trail (who changed
which field when) between versions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clients.models import Client
from recovery_portal.audit.owned import ClientOwned


class GoalDomain(models.TextChoices):
    SUBSTANCE_USE = "substance_use", "Substance use"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    MENTAL_HEALTH = "mental_health", "Mental health"
    HOUSING = "housing", "Housing"
    EMPLOYMENT_EDUCATION = "employment_education", "Employment and education"
    FAMILY_SOCIAL = "family_social", "Family and social"
    LEGAL = "legal", "Legal"
    FINANCIAL = "financial", "Financial"
    MEANING = "meaning", "Meaning and spirituality"
    OTHER = "other", "Other"


# Intake needs use clients' domains; where one has no twin here it lands in the nearest.
DOMAIN_FROM_INTAKE = {
    "finances": GoalDomain.FINANCIAL,
    "transportation": GoalDomain.OTHER,
}


class GoalPriority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


# A goal taken over from an intake need starts with the priority matching the need's.
PRIORITY_FROM_NEED = {"urgent": GoalPriority.HIGH, "soon": GoalPriority.MEDIUM}


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    REVISED = "revised", "Revised"
    DISCONTINUED = "discontinued", "Discontinued"


class GoalService(models.TextChoices):
    COUNSELING = "counseling", "Counseling"
    PEER_GROUPS = "peer_groups", "Peer support groups"
    CASE_MANAGEMENT = "case_management", "Case management"
    MEDICATION = "medication", "Medication for addiction treatment"
    REFERRAL = "referral", "Referral to another service"
    OTHER = "other", "Other"


class StepOwner(models.TextChoices):
    CLIENT = "client", "Client"
    CASE_MANAGER = "case_manager", "Case manager"
    OTHER = "other", "Someone else"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft (not yet shared)"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class RecoveryPlan(ClientOwned, models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="recovery_plans")
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    review_due = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # When ``plan_close`` closed it (FHIR ``CarePlan.period.end``); empty while open.
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=~Q(status="closed"),
                name="one_open_plan_per_client",
            )
        ]

    def __str__(self) -> str:
        return f"Recovery plan of {self.client}"

    @property
    def review_overdue(self) -> bool:
        return self.review_due < timezone.localdate()


# What staff write of a goal: the goal form, the service that saves it and the plan's change
# log all take these, in this order.
GOAL_FIELDS = (
    "domain",
    "statement",
    "target",
    "target_date",
    "priority",
    "status",
    "services",
    "services_note",
)
# What staff write of a step (the client adds done_at and a comment).
STEP_FIELDS = ("owner", "owner_other", "what", "due")


class Goal(ClientOwned, models.Model):
    plan = models.ForeignKey(RecoveryPlan, on_delete=models.PROTECT, related_name="goals")
    client_field = "plan__client"  # whose events: the plan's client
    domain = models.CharField("Life domain", max_length=30, choices=GoalDomain.choices)
    statement = models.TextField(
        "The goal, in the client's own words",
        max_length=1000,
    )
    target = models.CharField(
        "Measurable target",
        max_length=300,
        blank=True,
        help_text="How you will both know it is reached, e.g. “three meetings a week”.",
    )
    target_date = models.DateField(null=True, blank=True)
    priority = models.CharField(
        max_length=10, choices=GoalPriority.choices, default=GoalPriority.MEDIUM
    )
    status = models.CharField(
        max_length=15, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    services = models.JSONField(
        "Services that serve it", default=list, blank=True, help_text="GoalService values."
    )
    services_note = models.CharField("Other services", max_length=300, blank=True)
    intake_need = models.ForeignKey(
        "clients.IntakeNeed",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The intake need this goal took over.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.statement[:80]

    @property
    def priority_words(self) -> str:
        """The priority as it was entered: an intake need's ("Urgent") while the goal keeps the
        priority it took from that need, otherwise the goal's own ("High")."""
        need = self.intake_need
        if need is not None and PRIORITY_FROM_NEED.get(need.priority, "low") == self.priority:
            return need.get_priority_display()
        return self.get_priority_display()

    def services_display(self) -> list[str]:
        labels = dict(GoalService.choices)
        shown = [labels.get(s, s) for s in self.services if s != GoalService.OTHER]
        if self.services_note:
            shown.append(self.services_note)
        return shown


class ActionStep(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="steps")
    owner = models.CharField(
        "Who", max_length=15, choices=StepOwner.choices, default=StepOwner.CLIENT
    )
    owner_other = models.CharField("Who else", max_length=120, blank=True)
    what = models.CharField("What", max_length=500)
    due = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client_comment = models.TextField("Comment", max_length=1000, blank=True)
    client_comment_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def owner_display(self) -> str:
        if self.owner == StepOwner.OTHER and self.owner_other:
            return self.owner_other
        return self.get_owner_display()


class Barrier(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="barriers")
    description = models.CharField("What might get in the way", max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:80]


class Strategy(models.Model):
    barrier = models.ForeignKey(Barrier, on_delete=models.PROTECT, related_name="strategies")
    description = models.CharField("What will help", max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.description[:80]


class PlanVersion(models.Model):
    """The whole plan frozen at one moment (``snapshot``: plan, goals, steps, barriers,
    strategies as plain data). Append-only in the database."""

    class Reason(models.TextChoices):
        FIRST = "first", "First shared with the client"
        REVISED = "revised", "Revised at a review"

    plan = models.ForeignKey(RecoveryPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    reason = models.CharField(max_length=10, choices=Reason.choices)
    summary = models.TextField(blank=True)
    snapshot = models.JSONField()
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_number_per_plan_version")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"


class PlanReview(models.Model):
    """A review: progress per goal (``progress``: list of {goal, statement, status, note}),
    and whether the plan was kept or revised (then ``version`` is the new version)."""

    class Outcome(models.TextChoices):
        KEPT = "kept", "Plan kept as it is"
        REVISED = "revised", "Plan revised (a new version)"

    plan = models.ForeignKey(RecoveryPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    summary = models.TextField(blank=True)
    progress = models.JSONField(default=list)
    next_review = models.DateField()
    version = models.ForeignKey(
        PlanVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_at", "-id"]

    def __str__(self) -> str:
        return f"Review of {self.reviewed_at:%Y-%m-%d}"


class PlanAcknowledgement(models.Model):
    """The client read this version of their plan in the portal and said so."""

    version = models.OneToOneField(
        PlanVersion, on_delete=models.PROTECT, related_name="acknowledgement"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Acknowledged {self.acknowledged_at:%Y-%m-%d}"
