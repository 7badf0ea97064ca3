"""42 CFR Part 2 consents (as revised in 2024); the disclosures made under them are in
``clients.models.disclosure``.

A consent names every element §2.31(a) requires: the client, who may disclose, a specific
description of the information, the recipients (by name or class), the purpose, the right to
revoke and how, an expiry (date, event or condition), the signature and the date signed. It is
asked for ("awaiting signature") before it is signed; only a signed, unrevoked, unexpired
consent covers a disclosure (see ``clients.selectors.covering_consent``).
"""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clients.models.client import Client
from recovery_portal.audit.owned import ClientOwned


class InformationKind(models.TextChoices):
    """What a consent lets go out. ``whole_record`` covers every other kind."""

    ATTENDANCE = "attendance", "Whether I attend meetings and appointments"
    PROGRESS = "progress", "How I am doing in the program (general progress)"
    PLAN = "plan", "My recovery plan and goals"
    APPOINTMENTS = "appointments", "My appointments and referrals"
    CONTACT = "contact", "My contact details"
    ASSESSMENTS = "assessments", "My intake and screening results"
    WHOLE_RECORD = "whole_record", "My whole record, including substance use information"


class Purpose(models.TextChoices):
    AT_MY_REQUEST = "at_my_request", "At my request"
    CARE_COORDINATION = "care_coordination", "Coordinating my care and services"
    REFERRAL = "referral", "Making and following up a referral"
    SUPPORT = "support", "Keeping people who support me informed"
    TREATMENT = "treatment", "Treatment, payment and health care operations"
    OTHER = "other", "Other (described below)"


class RecipientClass(models.TextChoices):
    """General designations of recipients (§2.31(a)(4)) other apps can match against."""

    REFERRAL_PROVIDERS = "referral_providers", "Providers I am referred to by my case manager"
    TREATMENT_PROVIDERS = "treatment_providers", "My treating providers"
    SUPPORT_NETWORK = "support_network", "People in my support network"


class SignatureMethod(models.TextChoices):
    PORTAL = "portal", "Signed in the portal"
    PAPER = "paper", "Signed on paper (scan attached)"


class ConsentState(models.TextChoices):
    AWAITING = "awaiting", "Waiting for signature"
    ACTIVE = "active", "Signed and in effect"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"
    ENDED = "ended", "Ended (the event it ends on happened)"


class ExpiryEvent(models.TextChoices):
    """Events a consent may end on. The portal knows when a client leaves the program (their
    record is discharged or closed) and ends such consents itself; any other event is one
    staff record when it happens."""

    LEAVES_PROGRAM = "leaves_program", "When I leave the program (discharge or closed record)"
    OTHER = "other", "Another event or condition (described)"


LEAVES_PROGRAM_TEXT = "when I leave the program"


DEFAULT_REVOCATION_STATEMENT = (
    "You may revoke (cancel) this consent at any time, except for information already shared "
    'because of it. To revoke it, choose "Revoke" next to it under My recovery → My consents, '
    "or tell your case manager in writing; it stops at once."
)

SCAN_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg")
SCAN_MAX_BYTES = 10 * 1024 * 1024


def consent_scan_path(instance: Consent, filename: str) -> str:
    """Scans live under MEDIA_ROOT with a random name (never the uploaded one)."""
    suffix = PurePath(filename).suffix.lower()
    return f"consents/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{suffix}"


def _blank(value) -> bool:
    return not str(value or "").strip()


