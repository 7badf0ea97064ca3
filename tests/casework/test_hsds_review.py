"""The outside review of the HSDS export and import, finding by finding (docs/exports.md):
times carry their UTC offset and offsets are read back, expired schedules stay out, ISO 639-3
languages keep their codes, other taxonomies' terms are not taken for ours, and a category
keeps its HSDS id."""

import copy
import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from casework.hsds_fields import TAXONOMY, schedule_from_hsds
from casework.models import Category
from casework.models.resource import categories_ensure, category_uuid
from casework.services.resource import directory_import

from .helpers import resource_make

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parent / "hsds_examples" / "service_full.json"
PHOENIX = override_settings(TIME_ZONE="America/Phoenix")  # UTC-7 all year


@pytest.fixture(autouse=True)
def _categories():
    categories_ensure()


def _service(**changes) -> dict:
    service = json.loads(EXAMPLE.read_text())
    service.pop("attributes", None)
    return {**service, **changes}


def _schedule(**changes) -> dict:
    base = {"id": str(uuid.uuid4()), "freq": "WEEKLY", "byday": "MO,TU"}
    return {**base, **changes}


@PHOENIX
@pytest.mark.parametrize(
    ("opens", "closes", "zone", "expected"),
    [
        ("09:00-07:00", "17:00-07:00", None, ("09:00", "17:00")),  # the spec's own form
        ("11:00-05:00", "19:00:00-05:00", None, ("09:00", "17:00")),  # another zone's
        ("16:00Z", "23:59Z", None, ("09:00", "16:59")),
        ("12:00:00", "20:00:00", -4, ("09:00", "17:00")),  # the schedule's ``timezone``
        ("09:00:00", "17:00:00", None, ("09:00", "17:00")),  # no offset: taken as local
    ],
)
def test_times_with_an_offset_are_made_local(opens, closes, zone, expected):
    obj = _schedule(opens_at=opens, closes_at=closes, timezone=zone)
    weekly = schedule_from_hsds(obj, dt.date(2030, 1, 7))
    assert (weekly["opens_at"], weekly["closes_at"]) == expected


@PHOENIX
def test_an_offset_time_is_imported_structured_and_exported_with_ours(client, supervisor):
    [saved] = directory_import(
        data=_service(schedules=[_schedule(opens_at="11:00-05:00", closes_at="19:00-05:00")]),
        actor=supervisor,
    )
    assert saved.schedules == [{"byday": "MO,TU", "opens_at": "09:00", "closes_at": "17:00"}]
    assert saved.hours == ""
    client.force_login(supervisor)
    [service] = json.loads(client.get(reverse("casework:resources_export")).content)
    assert service["schedules"][0]["opens_at"] == "09:00:00-07:00"
    again = directory_import(data=[service], actor=supervisor)[0]
    assert again.schedules == saved.schedules


def test_expired_schedules_stay_out_and_later_ones_are_words(supervisor):
    today = timezone.localdate()
    schedules = [
        _schedule(opens_at="08:00", closes_at="12:00", valid_to=str(today - dt.timedelta(1))),
        _schedule(opens_at="09:00", closes_at="17:00", valid_to=str(today + dt.timedelta(9))),
        _schedule(
            byday="SA",
            opens_at="10:00",
            closes_at="13:00",
            valid_from=str(today.replace(year=today.year + 1)),
        ),
    ]
    [saved] = directory_import(data=_service(schedules=schedules), actor=supervisor)
    assert saved.schedules == [{"byday": "MO,TU", "opens_at": "09:00", "closes_at": "17:00"}]
    assert saved.hours.startswith(f"From {today.year + 1}-") and "10:00" in saved.hours


def test_iso_639_3_languages_keep_their_codes(client, supervisor):
    languages = [
        {"id": str(uuid.uuid4()), "name": "Hmong", "code": "hmn"},
        {"id": str(uuid.uuid4()), "name": "Cantonese", "code": "yue"},
        {"id": str(uuid.uuid4()), "name": "Mandarin", "code": "cmn"},
        {"id": str(uuid.uuid4()), "name": "Spanish", "code": "es"},
    ]
    [saved] = directory_import(data=_service(languages=languages), actor=supervisor)
    assert saved.languages == ["hmn", "yue", "cmn", "es"]
    client.force_login(supervisor)
    [service] = json.loads(client.get(reverse("casework:resources_export")).content)
    assert [(x["code"], x["name"]) for x in service["languages"]] == [
        ("hmn", "Hmong"),
        ("yue", "Cantonese"),
        ("cmn", "Mandarin"),
        ("es", "Spanish"),
    ]


def _attribute(**term) -> dict:
    term = {"id": str(uuid.uuid4()), "name": term.get("code", "x"), "description": "-", **term}
    return {
        "id": str(uuid.uuid4()),
        "link_type": "category",
        "link_entity": "service",
        "link_id": str(uuid.uuid4()),
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def test_only_our_taxonomys_terms_are_taken(supervisor):
    other = str(uuid.uuid4())
    attributes = [
        _attribute(code="housing", taxonomy_id=other),  # another taxonomy's "housing"
        _attribute(code="food", taxonomy="AIRS/211 LA County"),
        _attribute(name="Legal help", taxonomy_id=TAXONOMY["id"]),  # ours, by name
        _attribute(code="moud"),  # no taxonomy named: by our code
        _attribute(name="Peer support"),  # no taxonomy, a name only: not taken
        {**_attribute(code="zzz"), "taxonomy_term_id": str(category_uuid("medical"))},
    ]
    [saved] = directory_import(data=_service(attributes=attributes), actor=supervisor)
    assert {c.code for c in saved.categories.all()} == {"legal", "moud", "medical"}


def test_a_category_keeps_its_id_when_recoded_and_one_can_be_added(supervisor):
    housing = Category.objects.get(code="housing")
    housing.code = "housing_help"
    housing.save()
    categories_ensure()  # the demo, a migration: does not make "housing" again
    assert Category.objects.filter(hsds_id=category_uuid("housing")).count() == 1
    added = Category(code="harm_reduction", name="Harm reduction")
    added.full_clean()
    added.save()
    assert added.hsds_id and added.hsds_id != copy.copy(housing.hsds_id)
    resource = resource_make(supervisor, category_codes=["housing_help", "harm_reduction"])
    assert {c.hsds_id for c in resource.categories.all()} == {housing.hsds_id, added.hsds_id}
