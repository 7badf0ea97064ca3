"""Writes about the resource directory: adding and editing a service, marking it verified,
and importing an HSDS file (all or nothing)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from casework.hsds import HsdsFileError, IncomingService, read_file
from casework.hsds_fields import TAXONOMY, language_code, schedule_from_hsds
from casework.models import Category, Organization, Resource
from casework.models.resource import RESOURCE_FIELDS
from recovery_portal.audit.services import audit_record
from recovery_portal.forms import one_line_problem


@transaction.atomic
def resource_save(
    *,
    actor,
    organization_name: str,
    categories: Iterable[Category] = (),
    resource: Resource | None = None,
    request=None,
    **data,
) -> Resource:
    """Add a service to the directory, or change one. Its organization is found by name (or
    added)."""
    organization_name = (organization_name or "").strip()
    if not organization_name:
        raise ValidationError({"organization_name": "Please name the organization."})
    organization = Organization.objects.filter(name__iexact=organization_name).first()
    if organization is None:
        organization = Organization.objects.create(name=organization_name[:200])
    adding = resource is None
    resource = resource or Resource()
    resource.organization = organization
    for name in RESOURCE_FIELDS:
        if name in data:
            value = data[name]
            setattr(resource, name, value.strip() if isinstance(value, str) else value)
    resource.full_clean()
    resource.save()
    resource.categories.set(list(categories))
    audit_record(
        actor=actor,
        action="resource.create" if adding else "resource.update",
        target=resource,
        request=request,
    )
    return resource


@transaction.atomic
def resource_verify(*, resource: Resource, actor, on: date | None = None, request=None) -> Resource:
    """Someone checked the details with the provider today."""
    resource.last_verified_on = on or timezone.localdate()
    resource.save(update_fields=["last_verified_on", "updated_at"])
    audit_record(actor=actor, action="resource.verify", target=resource, request=request)
    return resource


# HSDS import ---------------------------------------------------------------------------------
def _text(obj: dict | None, key: str) -> str:
    value = (obj or {}).get(key)
    return value.strip().strip('"').strip() if isinstance(value, str) else ""


def _age(service: dict, key: str, label: str):
    value = service.get(key)
    if value is None:
        return None
    if not isinstance(value, int | float) or value < 0 or value > 150:
        raise HsdsFileError(f'{label}, field "{key}": must be an age between 0 and 150.')
    return int(value)


def _date(value) -> date | None:
    """A YYYY-MM-DD date, or None for anything else (``2026-13-45`` included)."""
    try:
        return parse_date(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def _all_schedules(service: dict, locations: list[dict]) -> list[dict]:
    """The schedules of the service and its locations, but not those whose ``valid_to`` has
    passed: hours that no longer hold are not imported (the directory keeps current hours
    only)."""
    schedules = list(service.get("schedules") or [])
    for location in locations:
        schedules.extend(location.get("schedules") or [])
    today = timezone.localdate()
    return [
        s
        for s in schedules
        if isinstance(s, dict) and not ((_date(s.get("valid_to")) or today) < today)
    ]


def _not_yet_valid(schedule: dict) -> date | None:
    """The ``valid_from`` of a schedule that starts later (it is kept as words, not as the
    current weekly hours)."""
    starts = _date(schedule.get("valid_from"))
    return starts if starts and starts > timezone.localdate() else None


def _schedule_words(schedule: dict) -> str:
    text = _text(schedule, "description")
    weekly = None if _not_yet_valid(schedule) else schedule_from_hsds(schedule)
    if not text and weekly is None:
        days = _text(schedule, "byday")
        times = "–".join(_text(schedule, k) for k in ("opens_at", "closes_at") if schedule.get(k))
        text = " ".join(p for p in (_text(schedule, "freq").lower(), days, times) if p)
    if text and (starts := _not_yet_valid(schedule)):
        text = f"From {starts.isoformat()}: {text}"
    return text


def _hours(service: dict, locations: list[dict]) -> str:
    """What the schedules say in words (their descriptions), and any schedule that is not a
    plain weekly one in force now written out, so nothing a file says is lost."""
    lines = []
    for schedule in _all_schedules(service, locations):
        text = _schedule_words(schedule)
        if text and text not in lines:
            lines.append(text)
    return "\n".join(lines)


def _schedules(service: dict, locations: list[dict]) -> list[dict]:
    """The weekly schedules in force (HSDS ``freq`` WEEKLY, days, opening and closing times,
    made local)."""
    found = []
    for schedule in _all_schedules(service, locations):
        weekly = None if _not_yet_valid(schedule) else schedule_from_hsds(schedule)
        if weekly and weekly not in found:
            found.append(weekly)
    return found


def _languages(service: dict) -> list[str]:
    """ISO 639-1 or 639-3 codes (from ``code``, or known by ``name``); a language we have no
    code for is kept by its name."""
    found = []
    for language in service.get("languages") or []:
        name, code = _text(language, "name"), _text(language, "code")
        value = language_code(code) or language_code(name) or name or code
        if value and value not in found:
            found.append(value)
    return found


class _Terms:
    """The directory's categories, by HSDS id, code and name."""

    def __init__(self):
        categories = list(Category.objects.all())
        self.by_id = {str(c.hsds_id): c for c in categories}
        self.by_code = {c.code.casefold(): c for c in categories}
        self.by_name = {c.name.casefold(): c for c in categories}

    def of(self, attribute: dict) -> Category | None:
        """Our category for an attribute's term: by the term's id; or, for a term of our
        taxonomy, by code or name; or, for a term that names no taxonomy, by our code. A
        term of another taxonomy is not ours, whatever its code (docs/hsds-taxonomy.md)."""
        term = attribute.get("taxonomy_term")
        term = term if isinstance(term, dict) else {}
        term_id = _text(attribute, "taxonomy_term_id") or _text(term, "id")
        if term_id in self.by_id:
            return self.by_id[term_id]
        detail = term.get("taxonomy_detail")
        said = {_text(term, "taxonomy_id"), _text(detail if isinstance(detail, dict) else {}, "id")}
        said.discard("")
        name = _text(term, "taxonomy")
        if said - {TAXONOMY["id"]} or (name and name != TAXONOMY["name"]):
            return None
        code = self.by_code.get(_text(term, "code").casefold())
        if said or name:
            return code or self.by_name.get(_text(term, "name").casefold())
        return code


