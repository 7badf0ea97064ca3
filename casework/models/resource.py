"""The resource directory, shaped after Open Referral's Human Services Data
Specification (HSDS) 3.0 (https://docs.openreferral.org).

HSDS calls a provider an *organization* and what it offers a *service*; we call the service a
``Resource`` (the staff's word) and keep the HSDS identifiers (UUIDs) so that a file imported,
edited and exported again keeps its ids and a partner can match records. A resource has one
location (address) and one main phone here: enough for a referral. Categories are HSDS
taxonomy terms of our own declared taxonomy (docs/hsds-taxonomy.md); opening hours are HSDS
weekly schedules and languages ISO 639-1 or 639-3 codes (``casework.hsds_fields``).
``last_verified_on`` is HSDS's ``assured_date``.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from casework.hsds_fields import language_label, schedule_line


class Organization(models.Model):
    hsds_id = models.UUIDField("HSDS id", default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "provider organization"
        permissions = [("manage_directory", "Can import and export the resource directory")]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A taxonomy term of the directory (HSDS ``taxonomy_term``). Its HSDS id is given once
    (the built-in terms: uuid5 of their first code; one added in the admin: a random UUID) and
    stays when the term is recoded or renamed."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    hsds_id = models.UUIDField("HSDS id", unique=True, default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


# The directory's categories; the migration creates them with stable ids (uuid5 of the code).
CATEGORIES = [
    ("housing", "Housing"),
    ("employment", "Employment"),
    ("medical", "Medical care"),
    ("mental_health", "Mental health"),
    ("moud", "Medication for addiction treatment"),
    ("legal", "Legal help"),
    ("food", "Food"),
    ("transportation", "Transportation"),
    ("family_support", "Family support"),
    ("peer_support", "Peer support"),
]
CATEGORY_NAMESPACE = uuid.UUID("5b0e3a52-9d1c-4a57-9d44-6f0c2a7c1e10")


def category_uuid(code: str) -> uuid.UUID:
    return uuid.uuid5(CATEGORY_NAMESPACE, code)


def categories_ensure(model=None) -> None:
    """Create the directory's categories if missing (the migration, the demo, tests that
    flushed the database). A term is found by its id, so one an administrator recoded is not
    made again."""
    model = model or Category
    for code, name in CATEGORIES:
        if not model.objects.filter(hsds_id=category_uuid(code)).exists():
            model.objects.get_or_create(
                code=code, defaults={"name": name, "hsds_id": category_uuid(code)}
            )


class ResourceStatus(models.TextChoices):
    # HSDS service.status
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Closed for good"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


def stale_after() -> timedelta:
    return timedelta(days=settings.RESOURCE_STALE_DAYS)


# What staff fill in on the resource form, in its order. ``resource_save`` takes these and also
# the languages and weekly schedules (lists; the form has them as text), and the alternate name
# (no form field; an HSDS import sets it): RESOURCE_FIELDS.
RESOURCE_FORM_FIELDS = (
    "name",
    "description",
    "keywords",
    "status",
    "phone",
    "url",
    "email",
    "location_name",
    "address_1",
    "city",
    "state_province",
    "postal_code",
    "hours",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "fees_description",
    "application_process",
    "last_verified_on",
)
RESOURCE_FIELDS = (*RESOURCE_FORM_FIELDS, "alternate_name", "languages", "schedules")


class Resource(models.Model):
    """One service of a provider organization (HSDS ``service``)."""

    hsds_id = models.UUIDField("HSDS id", default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="resources"
    )
    name = models.CharField("service name", max_length=200)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    # Words people search for that the name and description may not say ("sober living",
    # "halfway house", "food stamps"): the directory's search reads them (selectors.resource).
    keywords = models.CharField(
        max_length=300,
        blank=True,
        db_default="",
        help_text="Other words people search for, separated by commas, e.g. sober living, "
        "halfway house.",
    )
    status = models.CharField(
        max_length=20, choices=ResourceStatus.choices, default=ResourceStatus.ACTIVE
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="resources")
    url = models.URLField("website", blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=60, blank=True)
    # Location (HSDS location + address)
    location_name = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField("address", max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state_province = models.CharField("state", max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="US")
    # Weekly opening hours as HSDS schedules ({"byday": "MO,TU", "opens_at": "09:00",
    # "closes_at": "17:00"}, casework.hsds_fields); ``hours`` keeps what does not fit them.
    schedules = models.JSONField(default=list, db_default=[], blank=True)
    hours = models.TextField("other opening hours", blank=True)
    eligibility_description = models.TextField("who is eligible", blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    fees_description = models.TextField("fees", blank=True)
    application_process = models.TextField("how to apply", blank=True)
    languages = models.JSONField(
        default=list,
        blank=True,
        help_text="ISO 639-1 or 639-3 codes; a language that has none by its name.",
    )
    last_verified_on = models.DateField("last verified", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["last_verified_on"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization.name})" if self.organization_id else self.name

    @property
    def is_stale(self) -> bool:
        """Not checked within RESOURCE_STALE_DAYS (or never): its details may be out of date."""
        return (
            self.last_verified_on is None
            or self.last_verified_on < timezone.localdate() - stale_after()
        )

    @property
    def languages_display(self) -> list[str]:
        return [language_label(value) for value in self.languages]

    @property
    def schedule_lines(self) -> list[str]:
        return [schedule_line(schedule) for schedule in self.schedules]

    @property
    def address_line(self) -> str:
        tail = " ".join(p for p in (self.state_province, self.postal_code) if p)
        return ", ".join(p for p in (self.address_1, self.city, tail) if p)

    @property
    def disclosure_recipient_keys(self) -> list[str]:
        """How a client's consent may name this recipient (``clients.covering_consent``): the
        resource itself, its organization or service by name, or every provider they are
        referred to."""
        keys = [f"casework.resource:{self.pk}"]
        for name in (self.organization.name, self.name):
            slug = slugify(name)[:100]
            if slug:
                keys.append(f"name:{slug}")
        keys.append("class:referral_providers")
        return list(dict.fromkeys(keys))
