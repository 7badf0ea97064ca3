"""The directory speaks HSDS 3.0: every exported service validates against the spec's own
schema (checked here with jsonschema, independently of the import code), the spec's example
files import cleanly, and a bad file is refused whole, naming the record and the field."""

import json
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from casework.hsds import HsdsFileError
from casework.hsds_fields import TAXONOMY
from casework.models import DirectoryImport, Organization
from casework.models import Resource as DirectoryResource
from casework.models.resource import categories_ensure
from casework.services.directory_import import directory_import_run
from casework.services.resource import directory_import

from .helpers import resource_make

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[2] / "casework" / "hsds_schema"
EXAMPLES = Path(__file__).resolve().parent / "hsds_examples"


def _validator(name: str) -> Draft202012Validator:
    """A validator built here from the spec's files, every file registered by name so a
    ``$ref`` between them resolves (not the app's own, so a bug there cannot hide)."""
    schemas = {file.name: json.loads(file.read_text()) for file in SCHEMAS.glob("*.json")}
    registry = Registry()
    for file_name, contents in schemas.items():
        contents = {"$schema": "https://json-schema.org/draft/2020-12/schema", **contents}
        registry = registry.with_resource(file_name, Resource.from_contents(contents))
    return Draft202012Validator(
        schemas[name], registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _example(name: str):
    return json.loads((EXAMPLES / name).read_text())


@pytest.fixture(autouse=True)
def _categories():
    categories_ensure()


def test_every_exported_service_validates_against_the_hsds_schema(client, supervisor):
    resource_make(supervisor, category_codes=["housing", "peer_support"])
    resource_make(
        supervisor,
        organization_name="Harbor Clinic",
        name="Buprenorphine clinic",
        url="https://harbor.example.org",
        email="intake@harbor.example.org",
        category_codes=["moud", "medical"],
        minimum_age=18,
    )
    resource_make(
        supervisor,
        organization_name="Ride Share Co-op",
        name="Rides to appointments",
        address_1="",
        city="",
        phone="",
        hours="",
        languages=[],
        last_verified_on=None,
        category_codes=[],
    )
    client.force_login(supervisor)
    response = client.get(reverse("casework:resources_export"))
    services = json.loads(response.content)
    assert len(services) == 3
    validator = _validator("service.json")
    for service in services:
        errors = [e.message for e in validator.iter_errors(service)]
        assert errors == [], service["name"]
    clinic = next(s for s in services if s["name"] == "Buprenorphine clinic")
    assert clinic["organization"]["name"] == "Harbor Clinic"
    assert {a["taxonomy_term"]["code"] for a in clinic["attributes"]} == {"moud", "medical"}
    assert clinic["service_at_locations"][0]["location"]["addresses"][0]["city"] == "Springfield"


@pytest.mark.parametrize(
    ("file_name", "schema"),
    [
        ("service_full.json", "service.json"),
        ("organization_full.json", "organization.json"),
        ("service_at_location_full.json", "service_at_location.json"),
    ],
)
def test_the_specs_own_examples_import_cleanly(file_name, schema, supervisor):
    example = _example(file_name)
    assert list(_validator(schema).iter_errors(example)) == []
    saved = directory_import(data=example, actor=supervisor)
    assert len(saved) == 1
    service = saved[0]
    assert service.name == "Community Counselling"
    assert service.organization.name == "Example Organization Inc."
    assert service.status == "active"
    assert service.last_verified_on.isoformat() == "2005-01-01"
    assert service.languages == ["ur"]  # ISO 639-1, from the example's code
    assert service.city == "MyCity"
    # The example's schedules were valid until 2005-01-01: hours no longer in force stay out.
    assert (service.schedules, service.hours) == ([], "")


def test_importing_the_same_file_twice_updates_instead_of_duplicating(supervisor):
    directory_import(data=_example("service_full.json"), actor=supervisor)
    directory_import(data=_example("service_full.json"), actor=supervisor)
    assert DirectoryResource.objects.count() == 1
    assert Organization.objects.count() == 1


def test_an_exported_directory_imports_back_unchanged(client, supervisor):
    original = resource_make(supervisor, category_codes=["food", "family_support"])
    client.force_login(supervisor)
    exported = json.loads(client.get(reverse("casework:resources_export")).content)
    saved = directory_import(data=exported, actor=supervisor)
    assert [r.pk for r in saved] == [original.pk]
    again = DirectoryResource.objects.get()
    assert {c.code for c in again.categories.all()} == {"food", "family_support"}
    assert again.languages == ["en", "es"]
    assert again.schedules == original.schedules and again.hours == original.hours
    assert again.address_line == original.address_line


@override_settings(TIME_ZONE="America/Phoenix")  # UTC-7 all year: no daylight saving
def test_the_export_carries_schedules_taxonomy_ids_and_language_codes(client, supervisor):
    resource_make(
        supervisor,
        category_codes=["housing", "peer_support"],
        schedules=[
            {"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"},
            {"byday": "SA", "opens_at": "10:00", "closes_at": "13:00"},
        ],
        hours="Closed on public holidays",
        languages=["en", "es", "Hmong"],
    )
    client.force_login(supervisor)
    [service] = json.loads(client.get(reverse("casework:resources_export")).content)
    assert [
        {k: s.get(k) for k in ("freq", "byday", "opens_at", "closes_at")}
        for s in service["schedules"]
    ] == [
        {
            "freq": "WEEKLY",
            "byday": "MO,TU,WE,TH,FR",
            "opens_at": "09:00:00-07:00",
            "closes_at": "17:00:00-07:00",
        },
        {
            "freq": "WEEKLY",
            "byday": "SA",
            "opens_at": "10:00:00-07:00",
            "closes_at": "13:00:00-07:00",
        },
    ]
    assert service["schedules"][0]["description"] == "Closed on public holidays"
    assert [(lang["name"], lang.get("code")) for lang in service["languages"]] == [
        ("English", "en"),
        ("Spanish", "es"),
        ("Hmong", "hmn"),  # no ISO 639-1 code: its ISO 639-3 one
    ]
    terms = {a["taxonomy_term"]["code"]: a["taxonomy_term"] for a in service["attributes"]}
    assert set(terms) == {"housing", "peer_support"}
    housing = terms["housing"]
    assert housing["id"] == a_stable_id("housing")
    assert housing["taxonomy_id"] == TAXONOMY["id"]
    assert housing["taxonomy_detail"] == TAXONOMY
    assert housing["term_uri"] == TAXONOMY["uri"] + "#housing"
    assert TAXONOMY["version"] and TAXONOMY["uri"].startswith("urn:uuid:")


def a_stable_id(code: str) -> str:
    return str(uuid.uuid5(uuid.UUID("5b0e3a52-9d1c-4a57-9d44-6f0c2a7c1e10"), code))


def _wipe_directory():
    DirectoryResource.objects.all().delete()
    Organization.objects.all().delete()


def test_export_import_into_an_empty_portal_export_gives_the_same_document(client, supervisor):
    resource_make(supervisor, category_codes=["food", "family_support"])
    resource_make(
        supervisor,
        organization_name="Harbor Clinic",
        name="Buprenorphine clinic",
        url="https://harbor.example.org",
        schedules=[{"byday": "TU,TH", "opens_at": "08:30", "closes_at": "16:00"}],
        hours="",
        languages=["es", "vi"],
        category_codes=["moud"],
        minimum_age=18,
    )
    resource_make(
        supervisor, organization_name="Ride Co-op", name="Rides", schedules=[], hours="By call"
    )
    client.force_login(supervisor)
    url = reverse("casework:resources_export")
    first = json.loads(client.get(url).content)
    _wipe_directory()
    assert not DirectoryResource.objects.exists()
    directory_import(data=first, actor=supervisor)
    second = json.loads(client.get(url).content)
    assert second == first
    validator = _validator("service.json")
    assert all(list(validator.iter_errors(service)) == [] for service in second)


def test_the_specs_example_round_trips_through_the_portal(client, supervisor):
    directory_import(data=_example("service_full.json"), actor=supervisor)
    client.force_login(supervisor)
    url = reverse("casework:resources_export")
    first = json.loads(client.get(url).content)
    _wipe_directory()
    directory_import(data=first, actor=supervisor)
    assert json.loads(client.get(url).content) == first


def test_a_bad_record_is_refused_naming_record_and_field_and_nothing_is_imported(supervisor):
    good = _example("service_full.json")
    bad = json.loads(json.dumps(good))
    bad["id"] = "2b1c9d4e-0d3a-4e1f-9a55-3f8d2a1b7c60"
    bad["name"] = "Evening drop-in"
    bad["status"] = "open"
    with pytest.raises(HsdsFileError) as refused:
        directory_import(data=[good, bad], actor=supervisor)
    message = str(refused.value)
    assert 'service 2 "Evening drop-in"' in message
    assert 'field "status"' in message
    assert not DirectoryResource.objects.exists()
    assert not Organization.objects.exists()


def test_a_missing_required_field_is_named(supervisor):
    bad = _example("service_full.json")
    del bad["name"]
    with pytest.raises(HsdsFileError, match="service 1, field \"name\": 'name' is a required"):
        directory_import(data=bad, actor=supervisor)


def test_a_record_valid_for_hsds_but_not_for_our_directory_is_refused_whole(supervisor):
    good = _example("service_full.json")
    too_long = json.loads(json.dumps(good))
    too_long["id"] = "6f1d3a2b-8c4e-4f5a-9b6c-7d8e9f0a1b2c"
    too_long["name"] = "x" * 250
    with pytest.raises(HsdsFileError) as refused:
        directory_import(data=[good, too_long], actor=supervisor)
    assert 'field "name"' in str(refused.value)
    assert not DirectoryResource.objects.exists()


def _import_page(client, supervisor, name: str, content: bytes) -> str:
    """Upload through the page, run the queued import here, and read its status page."""
    client.force_login(supervisor)
    upload = SimpleUploadedFile(name, content, "application/json")
    response = client.post(reverse("casework:resources_import"), {"file": upload})
    assert response.status_code == 302
    job = DirectoryImport.objects.order_by("-pk").first()
    directory_import_run(job_pk=job.pk)
    return client.get(response["Location"]).content.decode()


def test_the_import_page_shows_the_problem_and_imports_nothing(client, supervisor):
    bad = _example("service_full.json")
    bad["phones"][0].pop("number")
    page = _import_page(client, supervisor, "bad.json", json.dumps(bad).encode())
    assert "Community Counselling" in page
    assert "phones.0.number" in page
    assert "Nothing was imported" in page
    assert not DirectoryResource.objects.exists()


def test_a_file_that_is_not_json_is_refused_with_a_message(client, supervisor):
    page = _import_page(client, supervisor, "notes.json", b"not json at all")
    assert "This file is not JSON" in page


def test_the_import_page_uploads_the_specs_example(client, supervisor):
    page = _import_page(
        client, supervisor, "org.json", (EXAMPLES / "organization_full.json").read_bytes()
    )
    assert "Imported 1 service." in page
    assert DirectoryResource.objects.get().name == "Community Counselling"


def test_the_migration_structures_free_text_hours_and_languages_it_can_read(supervisor):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("casework.migrations.0008_resource_hours_and_languages_structured")
    readable = resource_make(
        supervisor,
        schedules=[],
        hours="Mon–Fri 9:00–17:00\nClosed on public holidays",
        languages=["English", "Spanish"],
    )
    unreadable = resource_make(
        supervisor, name="Night line", schedules=[], hours="By appointment", languages=["Chuukese"]
    )
    migration.structure(apps, None)
    readable.refresh_from_db()
    unreadable.refresh_from_db()
    assert readable.schedules == [
        {"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}
    ]
    assert readable.hours == "Closed on public holidays"
    assert readable.languages == ["en", "es"]
    assert (unreadable.schedules, unreadable.hours, unreadable.languages) == (
        [],
        "By appointment",
        ["Chuukese"],
    )


@pytest.mark.parametrize(
    ("where", "field", "value", "reason"),
    [
        ((), "name", "Evening\r\ndrop-in", "must be on one line"),
        ((), "alternate_name", "Drop\u2028in", "must be on one line"),
        (("organization",), "name", "Example\nOrganization", "must be on one line"),
        (("phones", 0), "number", "555\n0100", "must be on one line"),
        ((), "name", "Evening\tdrop-in", "invisible control characters"),
    ],
)
def test_a_line_break_in_a_one_line_field_is_refused_naming_record_and_field(
    supervisor, where, field, value, reason
):
    """The import keeps the one-line rule every form keeps: a name, phone or city with a line
    break (CR, LF, U+2028...) or a control character is refused, and nothing is imported."""
    good = _example("service_full.json")
    bad = json.loads(json.dumps(good))
    bad["id"] = "2b1c9d4e-0d3a-4e1f-9a55-3f8d2a1b7c61"
    target = bad
    for step in where:
        target = target[step]
    target[field] = value
    with pytest.raises(HsdsFileError) as refused:
        directory_import(data=[good, bad], actor=supervisor)
    message = str(refused.value)
    assert message.startswith("service 2") and reason in message
    assert f'field "{"phone" if field == "number" else field}"' in message
    assert not DirectoryResource.objects.exists()
    assert not Organization.objects.exists()


def test_a_line_break_in_a_city_is_refused(supervisor):
    bad = _example("service_full.json")
    location = bad["service_at_locations"][0]["location"]
    location["addresses"][0]["city"] = "Spring\u2029field"
    with pytest.raises(HsdsFileError, match='service 1.*field "city": must be on one line'):
        directory_import(data=bad, actor=supervisor)
    assert not DirectoryResource.objects.exists()
