"""The directory in Open Referral's HSDS 3.0 JSON: what a service looks like going out, and
how a file coming in is read and checked (``hsds_schema/``).

Export: one HSDS ``service`` object per resource, its organization, location, phone, hours,
languages and categories nested, exactly as ``service.json`` describes.

Import accepts what HSDS publishers hand out: one service, a list of services, an API page
(``{"contents": [...]}``), an organization with its ``services``, or a service-at-location.
Every record is checked against the spec's schema before anything is written; the first
problem of each bad record is reported as "record, field: what is wrong".
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing import Resource as SchemaResource

from casework.hsds_fields import language_to_hsds, schedule_to_hsds, taxonomy_term

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"
SCHEMA_FILES = ("service.json", "organization.json", "service_at_location.json")


@functools.cache
def _registry() -> Registry:
    """The spec's schema files, each known by its file name (and its ``$id`` if it has one), so
    a ``$ref`` from one to another resolves locally, never over the network. (The compiled
    3.0 files inline their objects, but a later release may split them.)"""
    registry = Registry()
    for name in SCHEMA_FILES:
        contents = json.loads((SCHEMA_DIR / name).read_text())
        contents.setdefault("$schema", "https://json-schema.org/draft/2020-12/schema")
        resource = SchemaResource.from_contents(contents)
        registry = registry.with_resource(name, resource)
        if contents.get("$id"):
            registry = registry.with_resource(contents["$id"], resource)
    return registry


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """A validator of one HSDS object (``"service.json"``…), checking formats (uuid, email,
    date-time) too."""
    schema = _registry().get_or_retrieve(name).value.contents
    return Draft202012Validator(
        schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _field_of(error) -> str:
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        found = re.match(r"'(.+?)' is a required property", error.message)
        if found:
            path.append(found.group(1))
    return ".".join(path) or "(the record itself)"


def first_problem(obj, schema_name: str) -> tuple[str, str] | None:
    """(field, message) of the first schema error of ``obj``, or None when it is valid."""
    # The path mixes names and list indexes: compare them as text.
    errors = sorted(
        validator(schema_name).iter_errors(obj),
        key=lambda e: [str(p) for p in e.absolute_path],
    )
    if not errors:
        return None
    error = errors[0]
    return _field_of(error), error.message


# Export --------------------------------------------------------------------------------------
def _sub_id(resource, part: str) -> str:
    """Stable ids for the nested objects we do not store as rows (phone, schedule, location)."""
    return str(uuid.uuid5(resource.hsds_id, part))


def _without_blanks(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if v not in ("", None, [])}


def service_to_hsds(resource) -> dict:
    """One resource as an HSDS 3.0 ``service`` (expects organization and categories loaded)."""
    org = resource.organization
    service = {
        "id": str(resource.hsds_id),
        "organization_id": str(org.hsds_id),
        "name": resource.name,
        "alternate_name": resource.alternate_name,
        "description": resource.description,
        "url": resource.url,
        "email": resource.email,
        "status": resource.status,
        "fees_description": resource.fees_description,
        "eligibility_description": resource.eligibility_description,
        "application_process": resource.application_process,
        "minimum_age": resource.minimum_age,
        "maximum_age": resource.maximum_age,
        "assured_date": resource.last_verified_on.isoformat() if resource.last_verified_on else "",
        "last_modified": resource.updated_at.isoformat().replace("+00:00", "Z"),
        "organization": _organization_to_hsds(org),
        "phones": [{"id": _sub_id(resource, "phone"), "number": resource.phone}]
        if resource.phone
        else [],
        "schedules": _schedules_to_hsds(resource),
        "languages": [
            language_to_hsds(value, _sub_id(resource, f"language:{value}"))
            for value in resource.languages
        ],
        "attributes": _categories_to_hsds(resource),
    }
    location = _location_to_hsds(resource)
    if location:
        service["service_at_locations"] = [
            {
                "id": _sub_id(resource, "service_at_location"),
                "service_id": str(resource.hsds_id),
                "location_id": location["id"],
                "location": location,
            }
        ]
    return _without_blanks(service)


def _organization_to_hsds(org) -> dict:
    """The resource's organization, as the ``service`` carries it."""
    return _without_blanks(
        {
            "id": str(org.hsds_id),
            "name": org.name,
            "alternate_name": org.alternate_name,
            "description": org.description or org.name,
            "email": org.email,
            "website": org.website,
        }
    )


def _schedules_to_hsds(resource) -> list[dict]:
    """The weekly schedules; what does not fit them (``hours``) is the first one's
    ``description``, or a schedule of its own when there is no weekly one."""
    service_id = str(resource.hsds_id)
    schedules = [
        schedule_to_hsds(schedule, _sub_id(resource, f"schedule:{index}"), service_id)
        for index, schedule in enumerate(resource.schedules)
    ]
    if resource.hours and schedules:
        schedules[0]["description"] = resource.hours
    elif resource.hours:
        schedules = [
            {
                "id": _sub_id(resource, "schedule"),
                "service_id": service_id,
                "description": resource.hours,
            }
        ]
    return schedules