def _categories(service: dict, terms: _Terms) -> list[Category]:
    """The terms of ours the service's attributes name; others are left out."""
    found = []
    for attribute in service.get("attributes") or []:
        category = terms.of(attribute) if isinstance(attribute, dict) else None
        if category and category not in found:
            found.append(category)
    return found


def _fields_from(incoming: IncomingService) -> dict:
    service, label = incoming.service, incoming.label
    location = incoming.locations[0] if incoming.locations else {}
    address = next(iter(location.get("addresses") or []), {})
    phones = list(service.get("phones") or []) + list(location.get("phones") or [])
    verified = None
    if service.get("assured_date"):
        verified = _date(service["assured_date"])
        if verified is None:
            raise HsdsFileError(f'{label}, field "assured_date": must be a date (YYYY-MM-DD).')
    return {
        "name": _text(service, "name"),
        "alternate_name": _text(service, "alternate_name"),
        "description": _text(service, "description"),
        "status": _text(service, "status"),
        "url": _text(service, "url"),
        "email": _text(service, "email"),
        "phone": _text(phones[0], "number") if phones else "",
        "location_name": _text(location, "name"),
        "address_1": _text(address, "address_1"),
        "city": _text(address, "city"),
        "state_province": _text(address, "state_province"),
        "postal_code": _text(address, "postal_code"),
        "country": _text(address, "country")[:2].upper() or "US",
        "hours": _hours(service, incoming.locations),
        "schedules": _schedules(service, incoming.locations),
        "eligibility_description": _text(service, "eligibility_description"),
        "minimum_age": _age(service, "minimum_age", label),
        "maximum_age": _age(service, "maximum_age", label),
        "fees_description": _text(service, "fees_description") or _text(service, "fees"),
        "application_process": _text(service, "application_process"),
        "languages": _languages(service),
        "last_verified_on": verified,
    }


