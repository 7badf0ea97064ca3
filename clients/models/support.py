"""The people around a client: family, friends, a sponsor, peers. Nothing about the client goes
to them without a consent that covers it (see clients.selectors.covering_consent)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from clients.models.client import Client
from recovery_portal.audit.owned import ClientOwned


class RelationshipKind(models.TextChoices):
    FAMILY = "family", "Family"
    FRIEND = "friend", "Friend"
    SPONSOR = "sponsor", "Sponsor"
    PEER = "peer", "Peer in recovery"
    OTHER = "other", "Other"


# Support for relatives of a person in recovery, shown beside family contacts.
FAMILY_SUPPORT_LINKS = [
    ("Al-Anon Family Groups", "https://al-anon.org/"),
    ("Nar-Anon Family Groups", "https://www.nar-anon.org/"),
    (
        "SAMHSA's National Helpline (free, confidential, 24/7): 1-800-662-4357",
        "https://www.samhsa.gov/find-help/helplines/national-helpline",
    ),
]

# The fields of a contact that the client (or staff) fill in.
SUPPORT_CONTACT_FIELDS = (
    "name",
    "kind",
    "relationship",
    "phone",
    "email",
    "may_contact",
    "contact_about",
    "notes",
)


class SupportContact(ClientOwned, models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="support_contacts")
    name = models.CharField(max_length=200)
    kind = models.CharField("kind of relationship", max_length=20, choices=RelationshipKind.choices)
    relationship = models.CharField(
        max_length=100, blank=True, help_text='In your words, e.g. "sister" or "AA sponsor".'
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    may_contact = models.BooleanField(
        "staff may contact this person",
        default=False,
        help_text="Staff contact them only about what a signed consent covers.",
    )
    contact_about = models.CharField(
        "what they may be contacted about",
        max_length=300,
        blank=True,
        help_text='e.g. "if I miss two meetings in a row".',
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Removed contacts are kept (consents and disclosures point at them), hidden from lists.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def recipient_key(self) -> str:
        return f"clients.supportcontact:{self.pk}"

    # Consents name their recipients by key; a support contact also belongs to the class
    # "people in my support network".
    @property
    def disclosure_recipient_keys(self) -> list[str]:
        return [self.recipient_key, "class:support_network"]

    @property
    def is_family(self) -> bool:
        return self.kind == RelationshipKind.FAMILY