class Consent(ClientOwned, models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents")
    # The client's name as written on the consent (names change; the consent does not).
    client_name = models.CharField("client's name", max_length=200)
    discloser = models.CharField(
        "who may disclose",
        max_length=200,
        help_text="The program or person allowed to share the information.",
    )
    information_kinds = models.JSONField(
        "kinds of information", default=list, help_text="Which kinds of information it covers."
    )
    information_description = models.TextField(
        "description of the information",
        help_text='A specific description, e.g. "attendance at group meetings since March".',
    )
    recipient_name = models.CharField(
        "recipients",
        max_length=200,
        help_text="Who may receive it: a name (a person or organization) or a class of people.",
    )
    # What other apps match against: "clients.supportcontact:5", "class:referral_providers",
    # "name:dana-rivers". Built by the service from the recipient chosen.
    recipient_key = models.CharField(max_length=120, db_index=True)
    recipient_contact = models.ForeignKey(
        "clients.SupportContact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
    )
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    purpose_detail = models.TextField("purpose, in words", blank=True)
    revocation_statement = models.TextField(
        "the right to revoke, and how", default=DEFAULT_REVOCATION_STATEMENT
    )
    expires_on = models.DateField("expires on", null=True, blank=True)
    expiry_event = models.CharField(
        "or expires when",
        max_length=200,
        blank=True,
        help_text='An event or condition, e.g. "when I leave the program".',
    )
    expiry_event_kind = models.CharField(max_length=20, choices=ExpiryEvent.choices, blank=True)
    # When the event it ends on happened: set at discharge or closing for "leaves the
    # program", or by staff for another event. From then on it covers nothing.
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_note = models.CharField(max_length=200, blank=True)
    # The statements §2.31 requires beyond the elements above (redisclosure, refusing to sign,
    # HIPAA redisclosure for treatment, payment and operations), word for word as shown when
    # it was signed: the wording in clients.part2 may change, what the client agreed to not.
    statements = models.TextField("statements shown at signing", blank=True)
    # A client under 18 at signing: the parent's or guardian's signature (§2.14), where the
    # organization's setting says state law requires it.
    guardian_name = models.CharField("parent or guardian's signature", max_length=200, blank=True)
    # Signature: typed name in the portal, or the name as signed on the paper form.
    signature_method = models.CharField(max_length=10, choices=SignatureMethod.choices)
    signature_name = models.CharField("signature", max_length=200, blank=True)
    signed_at = models.DateTimeField("date signed", null=True, blank=True)
    signed_ip = models.GenericIPAddressField(null=True, blank=True)
    scan = models.FileField(upload_to=consent_scan_path, blank=True, max_length=200)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revocation_note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "recipient_key"])]
        constraints = [
            # The database refuses a consent missing an element, whatever code tries to save it.
            models.CheckConstraint(
                condition=~Q(client_name="")
                & ~Q(discloser="")
                & ~Q(information_description="")
                & ~Q(recipient_name="")
                & ~Q(recipient_key="")
                & ~Q(purpose="")
                & ~Q(revocation_statement=""),
                name="consent_has_every_element",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=False) | ~Q(expiry_event=""),
                name="consent_has_an_expiry",
            ),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | ~Q(signature_name=""),
                name="consent_signed_with_a_name",
            ),
            models.CheckConstraint(
                condition=~Q(signature_method="paper") | (Q(signed_at__isnull=False) & ~Q(scan="")),
                name="paper_consent_has_scan_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Consent to share with {self.recipient_name}"

    # Validation of every required element, with messages people can act on ------------------
    def clean(self) -> None:
        errors: dict[str, str] = {}
        if _blank(self.client_name):
            errors["client_name"] = "Please give the client's name."
        if _blank(self.discloser):
            errors["discloser"] = "Please say who may disclose the information."
        kinds = self.information_kinds or []
        if not kinds:
            errors["information_kinds"] = "Please choose at least one kind of information."
        elif any(k not in InformationKind.values for k in kinds):
            errors["information_kinds"] = "Please choose kinds of information from the list."
        if _blank(self.information_description):
            errors["information_description"] = (
                "Please describe specifically which information may be shared."
            )
        if _blank(self.recipient_name):
            errors["recipient_name"] = (
                "Please name the recipients (a person, organization or class)."
            )
        if _blank(self.purpose) or self.purpose not in Purpose.values:
            errors["purpose"] = "Please choose the purpose of sharing."
        elif self.purpose == Purpose.OTHER and _blank(self.purpose_detail):
            errors["purpose_detail"] = "Please describe the purpose in words."
        if _blank(self.revocation_statement):
            errors["revocation_statement"] = (
                "Please keep the statement of the right to revoke and how to do it."
            )
        if self.expires_on is None and _blank(self.expiry_event):
            errors["expires_on"] = (
                "Please give an expiry date, or an event or condition that ends it."
            )
        signed_day = timezone.localdate(self.signed_at) if self.signed_at else None
        if (
            self.expires_on
            and self.expires_on < (signed_day or timezone.localdate())
            and (self._state.adding)
        ):
            errors["expires_on"] = "The expiry date must not be before the date it is signed."
        signed = self.signed_at or self.signature_method == SignatureMethod.PAPER
        if signed and _blank(self.signature_name):
            errors["signature_name"] = "Please give the signature (the client's name as signed)."
        if self.signature_method == SignatureMethod.PAPER:
            if not self.signed_at:
                errors["signed_at"] = "Please give the date the paper form was signed."
            elif self.signed_at > timezone.now():
                errors["signed_at"] = "The date signed cannot be in the future."
            if not self.scan:
                errors["scan"] = "Please attach the scan of the signed paper form."
        if errors:
            raise ValidationError(errors)

    # State --------------------------------------------------------------------------------
    def state_on(self, day=None) -> str:
        day = day or timezone.localdate()
        if self.revoked_at:
            return ConsentState.REVOKED
        if self.ended_at and timezone.localdate(self.ended_at) <= day:
            return ConsentState.ENDED
        if self.expires_on and self.expires_on < day:
            return ConsentState.EXPIRED
        if not self.signed_at:
            return ConsentState.AWAITING
        return ConsentState.ACTIVE

    def in_effect_at(self, when) -> bool:
        """Whether it covered disclosures at the moment ``when`` (signed by then, and not yet
        revoked, ended or expired): a disclosure is judged by when it was made."""
        return (
            self.signed_at is not None
            and self.signed_at <= when
            and (self.revoked_at is None or self.revoked_at > when)
            and (self.ended_at is None or self.ended_at > when)
            and (self.expires_on is None or self.expires_on >= timezone.localdate(when))
        )

    @property
    def needs_event_confirmation(self) -> bool:
        """Ends only on an event the portal cannot see: each use asks staff to confirm it has
        not happened."""
        return (
            self.expires_on is None
            and self.ended_at is None
            and self.expiry_event_kind != ExpiryEvent.LEAVES_PROGRAM
        )

    @property
    def names_a_class(self) -> bool:
        return self.recipient_key.startswith("class:")

    @property
    def state(self) -> str:
        return self.state_on()

    @property
    def state_label(self) -> str:
        return ConsentState(self.state).label

    @property
    def is_active(self) -> bool:
        return self.state == ConsentState.ACTIVE

    @property
    def information_labels(self) -> list[str]:
        return [InformationKind(k).label for k in self.information_kinds if k in InformationKind]

    @property
    def purpose_text(self) -> str:
        if self.purpose == Purpose.OTHER:
            return self.purpose_detail
        label = Purpose(self.purpose).label if self.purpose in Purpose.values else ""
        return f"{label}: {self.purpose_detail}" if self.purpose_detail else label

    @property
    def expiry_text(self) -> str:
        parts = []
        if self.expires_on:
            parts.append(f"on {self.expires_on:%B %-d, %Y}")
        if self.expiry_event:
            parts.append(
                f"when {self.expiry_event}"
                if not self.expiry_event.lower().startswith(("when", "if", "on", "at"))
                else self.expiry_event
            )
        return " or ".join(parts)


# The consented purposes a referral fits: a consent only "to keep people who support me
# informed", for a purpose described in words, or "at my request" (a purpose only when the
# client starts the disclosure, §2.31(a)(5); a referral is the case manager's) does not let
# information go to a provider.
REFERRAL_PURPOSES = frozenset({Purpose.REFERRAL, Purpose.CARE_COORDINATION, Purpose.TREATMENT})
