"""Reads of the resource directory. It holds no client data: any staff member may read it
(see ``views/resource.py`` for who may change it)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casework.hsds import service_to_hsds
from casework.hsds_fields import language_code
from casework.models import Category, Resource, ResourceStatus


def stale_before():
    return timezone.localdate() - timedelta(days=settings.RESOURCE_STALE_DAYS)


# What a search reads, beside the categories' names and the languages: with PostgreSQL as
# English full text (stems: "housing" finds "house", "meals" finds "meal"), elsewhere (the
# embedded SQLite mode) each word as a part of any of them.
SEARCHED = (
    "name",
    "alternate_name",
    "keywords",
    "description",
    "organization__name",
    "eligibility_description",
    "city",
)
MAX_WORDS = 8


def _word_matches(word: str, full_text: bool) -> Q:
    """Where one word of a search may be: the text (full text or a part of a field), a
    category's name, a language (stored as ISO 639-1 codes: "Vietnamese" finds "vi")."""
    code = language_code(word)
    found = Q(categories__name__icontains=word) | Q(languages__icontains=word)
    if code:
        found |= Q(languages__icontains=f'"{code}"')
    if full_text:
        return found | Q(document=SearchQuery(word, config="english", search_type="plain"))
    for field in SEARCHED:
        found |= Q(**{f"{field}__icontains": word})
    return found


def directory(
    *, q: str = "", category: str = "", stale_only: bool = False, active_only: bool = False
) -> QuerySet[Resource]:
    """Services matching every word of ``q`` (in names, keywords, descriptions, the
    organization, eligibility, city, categories and languages: ``SEARCHED``) and the filters,
    with organization and categories loaded (two queries a page). PostgreSQL searches full
    text; other databases (the embedded SQLite mode) parts of words."""
    found = Resource.objects.select_related("organization").prefetch_related("categories")
    words = (q or "").split()[:MAX_WORDS]
    full_text = connection.vendor == "postgresql"
    if words and full_text:
        found = found.annotate(document=SearchVector(*SEARCHED, config="english"))
    for word in words:
        found = found.filter(_word_matches(word, full_text) | Q(name__icontains=word))
    if category:
        found = found.filter(categories__code=category)
    if stale_only:
        found = found.filter(
            Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=stale_before())
        )
    if active_only:
        found = found.filter(status=ResourceStatus.ACTIVE)
    return found.order_by("name", "id").distinct()


def resource_get(pk) -> Resource:
    """One resource of the directory by its id, or 404. The directory is the same for every
    staff member, so there is no user to scope by (hence ``_get``, not ``_for``)."""
    try:
        return (
            Resource.objects.select_related("organization")
            .prefetch_related("categories")
            .get(pk=pk)
        )
    except (Resource.DoesNotExist, ValueError, TypeError):
        raise Http404("No such resource.")


def referable_resources() -> QuerySet[Resource]:
    return (
        Resource.objects.filter(status=ResourceStatus.ACTIVE)
        .select_related("organization")
        .order_by("name", "id")
    )


def categories() -> QuerySet[Category]:
    return Category.objects.order_by("name")


def directory_export() -> list[dict]:
    """Every service as an HSDS 3.0 ``service`` object (three queries in all)."""
    return [
        service_to_hsds(resource)
        for resource in Resource.objects.select_related("organization")
        .prefetch_related("categories")
        .order_by("name", "id")
    ]
