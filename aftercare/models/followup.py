"""The aftercare plan made at discharge, its follow-up schedule (from a template an
administrator edits), the contact attempts, and what was found at each completed follow-up."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from aftercare.models.answer import NotGiven, answered_or_not_given, not_given_field
from clients.models import Client
from recovery_portal.audit.owned import ClientOwned


class CountsFrom(models.TextChoices):
    DISCHARGE = "discharge", "Discharge date"
    INTAKE = "intake", "Intake interview date"


class FollowUpTemplate(models.Model):
    """A named schedule of follow-ups (administrators edit it in the admin), counted from the
    discharge date or from the intake interview. The default discharge one is used for new
    aftercare plans (contacts at 7, 30 and 90 days, 6 and 12 months after discharge); every
    intake-anchored one is scheduled when an intake is completed (GPRA 6-month)."""

    name = models.CharField(max_length=120, unique=True)
    is_default = models.BooleanField(default=False)
    counts_from = models.CharField(
        max_length=10,
        choices=CountsFrom.choices,
        default=CountsFrom.DISCHARGE,
        db_default=CountsFrom.DISCHARGE,
        help_text="What the months and days of its steps count from.",
    )

    class Meta:
        verbose_name = "follow-up template"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_template"
            )
        ]

    def __str__(self) -> str:
        return self.name


class FollowUpStep(models.Model):
    """One contact of a template: when it is due and the window in which it counts, each as
    months plus days after discharge (e.g. the 6-month follow-up: due at 180 days, counts from
    month 5 to month 8)."""

    template = models.ForeignKey(FollowUpTemplate, on_delete=models.CASCADE, related_name="steps")
    label = models.CharField(max_length=60, help_text='e.g. "6-month follow-up"')
    due_months = models.PositiveSmallIntegerField(default=0)
    due_days = models.PositiveSmallIntegerField(default=0)
    opens_months = models.PositiveSmallIntegerField(default=0)
    opens_days = models.PositiveSmallIntegerField(default=0)
    closes_months = models.PositiveSmallIntegerField(default=0)
    closes_days = models.PositiveSmallIntegerField(default=0)
    is_reported = models.BooleanField(
        "reported follow-up",
        default=False,
        db_default=False,
        help_text="The follow-up the organization reports to its funder: the dashboard draws "
        "the 80 % line for it (the GPRA 6-month follow-up by default). One step at most.",
    )

    class Meta:
        verbose_name = "follow-up step"
        ordering = ["template", "due_months", "due_days"]
        constraints = [
            models.UniqueConstraint(fields=["template", "label"], name="unique_step_label"),
            models.UniqueConstraint(
                fields=["is_reported"], condition=Q(is_reported=True), name="one_reported_step"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        from aftercare.windows import after

        start = timezone.localdate()
        due = after(start, months=self.due_months, days=self.due_days)
        opens = after(start, months=self.opens_months, days=self.opens_days)
        closes = after(start, months=self.closes_months, days=self.closes_days)
        if not opens <= due <= closes:
            raise ValidationError(
                "The window must open on or before the due date and close after it."
            )


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class PlanCloseReason(models.TextChoices):
    COMPLETED = "completed", "Aftercare year completed"
    WITHDREW = "withdrew", "Client chose to stop aftercare"
    TRANSFERRED = "transferred", "Transferred to another organization"
    DECEASED = "deceased", "The client died"
    RECORD_CLOSED = "record_closed", "The client's record was closed"
    OTHER = "other", "Other administrative reason"


class AftercarePlan(ClientOwned, models.Model):
    """Support after discharge from treatment: commitments, who is responsible, follow-ups.

    Baseline values are copied from the intake when the plan starts, so the outcomes report
    compares like with like even after the intake is revised. ``baseline_barc10`` is the first
    BARC-10 of the episode being discharged (shown on the record); the report works the same
    out from the screenings when it is read (``clients.selectors.episode``).
    """

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="aftercare_plans")
    discharge_date = models.DateField()
    template = models.ForeignKey(FollowUpTemplate, on_delete=models.PROTECT, related_name="+")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="aftercare_plans",
        help_text="The coach or case manager who makes the follow-up contacts.",
    )
    outpatient_therapy = models.CharField(max_length=200, blank=True)
    meetings_per_week = models.PositiveSmallIntegerField(default=0)
    recovery_coaching = models.BooleanField(default=False)
    medication = models.CharField("medication for addiction treatment", max_length=200, blank=True)
    housing_plan = models.CharField("housing", max_length=200, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    close_reason = models.CharField(max_length=20, choices=PlanCloseReason.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    baseline_barc10 = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_housing = models.CharField(max_length=40, blank=True)
    baseline_work = models.CharField(max_length=40, blank=True)
    baseline_any_use = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-discharge_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(status="active"), name="one_active_aftercare_plan"
            )
        ]

    def __str__(self) -> str:
        return f"Aftercare plan of {self.client} (discharged {self.discharge_date})"

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE


class ExclusionReason(models.Model):
    """Why a follow-up was closed without an interview. Only a reason an administrator marks
    excludable (by default only "The client died", as SAMHSA's GPRA rules allow) takes a
    follow-up out of the rate, and only when recorded before its window closed."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    excludable = models.BooleanField(
        default=False,
        help_text="Leaves the follow-up out of the rate's denominator. Mark only reasons your "
        "funder allows (SAMHSA's GPRA: the client died).",
    )

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


