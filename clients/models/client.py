from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recovery_portal.audit.owned import ClientOwned


class Program(models.Model):
    """A program or location of the organization (e.g. "Outpatient — Eastside")."""

    name = models.CharField(max_length=120, unique=True)
    location = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClientStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    INTAKE = "intake", "Intake"
    ACTIVE = "active", "Active"
    AFTERCARE = "aftercare", "Aftercare"
    DISCHARGED = "discharged", "Discharged"
    CLOSED = "closed", "Closed"


# Which status may follow which. Discharged and closed records can be reopened (people come
# back, and that is welcome), but only into intake, so the record is reviewed first.
STATUS_TRANSITIONS: dict[str, set[str]] = {
    ClientStatus.REFERRED: {ClientStatus.INTAKE, ClientStatus.CLOSED},
    ClientStatus.INTAKE: {ClientStatus.ACTIVE, ClientStatus.CLOSED},
    ClientStatus.ACTIVE: {ClientStatus.AFTERCARE, ClientStatus.DISCHARGED, ClientStatus.CLOSED},
    ClientStatus.AFTERCARE: {ClientStatus.ACTIVE, ClientStatus.DISCHARGED, ClientStatus.CLOSED},
    # A discharged record is closed when the program's work with the person ends (retention
    # counts from closing), or reopened at intake for a new episode.
    ClientStatus.DISCHARGED: {ClientStatus.INTAKE, ClientStatus.CLOSED},
    ClientStatus.CLOSED: {ClientStatus.INTAKE},
}
# What a client may change themselves, in the portal: how they are called and reached. Legal
# names and everything else stay with staff.
SELF_SERVICE_FIELDS = (
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "address",
    "city",
    "state",
    "postal_code",
)


# Records still being served (groups offer enrollment to these; discharged and closed are not).
OPEN_STATUSES = (
    ClientStatus.REFERRED,
    ClientStatus.INTAKE,
    ClientStatus.ACTIVE,
    ClientStatus.AFTERCARE,
)


class Client(models.Model):
    """A person the organization supports. Discharged or closed, never deleted — until, years
    after closing, an administrator approves the record's destruction under the retention
    policy (``clients.services.retention``, ``clients.services.destruction``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="client_record",
        help_text="Set when the client accepts their portal invitation.",
    )
    legal_first_name = models.CharField("legal first name", max_length=100)
    legal_last_name = models.CharField("legal last name", max_length=100)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="The name they like to be called."
    )
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=40, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    preferred_language = models.CharField(max_length=60, default="English")
    status = models.CharField(
        max_length=20, choices=ClientStatus.choices, default=ClientStatus.REFERRED
    )
    recovery_start_date = models.DateField(null=True, blank=True)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="clients"
    )
    referral_source = models.CharField(max_length=200, blank=True)
    housing_status = models.CharField(max_length=100, blank=True)
    employment_status = models.CharField(max_length=100, blank=True)
    # Short staff-facing flags, e.g. ["recent overdose", "no phone"]: a list of strings.
    risk_flags = models.JSONField(default=list, blank=True)
    # A legal hold (litigation, an investigation, a records request under way): the record may
    # not be destroyed while it lasts, whatever its age. The flag sits on the row the
    # destruction locks; who placed it, why and when are in ``legal_holds`` (models/retention.py).
    legal_hold = models.BooleanField(
        "under legal hold",
        default=False,
        db_default=False,  # old code still serving during an upgrade inserts without it
        editable=False,
        help_text="Set and cleared by placing and lifting a hold, never edited directly.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The latest moment of contact from every app's ``contact_sources`` (a completed appointment,
    # a progress note's contact date, a follow-up try that reached them, a group session they
    # attended), kept by the services that record contact (clients/services/contact.py), so
    # "no contact for 30 days" is an index range, not a search through every source.
    last_contact_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_last_name", "legal_first_name", "id"]
        indexes = [
            models.Index(fields=["legal_last_name", "legal_first_name"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["status"]),
            models.Index(fields=["last_contact_at"], name="client_last_contact"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def audit_label(self) -> str:
        """The record in the audit trail: its number, never the name (the trail outlives the
        record)."""
        return f"client record {self.pk}"

    @property
    def services_ended(self) -> bool:
        """Closed: the client keeps what the right of access gives them (their record, what
        has been shared, who has seen it, a copy of it) and the crisis lines; check-ins, "Talk
        to someone now", appointment requests, calendar links and group enrollments end
        (README, "What a closed record leaves the client"). A discharged client keeps
        everything (aftercare needs it). The one test every client page that must refuse asks
        (``clients.views.closed.open_record_required``)."""
        return self.status == ClientStatus.CLOSED

    @property
    def is_open(self) -> bool:
        """Still being served (not discharged or closed)."""
        return self.status in OPEN_STATUSES

    @property
    def display_name(self) -> str:
        """The name to use with and about the person: their preferred name first."""
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}".strip()

    @property
    def short_name(self) -> str:
        """First name and last initial, "Jamie R.": peer group rosters, staff calendar titles."""
        first = self.preferred_name or self.legal_first_name
        last = self.legal_last_name.strip()
        return f"{first} {last[0]}." if last else first

    @property
    def legal_name(self) -> str:
        return f"{self.legal_first_name} {self.legal_last_name}".strip()

    @property
    def audit_client_id(self) -> int:
        return self.pk


class ClientStatusChange(ClientOwned, models.Model):
    """Each change of a client's status, with who, when and why. Never edited."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ClientStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ClientStatus.choices)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


class CaseAssignment(ClientOwned, models.Model):
    """A case manager's responsibility for a client, with its history (start and end).

    Lives in the clients app, not casework: every app's scope ("a case manager sees only their
    caseload") is derived from it, and clients must not import casework (docs/architecture.md §1).
    """

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="assignments")
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments"
    )
    is_primary = models.BooleanField(default=True)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(is_primary=True, ended_at__isnull=True),
                name="one_open_primary_assignment_per_client",
            ),
            models.UniqueConstraint(
                fields=["client", "case_manager"],
                condition=Q(ended_at__isnull=True),
                name="one_open_assignment_per_case_manager",
            ),
        ]
        indexes = [
            models.Index(
                fields=["case_manager", "client"],
                condition=Q(ended_at__isnull=True),
                name="open_assignment_by_manager",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_manager} → {self.client}"