def _categories_to_hsds(resource) -> list[dict]:
    """The resource's categories as HSDS ``attribute`` links to their taxonomy terms."""
    return [
        {
            "id": _sub_id(resource, f"category:{category.code}"),
            "link_type": "category",
            "link_entity": "service",
            "link_id": str(resource.hsds_id),
            "taxonomy_term_id": str(category.hsds_id),
            "taxonomy_term": taxonomy_term(category),
        }
        for category in resource.categories.all()
    ]


def _location_to_hsds(resource) -> dict | None:
    if not (resource.location_name or resource.address_1):
        return None
    location = {
        "id": _sub_id(resource, "location"),
        "location_type": "physical",
        "name": resource.location_name,
    }
    address = {
        "address_1": resource.address_1,
        "city": resource.city,
        "state_province": resource.state_province,
        "postal_code": resource.postal_code,
        "country": resource.country,
    }
    # HSDS requires every part of an address: a partial one stays out rather than invalid.
    if all(address.values()):
        location["addresses"] = [
            {"id": _sub_id(resource, "address"), "address_type": "physical", **address}
        ]
    return _without_blanks(location)


# Import --------------------------------------------------------------------------------------
class HsdsFileError(ValueError):
    """The file cannot be imported; the message names the record and the field, ``path``
    where the record sits in the document (``(3,)``, ``("contents", 0, "services", 2)``)."""

    def __init__(self, message: str, path: tuple = ()):
        super().__init__(message)
        self.path = path


@dataclass
class IncomingService:
    """One service read from a file, with where it sits in the file (for messages)."""

    label: str
    service: dict
    organization: dict | None
    locations: list[dict] = field(default_factory=list)
    path: tuple = ()


def _label(kind: str, number: int, obj: dict) -> str:
    name = obj.get("name") if isinstance(obj, dict) else None
    described = f' "{name}"' if isinstance(name, str) and name else ""
    return f"{kind} {number}{described}"


def read_file(
    data, *, refused: list[HsdsFileError] | None = None, progress=None
) -> list[IncomingService]:
    """Parse and check an HSDS document; raise ``HsdsFileError`` at the first bad record, or,
    given a ``refused`` list, add each bad record's error to it and go on. ``progress(n)`` is
    told how many records have been checked, every 500 and at the end."""
    prefix: tuple = ()
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data, prefix = data["contents"], ("contents",)
    found: list[IncomingService] = []
    if isinstance(data, list):
        records = [(obj, number, (*prefix, number - 1)) for number, obj in enumerate(data, 1)]
    elif isinstance(data, dict):
        records = [(data, 1, ())]
    else:
        raise HsdsFileError("The file is not an HSDS service, organization or list of services.")
    for obj, number, path in records:
        try:
            found.extend(_read_object(obj, number, path))
        except HsdsFileError as error:
            error.path = path
            if refused is None:
                raise
            refused.append(error)
        if progress and (number % 500 == 0 or number == len(records)):
            progress(number)
    if not found and not refused:
        raise HsdsFileError("The file holds no service to import.")
    return found


def _check(obj, schema_name: str, label: str) -> None:
    if not isinstance(obj, dict):
        raise HsdsFileError(f"{label}: is not an object.")
    problem = first_problem(obj, schema_name)
    if problem:
        raise HsdsFileError(f'{label}, field "{problem[0]}": {problem[1]}')


def _read_object(obj, number: int, path: tuple = ()) -> list[IncomingService]:
    if isinstance(obj, dict) and isinstance(obj.get("services"), list) and "description" in obj:
        label = _label("organization", number, obj)
        _check(obj, "organization.json", label)
        organization = {k: v for k, v in obj.items() if k != "services"}
        return [
            IncomingService(
                label=f"{label}, {_label('service', index, service)}",
                service=service,
                organization=service.get("organization") or organization,
                locations=_locations(service),
                path=(*path, "services", index - 1),
            )
            for index, service in enumerate(obj["services"], start=1)
        ]
    if isinstance(obj, dict) and isinstance(obj.get("service"), dict):
        label = _label("service at location", number, obj.get("service"))
        _check(obj, "service_at_location.json", label)
        service = obj["service"]
        locations = [obj["location"]] if isinstance(obj.get("location"), dict) else []
        return [
            IncomingService(
                label=label,
                service=service,
                organization=service.get("organization"),
                locations=locations + _locations(service),
                path=path,
            )
        ]
    label = _label("service", number, obj)
    _check(obj, "service.json", label)
    return [
        IncomingService(
            label=label,
            service=obj,
            organization=obj.get("organization"),
            locations=_locations(obj),
            path=path,
        )
    ]


def _locations(service: dict) -> list[dict]:
    return [
        sal["location"]
        for sal in service.get("service_at_locations") or []
        if isinstance(sal.get("location"), dict)
    ]