# The reasons every organization starts with: (code, label, excludable). The codes are those
# of PlanCloseReason, so closing a plan names its reason.
DEFAULT_REASONS = [
    (PlanCloseReason.DECEASED.value, "The client died", True),
    (PlanCloseReason.WITHDREW.value, "Client chose to stop", False),
    (PlanCloseReason.TRANSFERRED.value, "Transferred to another organization", False),
    (PlanCloseReason.COMPLETED.value, "Aftercare year completed", False),
    (PlanCloseReason.OTHER.value, "Other administrative reason", False),
]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "To do"
    COMPLETED_IN_WINDOW = "in_window", "Completed in window"
    COMPLETED_LATE = "late", "Completed after the window closed"
    UNABLE_TO_REACH = "unreached", "Unable to reach"
    DECLINED = "declined", "Declined"
    ADMINISTRATIVE = "administrative", "Closed (administrative)"


CLOSED_STATUSES = [s for s in FollowUpStatus.values if s != FollowUpStatus.OPEN]


class FollowUp(ClientOwned, models.Model):
    """One follow-up contact, with its window: of an aftercare plan (counted from discharge;
    dates move with the discharge date while it is open) or of an intake (counted from the
    intake interview, whether or not the client is ever discharged). Once closed it is
    history."""

    plan = models.ForeignKey(
        AftercarePlan, null=True, blank=True, on_delete=models.PROTECT, related_name="followups"
    )
    intake = models.ForeignKey(
        "clients.Intake", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the plan: every list of follow-ups is scoped by client.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="followups")
    step = models.ForeignKey(FollowUpStep, null=True, on_delete=models.SET_NULL, related_name="+")
    label = models.CharField(max_length=60)
    sequence = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    window_opens = models.DateField()
    window_closes = models.DateField()
    status = models.CharField(
        max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    scheduled_call_at = models.DateTimeField(
        null=True, blank=True, help_text="A call agreed with the client (they get a reminder)."
    )
    completed_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    close_note = models.CharField(max_length=300, blank=True)
    exclusion_reason = models.ForeignKey(
        ExclusionReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_date", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "sequence"], name="one_followup_per_step"),
            models.UniqueConstraint(
                fields=["intake", "sequence"],
                condition=Q(intake__isnull=False),
                name="one_intake_followup_per_step",
            ),
            models.CheckConstraint(
                condition=Q(plan__isnull=False) | Q(intake__isnull=False),
                name="followup_of_plan_or_intake",
            ),
            models.CheckConstraint(
                condition=Q(window_opens__lte=models.F("due_date"))
                & Q(due_date__lte=models.F("window_closes")),
                name="followup_due_inside_window",
            ),
        ]
        indexes = [
            models.Index(fields=["due_date"], condition=Q(status="open"), name="open_followup_due"),
            models.Index(fields=["window_closes"], name="followup_window_closes"),
        ]

    def __str__(self) -> str:
        return f"{self.label} of {self.client}"

    @property
    def is_open(self) -> bool:
        return self.status == FollowUpStatus.OPEN

    def opens_after(self, day) -> bool:
        """Whether the window is still ahead on ``day``: an interview cannot count yet."""
        return day < self.window_opens

    def reminder_message(self, reminder):
        """Rendered at send time: nothing once the follow-up or its plan is closed."""
        from aftercare.reminders import followup_message
        from recovery_portal.notifications.content import ReminderContent, path_of

        if not self.is_open:
            return None
        return followup_message(self, reminder, ReminderContent, path_of)


class ContactMethod(models.TextChoices):
    CALL = "call", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "E-mail"
    IN_PERSON = "in_person", "In person"


class ContactAttempt(ClientOwned, models.Model):
    followup = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="attempts")
    client_field = "followup__client"  # whose events: the follow-up's client
    method = models.CharField(max_length=20, choices=ContactMethod.choices)
    reached = models.BooleanField()
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} ({'reached' if self.reached else 'not reached'})"


