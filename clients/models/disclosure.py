"""The disclosure ledger: information that left the portal, under a consent
(``clients.models.consent``) or on a basis 42 CFR Part 2 permits without one, and the requests
that the client's accounting leave a disclosure out for a while (HIPAA 164.528(a)(2)).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clients.models.client import Client
from clients.models.consent import Consent, InformationKind, Purpose
from recovery_portal.audit.owned import ClientOwned


class DisclosureChannel(models.TextChoices):
    REFERRAL = "referral", "Referral to a provider"
    MESSAGE = "message", "Message or call to a support contact"
    EXPORT = "export", "Records export or copy"
    OTHER = "other", "Other"


class LegalBasis(models.TextChoices):
    """Why information could leave: the client's consent, or what Part 2 permits without it."""

    CONSENT = "consent", "Under the client's written consent"
    RIGHT_OF_ACCESS = "right_of_access", "To the client (their right of access)"
    MEDICAL_EMERGENCY = "medical_emergency", "Medical emergency (42 CFR 2.51)"
    COURT_ORDER = "court_order", "Court order (42 CFR part 2, subpart E)"
    AUDIT_EVALUATION = "audit_evaluation", "Audit or evaluation (42 CFR 2.53)"


WITHOUT_CONSENT = (
    LegalBasis.MEDICAL_EMERGENCY,
    LegalBasis.COURT_ORDER,
    LegalBasis.AUDIT_EVALUATION,
)
# HIPAA 164.528(a)(2): the disclosures whose accounting the recipient may ask to suspend.
# Under Part 2 information reaches a health oversight agency through an audit or evaluation
# (§2.53) and law enforcement only through a court order (subpart E).
SUSPENDABLE = (LegalBasis.AUDIT_EVALUATION, LegalBasis.COURT_ORDER)


class Disclosure(ClientOwned, models.Model):
    """Information that left the portal: to whom, when, what, why, and on what legal basis (a
    consent, or a disclosure Part 2 permits without one). Never edited."""

    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="disclosures"
    )
    legal_basis = models.CharField(
        max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="disclosures")
    recipient_name = models.CharField("to whom", max_length=200)
    recipient_key = models.CharField(max_length=120)
    information_kinds = models.JSONField(default=list)
    description = models.TextField("what was shared")
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    purpose_detail = models.CharField("why", max_length=300, blank=True)
    channel = models.CharField(
        max_length=20, choices=DisclosureChannel.choices, default=DisclosureChannel.OTHER
    )
    disclosed_at = models.DateTimeField("when", default=timezone.now)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When it was written in the ledger (a disclosure may be logged after it was made).
    recorded_at = models.DateTimeField(default=timezone.now)
    # Staff confirmed that the event an event-only consent ends on had not happened.
    event_confirmed = models.BooleanField(default=False)
    # §2.51(c): the medical personnel's affiliation with a health care facility.
    recipient_affiliation = models.CharField("affiliation", max_length=200, blank=True)
    emergency_nature = models.TextField("nature of the emergency", blank=True)
    # The court order (court, case number, date) or the audit or evaluation (who, under which
    # agreement) the disclosure was made under.
    basis_reference = models.CharField("order or agreement", max_length=300, blank=True)
    # HIPAA 164.528(b)(2)(ii): the recipient's address, if known.
    recipient_address = models.CharField(
        "their address", max_length=300, blank=True, default="", db_default=""
    )
    # HIPAA 164.528(a)(2): a health oversight agency or law enforcement official may ask that
    # the client's accounting leave this disclosure out for a while. Until then the client's
    # pages and every copy of the record leave it out; staff see it marked. The latest of its
    # ``suspensions`` (each kept, never edited) sets this date.
    accounting_suspended_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-disclosed_at", "-id"]
        indexes = [models.Index(fields=["client", "-disclosed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(legal_basis="consent") & Q(consent__isnull=False))
                | (~Q(legal_basis="consent") & Q(consent__isnull=True)),
                name="disclosure_consent_matches_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"Shared with {self.recipient_name} on {self.disclosed_at:%Y-%m-%d}"

    @property
    def information_labels(self) -> list[str]:
        return [InformationKind(k).label for k in self.information_kinds if k in InformationKind]

    @property
    def basis_label(self) -> str:
        return LegalBasis(self.legal_basis).label

    def accounting_suspended_on(self, day) -> bool:
        until = self.accounting_suspended_until
        return until is not None and until >= day

    @property
    def accounting_suspended(self) -> bool:
        return self.accounting_suspended_on(timezone.localdate())


class SuspendingAuthority(models.TextChoices):
    """Who may ask for a suspension of the accounting (HIPAA 164.528(a)(2), §164.512(d), (f))."""

    HEALTH_OVERSIGHT = "health_oversight", "A health oversight agency (45 CFR 164.501)"
    LAW_ENFORCEMENT = "law_enforcement", "A law enforcement official"


class AccountingSuspension(ClientOwned, models.Model):
    """A request that the client's accounting leave ``disclosure`` out until ``until``
    (HIPAA 164.528(a)(2)): who asked, in writing or orally and when, and their statement.
    Kept as made (the documentation §164.528(a)(2)(ii)(A) asks for); never edited."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="suspensions")
    client_field = "disclosure__client"  # whose events: the disclosure's client
    authority = models.CharField("who they are", max_length=20, choices=SuspendingAuthority.choices)
    requested_by = models.CharField("agency or official, and who spoke or wrote", max_length=200)
    in_writing = models.BooleanField()
    stated_on = models.DateField("date of their statement")
    statement = models.TextField("their statement")
    until = models.DateField("left out until")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Accounting suspended until {self.until:%Y-%m-%d}"
