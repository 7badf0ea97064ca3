"""A peer group and its recurring schedule."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from groups.meeting_guide.spec import meeting_types
from recovery_portal.accounts.models import validate_time_zone
from recovery_portal.timezones import readable_time_zone


class Fellowship(models.TextChoices):
    AA = "aa", "Alcoholics Anonymous (AA)"
    NA = "na", "Narcotics Anonymous (NA)"
    CA = "ca", "Cocaine Anonymous (CA)"
    SMART = "smart", "SMART Recovery"
    DHARMA = "dharma", "Recovery Dharma"
    CELEBRATE = "celebrate", "Celebrate Recovery"
    FAMILY = "family", "Al-Anon / Nar-Anon (for families)"
    PEER = "peer", "In-house peer support"
    SKILLS = "skills", "Skills group (e.g. CBT skills)"
    FAMILY_EDUCATION = "family_education", "Family education"
    OTHER = "other", "Other"


class Audience(models.TextChoices):
    CLIENTS = "clients", "Clients"
    FAMILIES = "families", "Families and friends"
    PUBLIC = "public", "Anyone"


# Fellowships whose meetings meeting apps (Meeting Guide, TSML) list: a group of one of these
# kinds that has Meeting Guide types is listed there unless staff say otherwise.
MEETING_APP_FELLOWSHIPS = frozenset(
    {Fellowship.AA, Fellowship.NA, Fellowship.CA, Fellowship.FAMILY}
)
DIAL_IN = RegexValidator(
    r"^\+?[0-9 ()\-.]*[0-9][0-9 ()\-.]*(?:[,*#][0-9,*#]*)?$",
    "A phone number, then if needed , * or # and the meeting's digits, e.g. +15551234567,,123#",
)


def validate_meeting_types(value) -> None:
    if not isinstance(value, list):
        raise ValidationError("Meeting types must be a list of codes.")
    unknown = sorted(set(value) - set(meeting_types()))
    if unknown:
        raise ValidationError(f"Not Meeting Guide type codes: {', '.join(unknown)}.")


class PeerGroup(models.Model):
    """A recurring meeting the organization runs or hosts. Never deleted: made inactive."""

    name = models.CharField(max_length=120)
    # Stable: the public page, the Meeting Guide feed and people's bookmarks use it.
    slug = models.SlugField(max_length=64, unique=True)
    kind = models.CharField("fellowship or kind", max_length=20, choices=Fellowship.choices)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.CLIENTS)
    description = models.TextField(blank=True)
    types = models.JSONField(
        "meeting types",
        default=list,
        blank=True,
        validators=[validate_meeting_types],
        help_text="Codes from the Meeting Guide list, e.g. O (open), C (closed), W (women).",
    )
    location_name = models.CharField("place", max_length=120, blank=True)
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=40, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    room = models.CharField(max_length=80, blank=True)
    location_notes = models.CharField(max_length=300, blank=True)
    online_url = models.URLField("online link", blank=True)
    online_notes = models.CharField(max_length=200, blank=True, help_text="e.g. a passcode.")
    dial_in = models.CharField(
        "dial-in number",
        max_length=40,
        blank=True,
        validators=[DIAL_IN],
        help_text="e.g. +15551234567, or +15551234567,,123456# to dial straight into the meeting.",
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_groups", blank=True
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave empty for no limit."
    )
    is_public = models.BooleanField(
        "listed publicly",
        default=False,
        help_text="Shown in the public meeting finder. Never for a group for clients only.",
    )
    in_meeting_apps = models.BooleanField(
        "listed in meeting apps",
        default=False,
        db_default=False,
        help_text="In the Meeting Guide feed that meeting apps read (AA's Meeting Guide, TSML). "
        "Usually yes for AA, NA, CA and Al-Anon meetings listed publicly, no for in-house groups.",
    )
    self_enroll = models.BooleanField(
        "clients may join from the portal", default=False, help_text="An open group."
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="peergroup_capacity_positive",
            ),
            # Private stays private: a group for clients only is never listed publicly.
            models.CheckConstraint(
                condition=~Q(audience=Audience.CLIENTS) | Q(is_public=False),
                name="peergroup_clients_only_not_public",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.is_public and self.audience == Audience.CLIENTS:
            raise ValidationError(
                {
                    "is_public": "A group for clients only cannot be listed publicly: its members "
                    "and its link stay private. Choose another audience, or leave it unlisted."
                }
            )
        if self.is_public and not (self.address or self.online_url or self.dial_in):
            raise ValidationError(
                "A public meeting needs an address, an online link or a dial-in number."
            )
        if self.in_meeting_apps and not self.is_public:
            raise ValidationError(
                {"in_meeting_apps": "Only a group listed publicly can be listed in meeting apps."}
            )
        if self.in_meeting_apps and not self.is_in_person and not self.shares_joining_details:
            raise ValidationError(
                {
                    "in_meeting_apps": "An online meeting is listed in meeting apps with its "
                    "link, which is published only for meetings open to anyone."
                }
            )

    def listed_in_meeting_apps_by_rule(self) -> bool:
        """The usual answer: yes for a public AA, NA, CA or Al-Anon meeting with Meeting Guide
        types (and, online only, open to anyone); no for in-house groups and the rest."""
        return bool(
            self.is_public
            and self.kind in MEETING_APP_FELLOWSHIPS
            and self.types
            and (self.is_in_person or self.shares_joining_details)
        )

    @property
    def shares_joining_details(self) -> bool:
        """Whether public pages, the .ics and the feed may carry the online link, its notes (a
        passcode) and the dial-in: only for a public group open to anyone."""
        return self.is_public and self.audience == Audience.PUBLIC

    @property
    def is_online(self) -> bool:
        return bool(self.online_url or self.dial_in)

    @property
    def is_in_person(self) -> bool:
        return bool(self.address)

    @property
    def place(self) -> str:
        parts = [self.location_name, self.address, self.city]
        return ", ".join(p for p in parts if p)

    def type_names(self) -> list[str]:
        names = meeting_types()
        return [names.get(code, code) for code in self.types]


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    BIWEEKLY = "biweekly", "Every other week"
    MONTHLY = "monthly", "One weekday of the month (e.g. the first Monday)"


WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
NTH_CHOICES = [(1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth"), (5, "Fifth"), (-1, "Last")]


class Schedule(models.Model):
    """When a group meets, as wall-clock time in its own time zone (so 7 pm stays 7 pm across
    daylight-saving changes). Sessions are made from it by ``services.sessions_generate``."""

    group = models.OneToOneField(PeerGroup, on_delete=models.CASCADE, related_name="schedule")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    # Python's weekday numbers (0 = Monday); the Meeting Guide feed converts to 0 = Sunday.
    weekdays = models.JSONField(default=list)
    nth = models.SmallIntegerField(
        "which one of the month", null=True, blank=True, choices=NTH_CHOICES
    )
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    time_zone = models.CharField(
        max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="schedule_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(frequency="monthly") | Q(nth__isnull=False),
                name="schedule_monthly_has_nth",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=24 * 60),
                name="schedule_duration_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"Schedule of {self.group}"

    def clean(self):
        days = self.weekdays if isinstance(self.weekdays, list) else []
        if not days or any(d not in range(7) for d in days):
            raise ValidationError({"weekdays": "Choose at least one day of the week."})
        if self.frequency == Frequency.MONTHLY:
            if self.nth is None:
                raise ValidationError({"nth": "Say which weekday of the month (e.g. first)."})
            if len(days) != 1:
                raise ValidationError({"weekdays": "A monthly meeting is on one day of the week."})
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date is before the start date."})

    @property
    def zone_name(self) -> str:
        """The time zone as people say it: "Eastern Time", not "America/New_York"."""
        return readable_time_zone(self.time_zone)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def end_time(self) -> dt.time:
        start = dt.datetime.combine(dt.date(2000, 1, 1), self.start_time)
        return (start + dt.timedelta(minutes=self.duration_minutes)).time()

    def describe(self) -> str:
        names = dict(WEEKDAYS)
        days = ", ".join(names[d] + "s" for d in sorted(self.weekdays))
        clock = self.start_time.strftime("%I:%M %p").lstrip("0").lower()
        if self.frequency == Frequency.WEEKLY:
            return f"{days} at {clock}"
        if self.frequency == Frequency.BIWEEKLY:
            return f"Every other week on {days} at {clock}"
        which = dict(NTH_CHOICES).get(self.nth, "").lower()
        day = names[self.weekdays[0]] if self.weekdays else ""
        return f"The {which} {day} of the month at {clock}"
