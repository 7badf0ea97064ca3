"""Reads of the resource directory. It holds no client data: any staff member may read it
(see ``views/resource.py`` for who may change it)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casework.hsds import service_to_hsds
from casework.hsds_fields import language_code
from casework.models import Category, Resource, ResourceStatus


def stale_before():
    return timezone.localdate() - timedelta(days=settings.RESOURCE_STALE_DAYS)


def directory(
    *, q: str = "", category: str = "", stale_only: bool = False, active_only: bool = False
) -> QuerySet[Resource]:
    """Services matching the words (name, organization, description, eligibility, city,
    languages) and filters, with organization and categories loaded (two queries a page)."""
    found = Resource.objects.select_related("organization").prefetch_related("categories")
    for word in (q or "").split()[:8]:
        # Languages are stored as ISO 639-1 codes: "Vietnamese" finds "vi" (as a JSON string).
        code = language_code(word)
        by_code = Q(languages__icontains=f'"{code}"') if code else Q(pk__in=[])
        found = found.filter(
            by_code
            | Q(name__icontains=word)
            | Q(alternate_name__icontains=word)
            | Q(organization__name__icontains=word)
            | Q(description__icontains=word)
            | Q(eligibility_description__icontains=word)
            | Q(city__icontains=word)
            | Q(languages__icontains=word)
        )
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
