from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clients.models.client import Client
from recovery_portal.audit.owned import ClientOwned


class IntakeStep(models.TextChoices):
    """The steps of the intake, in order; each saved step's answers are kept under its key in
    ``Intake.sections``. Their forms are in ``clients.forms.intake``."""

    IDENTITY = "identity", "Identity and contact"
    SUBSTANCE_USE = "substance_use", "Substance-use history"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    MENTAL_HEALTH = "mental_health", "Mental health"
    HOUSING = "housing", "Housing"
    EMPLOYMENT_EDUCATION = "employment_education", "Employment and education"
    LEGAL = "legal", "Legal"
    FAMILY_SOCIAL = "family_social", "Family and social support"
    STRENGTHS = "strengths", "Strengths, goals and needs"
    SCREENINGS = "screenings", "Screenings"


# Answers of the housing and employment steps; the intake copies the label into the record.
HOUSING_CHOICES = [
    ("own_or_rent", "Own or rent"),
    ("family_friends", "Staying with family or friends"),
    ("recovery_residence", "Recovery residence / sober living"),
    ("shelter", "Shelter or transitional housing"),
    ("unsheltered", "Unsheltered"),
    ("institution", "Treatment facility, hospital or jail"),
    ("other", "Other"),
]
EMPLOYMENT_CHOICES = [
    ("full_time", "Working full time"),
    ("part_time", "Working part time"),
    ("unemployed_looking", "Unemployed, looking for work"),
    ("unemployed_not_looking", "Unemployed, not looking"),
    ("student", "Student"),
    ("disability", "On disability"),
    ("retired", "Retired"),
]


class IntakeStatus(models.TextChoices):
    DRAFT = "draft", "Draft (in progress)"
    COMPLETE = "complete", "Complete"


class Intake(ClientOwned, models.Model):
    """The structured intake across life domains, filled in step by step.

    Each step's answers are kept under its key in ``sections`` (``IntakeStep``)
    as soon as the step is saved, so an intake can be left and resumed. A client has at most
    one draft at a time; a person who comes back later gets a new intake, the old one kept.
    """

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="intakes")
    status = models.CharField(
        max_length=20, choices=IntakeStatus.choices, default=IntakeStatus.DRAFT
    )
    sections = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status="draft"),
                name="one_draft_intake_per_client",
            )
        ]

    def __str__(self) -> str:
        return f"Intake of {self.client} ({self.get_status_display().lower()})"

    @property
    def is_draft(self) -> bool:
        return self.status == IntakeStatus.DRAFT


class LifeDomain(models.TextChoices):
    """Life domains shared by intake needs and (later) recovery plan goals."""

    SUBSTANCE_USE = "substance_use", "Substance use"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    MENTAL_HEALTH = "mental_health", "Mental health"
    HOUSING = "housing", "Housing"
    EMPLOYMENT_EDUCATION = "employment_education", "Employment and education"
    LEGAL = "legal", "Legal"
    FAMILY_SOCIAL = "family_social", "Family and social support"
    FINANCES = "finances", "Money and benefits"
    TRANSPORTATION = "transportation", "Transportation"
    OTHER = "other", "Other"


class NeedPriority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    SOON = "soon", "Soon"
    LATER = "later", "Later"


class IntakeNeed(ClientOwned, models.Model):
    """A need named at intake, kept as a structured item so a recovery plan can take it over
    (``clients.selectors.intake_needs_of``; the plan sets ``taken_up_at``)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="intake_needs")
    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="needs")
    domain = models.CharField(max_length=30, choices=LifeDomain.choices)
    description = models.CharField(max_length=300)
    priority = models.CharField(
        max_length=10, choices=NeedPriority.choices, default=NeedPriority.SOON
    )
    created_at = models.DateTimeField(default=timezone.now)
    taken_up_at = models.DateTimeField(
        null=True, blank=True, help_text="When a recovery plan took this need over."
    )

    class Meta:
        ordering = ["intake_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.description}"
