"""Client check-ins from the portal, the alerts worrying answers raise, the 'Talk to someone
now' requests and the on-call rota that answers them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from aftercare.models.answer import answered_or_not_given, not_given_field
from clients.models import Client
from recovery_portal.audit.owned import ClientOwned


class Frequency(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Once a week"


class ClientSettings(ClientOwned, models.Model):
    """What the client chose for their check-ins and their count of days in recovery.

    ``count_from`` overrides the record's recovery start date when the client restarts the
    count (no reason asked, nothing judged); ``count_hidden`` hides the count everywhere."""

    client = models.OneToOneField(
        Client, on_delete=models.PROTECT, related_name="aftercare_settings"
    )
    checkin_frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    count_from = models.DateField(null=True, blank=True)
    count_hidden = models.BooleanField(default=False)
    milestone_messages = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Aftercare settings of {self.client}"

    def reminder_message(self, reminder):
        """The check-in prompt (see ``services.checkin.checkin_prompts_schedule``): nothing once
        the client has checked in since it was scheduled, or their plan ended."""
        from aftercare.models.followup import AftercarePlan, PlanStatus
        from recovery_portal.notifications.content import ReminderContent, path_of

        active = AftercarePlan.objects.filter(client_id=self.client_id, status=PlanStatus.ACTIVE)
        since = CheckIn.objects.filter(client_id=self.client_id, at__gte=reminder.created_at)
        if not active.exists() or since.exists():
            return None
        return ReminderContent(
            when=None,
            details="A minute to say how you are doing.",
            path=path_of("aftercare:my_checkins"),
            why="You get this because you chose to check in "
            f"{'every day' if self.checkin_frequency == 'daily' else 'once a week'}.",
        )


MOODS = [(1, "Very low"), (2, "Low"), (3, "Okay"), (4, "Good"), (5, "Very good")]
SLEEP = [("poor", "Poorly"), ("some", "So-so"), ("well", "Well")]


class CheckIn(ClientOwned, models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="checkins")
    at = models.DateTimeField(default=timezone.now)
    mood = models.PositiveSmallIntegerField(choices=MOODS)
    # The client may rather not say (kept as "declined", the value empty): see answer.py.
    craving = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0 (none) to 10 (very strong)"
    )
    craving_not_given = not_given_field()
    any_use = models.BooleanField(null=True, blank=True)
    any_use_not_given = not_given_field()
    sleep = models.CharField(max_length=10, choices=SLEEP)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"], name="checkin_client_at")]
        constraints = [
            models.CheckConstraint(condition=Q(craving__lte=10), name="checkin_craving_0_10"),
            models.CheckConstraint(condition=Q(mood__gte=1, mood__lte=5), name="checkin_mood_1_5"),
            answered_or_not_given("craving", "checkin_craving_answered"),
            answered_or_not_given("any_use", "checkin_any_use_answered"),
        ]

    def __str__(self) -> str:
        return f"Check-in of {self.client} ({self.at:%Y-%m-%d})"


class AlertReason(models.TextChoices):
    USE = "use", "Reported use"
    CRAVING = "craving", "Strong craving (8 or more)"
    LOW_MOOD = "low_mood", "Very low mood"
    MISSED = "missed", "Two check-ins missed"


class CheckInAlert(ClientOwned, models.Model):
    """One alert to the client's case manager: one per rule per client per day (``rule`` and
    ``day``; a later worrying check-in that day updates it to point at the latest check-in),
    or for a run of missed check-ins (once per last check-in). Alerts older than the rule
    have no ``rule`` nor ``day`` and stay as they were.

    ``escalated_at``: when nobody had marked it handled ``SAFETY_ESCALATE_MINUTES`` after it
    was raised, and it went on to the supervisors (and whoever is on call out of hours); at
    once when nobody active is responsible for the client (``recipient`` is then empty).
    ``alerted``: everyone told of it since it was last (re)opened. Each sees it on Today with
    the client's name, phone and the rule only, and may mark it handled there; it opens no
    record to them (``selectors.checkin.open_alerts_for``)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="checkin_alerts")
    checkin = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    rule = models.CharField(
        max_length=20, choices=AlertReason.choices, blank=True, default="", db_default=""
    )
    day = models.DateField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # For missed check-ins: the last check-in date before the silence (or the plan start).
    missed_since = models.DateField(null=True, blank=True)
    reasons = models.JSONField(default=list)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checkin_alerts",
    )
    alerted = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="alerted_checkin_alerts"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "missed_since"],
                condition=Q(checkin__isnull=True),
                name="one_missed_alert_per_silence",
            ),
            models.UniqueConstraint(
                fields=["client", "rule", "day"],
                condition=Q(day__isnull=False),
                name="one_alert_per_rule_per_day",
            ),
            models.CheckConstraint(
                condition=Q(checkin__isnull=False) | Q(missed_since__isnull=False),
                name="alert_has_checkin_or_missed_since",
            ),
        ]
        indexes = [
            models.Index(
                fields=["client"], condition=Q(handled_at__isnull=True), name="open_checkin_alert"
            )
        ]

    def __str__(self) -> str:
        return f"Check-in alert for {self.client} ({self.raised_at:%Y-%m-%d})"

    @property
    def reason_labels(self) -> list[str]:
        return [AlertReason(r).label for r in self.reasons if r in AlertReason.values]

    def reminder_message(self, reminder):
        from recovery_portal.notifications.content import ReminderContent, path_of

        if self.handled_at is not None:
            return None
        return ReminderContent(
            when=None,
            details="A check-in on your caseload needs a look.",
            path=path_of("home:today"),
            why="You get this because you are this person's case manager, their case "
            "manager's supervisor, or on call.",
        )


class OnCallShift(models.Model):
    """Who answers 'Talk to someone now' when (administrators keep the rota in the admin)."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="on_call_shifts"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "on-call shift"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="on_call_shift_span")]

    def __str__(self) -> str:
        return f"{self.staff} on call {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class HelpRequest(ClientOwned, models.Model):
    """A client pressed 'Talk to someone now'. The on-call staff alerted are kept, so the
    request shows on their Today and nobody else's (besides the client's own case managers).
    One open request per client: the service locks the client's row, so parallel presses
    make one. ``escalated_at`` as for ``CheckInAlert``."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="help_requests")
    at = models.DateTimeField(default=timezone.now)
    alerted = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="help_requests")
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Help request of {self.client} ({self.at:%Y-%m-%d %H:%M})"

    def reminder_message(self, reminder):
        """The message never names the client, whatever the staff member's wording setting
        (``render`` keeps urgent kinds discreet); the name and phone are on Today, behind the
        link, for the people alerted."""
        from recovery_portal.notifications.content import ReminderContent, path_of

        if self.handled_at is not None:
            return None
        phone = self.client.phone or "no phone on record"
        return ReminderContent(
            when=None,
            details=f"Urgent: {self.client.display_name} asks to talk now. Phone: {phone}.",
            path=path_of("home:today"),
            link_text="Open Today to see who and how to call",
            why="You get this because you are on call, or asked to step in.",
        )