_NOT_ONE_LINE = {
    "one_line": "must be on one line, and it has a line break.",
    "control_character": "must not hold invisible control characters (such as a tab).",
}


def _clean(obj, label: str) -> None:
    """Our own rules for one row (lengths, URLs, addresses, choices, and one line in a field
    shown on one line, as every form has it), without a query: the HSDS id is unique by
    construction (``_Batch`` keeps one row per id) and the organization is the batch's own."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(field, models.CharField) and isinstance(value, str):
            problem = one_line_problem(value)
            if problem is not None:
                raise HsdsFileError(f'{label}, field "{field.name}": {_NOT_ONE_LINE[problem]}')
    try:
        obj.full_clean(exclude=["organization"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise HsdsFileError(f'{label}, field "{name}": {" ".join(messages)}') from None


class ImportRefused(HsdsFileError):
    """Records of the file were refused: ``errors`` lists each (its message names the record
    and the field, its ``path`` where the record sits); nothing was imported."""

    def __init__(self, errors: list[HsdsFileError]):
        super().__init__(str(errors[0]), errors[0].path)
        self.errors = errors


# A file with this many bad records has a systematic problem: the first ones say what it is.
MAX_REFUSALS = 100


def directory_check(data, *, progress=None) -> list[IncomingService]:
    """Every record of a parsed HSDS document checked against the spec's schema; writes
    nothing. Raises ``ImportRefused`` listing every record that is not valid."""
    refused: list[HsdsFileError] = []
    incoming = read_file(data, refused=refused, progress=progress)
    if refused:
        raise ImportRefused(refused[:MAX_REFUSALS])
    return incoming


@transaction.atomic
def directory_import(*, data=None, incoming=None, actor, request=None) -> list[Resource]:
    """Import an HSDS document (parsed JSON, or its records already checked) into the
    directory.

    1. Read and check every record against the spec's schema (``directory_check``).
    2. Add or update each organization and service, matched by its HSDS id, checking each
       against our own rules (lengths, URLs, e-mail addresses, dates, ages), record by record
       in memory (``_Batch``).
    3. A record refused at either step is listed in ``ImportRefused`` (naming the record and
       the field), and nothing is written: a file is imported completely or not at all.
    4. Otherwise everything is written in bulk, a few statements per thousand services, in
       one transaction.
    """
    if incoming is None:
        incoming = directory_check(data)
    batch = _Batch(incoming)
    saved, refused = [], []
    for item in incoming:
        try:
            saved.append(batch.add(item))
        except HsdsFileError as error:
            error.path = item.path
            refused.append(error)
            if len(refused) >= MAX_REFUSALS:
                break
    if refused:
        raise ImportRefused(refused)
    batch.write()
    audit_record(
        actor=actor,
        action="resource.import",
        request=request,
        details={"services": len(saved)},
    )
    return saved


def _uuid(value) -> uuid.UUID:
    return uuid.UUID(str(value))


def _uuids(values) -> set[uuid.UUID]:
    """The ids among ``values`` that are UUIDs (a record with another is refused in turn)."""
    found = set()
    for value in values:
        try:
            found.add(_uuid(value))
        except ValueError:
            continue
    return found


def _stored(model, ids: set) -> dict:
    """The rows of ``model`` already in the directory with these HSDS ids, by id."""
    found, ids = {}, list(ids)
    for start in range(0, len(ids), BATCH):
        chunk = model.objects.filter(hsds_id__in=ids[start : start + BATCH])
        found.update((row.hsds_id, row) for row in chunk)
    return found


BATCH = 1000
ORGANIZATION_FIELDS = ("name", "alternate_name", "description", "email", "website")


class _Batch:
    """What one import writes, gathered record by record (each checked as it comes, in file
    order, so a later record about the same organization or service wins, and a service may
    name by id an organization that an earlier record carried), then written with a few
    statements per thousand rows."""

    def __init__(self, incoming: list[IncomingService]):
        org_ids = [(item.organization or {}).get("id") for item in incoming]
        org_ids += [item.service.get("organization_id") for item in incoming]
        self.organizations = _stored(Organization, _uuids(v for v in org_ids if v))
        self.resources = _stored(Resource, _uuids(item.service.get("id") for item in incoming))
        self.terms = _Terms()
        self.carried: dict[uuid.UUID, Organization] = {}  # organizations the file writes
        self.written: dict[uuid.UUID, Resource] = {}
        self.categories: dict[uuid.UUID, list[Category]] = {}
        self.modified: dict[uuid.UUID, object] = {}  # the file's last_modified, if any

    def organization(self, incoming: IncomingService) -> Organization:
        data = incoming.organization
        if not data and incoming.service.get("organization_id"):
            # A service may name an organization already in the directory (or carried by an
            # earlier record) instead of carrying it.
            known = self.organizations.get(_uuid(incoming.service["organization_id"]))
            if known is not None:
                return known
        if not data:
            raise HsdsFileError(
                f'{incoming.label}, field "organization": the service must carry its organization.'
            )
        org_id = _uuid(data["id"])
        organization = self.organizations.get(org_id) or Organization(hsds_id=org_id)
        for name in ORGANIZATION_FIELDS:
            setattr(organization, name, _text(data, name))
        _clean(organization, f"{incoming.label}, organization")
        self.organizations[org_id] = self.carried[org_id] = organization
        return organization

    def add(self, item: IncomingService) -> Resource:
        """Check one record and keep what it would write; raises ``HsdsFileError``."""
        organization = self.organization(item)
        fields = _fields_from(item)
        service_id = _uuid(item.service["id"])
        resource = self.resources.get(service_id) or Resource(hsds_id=service_id)
        resource.organization = organization
        for name, value in fields.items():
            setattr(resource, name, value)
        _clean(resource, item.label)
        self.resources[service_id] = self.written[service_id] = resource
        self.categories[service_id] = _categories(item.service, self.terms)
        value = item.service.get("last_modified")
        self.modified[service_id] = parse_datetime(value) if isinstance(value, str) else None
        return resource

    def write(self) -> None:
        now = timezone.now()
        _bulk_save(Organization, list(self.carried.values()), ORGANIZATION_FIELDS)
        resources = list(self.written.values())
        for resource in resources:
            # The file's last_modified is kept (a round trip gives the same document).
            resource.updated_at = self.modified[resource.hsds_id] or now
        new = _bulk_save(Resource, resources, (*RESOURCE_FIELDS, "organization", "updated_at"))
        # An insert stamps updated_at itself (auto_now): put back the file's.
        dated = [r for r in new if self.modified[r.hsds_id]]
        for resource in dated:
            resource.updated_at = self.modified[resource.hsds_id]
        Resource.objects.bulk_update(dated, ["updated_at"], batch_size=BATCH)
        links = Resource.categories.through
        fresh = {id(resource) for resource in new}
        stored = [r.pk for r in resources if id(r) not in fresh]
        links.objects.filter(resource_id__in=stored).delete()
        links.objects.bulk_create(
            [
                links(resource_id=resource.pk, category_id=category.pk)
                for resource in resources
                for category in self.categories[resource.hsds_id]
            ],
            batch_size=BATCH,
        )


def _bulk_save(model, rows: list, fields) -> list:
    """Insert the new rows and update the stored ones; returns the new."""
    new = [row for row in rows if row.pk is None]
    stored = [row for row in rows if row.pk is not None]
    model.objects.bulk_create(new, batch_size=BATCH)
    model.objects.bulk_update(stored, list(fields), batch_size=BATCH // 4)
    return new