HOUSING = [
    ("own_or_rent", "Own or rent"),
    ("family_friends", "Staying with family or friends"),
    ("recovery_residence", "Recovery residence / sober living"),
    ("shelter", "Shelter or transitional housing"),
    ("unsheltered", "Unsheltered"),
    ("institution", "Treatment facility, hospital or jail"),
    ("other", "Other"),
]
STABLE_HOUSING = ("own_or_rent", "family_friends", "recovery_residence")
WORK = [
    ("full_time", "Working full time"),
    ("part_time", "Working part time"),
    ("student", "In school or training"),
    ("unemployed_looking", "Not working, looking for work"),
    ("unemployed_not_looking", "Not working, not looking"),
    ("disability", "On disability"),
    ("retired", "Retired"),
]
WORK_OR_SCHOOL = ("full_time", "part_time", "student")
NOT_GIVEN_CHOICES = NotGiven.choices


class Outcome(ClientOwned, models.Model):
    """What a completed follow-up found. One per follow-up.

    Every answer is the client's own report: one not given is kept as such (``answer``):
    numbers and yes/no empty with ``*_not_given`` saying "declined" or "not asked", housing and
    work with those two as choices. The BARC-10 is kept item by item (``barc10_answers``: item
    key → 1–6, "declined" or "not_asked"); ``barc10_score`` is their total, only when all ten
    are answered. ``barc10_not_given``: the whole BARC-10 was declined or not asked. Outcomes
    recorded before items were kept have a total and no items."""

    followup = models.OneToOneField(FollowUp, on_delete=models.PROTECT, related_name="outcome")
    client_field = "followup__client"  # whose events: the follow-up's client
    any_use_since_last_contact = models.BooleanField(null=True, blank=True)
    any_use_since_last_contact_not_given = not_given_field()
    days_of_use_last_30 = models.PositiveSmallIntegerField(null=True, blank=True)
    days_of_use_last_30_not_given = not_given_field()
    housing = models.CharField(max_length=40, choices=HOUSING + NOT_GIVEN_CHOICES)
    work_or_school = models.CharField(max_length=40, choices=WORK + NOT_GIVEN_CHOICES)
    meetings_last_30 = models.PositiveSmallIntegerField(
        "meetings attended in the last 30 days", null=True, blank=True
    )
    meetings_last_30_not_given = not_given_field()
    barc10_answers = models.JSONField(default=dict, blank=True, db_default={})
    barc10_not_given = not_given_field()
    barc10_score = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(days_of_use_last_30__lte=30), name="outcome_days_of_use_at_most_30"
            ),
            models.CheckConstraint(
                condition=Q(barc10_score__isnull=True)
                | Q(barc10_score__gte=10, barc10_score__lte=60, barc10_not_given=""),
                name="outcome_barc10_range",
            ),
            answered_or_not_given("any_use_since_last_contact", "outcome_any_use_answered"),
            answered_or_not_given("days_of_use_last_30", "outcome_days_of_use_answered"),
            answered_or_not_given("meetings_last_30", "outcome_meetings_answered"),
        ]

    def __str__(self) -> str:
        return f"Outcome of {self.followup}"


class FollowUpNeed(ClientOwned, models.Model):
    """A need found at a follow-up: the case manager acts on it (e.g. a casework referral).

    ``referral_id`` is left for casework's Referral: the lead wires "make a referral" at merge;
    until then a need is marked as acted on by hand."""

    followup = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="needs")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="aftercare_needs")
    description = models.CharField(max_length=300)
    referral_id = models.PositiveBigIntegerField(null=True, blank=True)
    acted_on_at = models.DateTimeField(null=True, blank=True)
    acted_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.description

    @property
    def referred(self) -> bool:
        return self.referral_id is not None or self.acted_on_at is not None


def needs_too_long(needs) -> str | None:
    """What is wrong with needs found at a follow-up (one a line) that are too long to keep
    whole, or None: a need is never cut short."""
    limit = FollowUpNeed._meta.get_field("description").max_length
    for number, description in enumerate(needs, start=1):
        if len(description.strip()) > limit:
            return (
                f"The need on line {number} is {len(description.strip())} characters long; please "
                f"keep each need to {limit} characters (put more on a line of its own)."
            )
    return None
