"""The resource directory: search and filters, stale entries flagged, who may change it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Resource
from casework.models.resource import categories_ensure
from casework.selectors.resource import directory

from .helpers import resource_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(case_manager, settings):
    settings.RESOURCE_STALE_DAYS = 180
    today = timezone.localdate()
    return {
        "housing": resource_make(case_manager),
        "food": resource_make(
            case_manager,
            organization_name="Good Table Food Bank",
            name="Weekly groceries",
            description="Groceries for the week",
            category_codes=["food"],
            languages=["vi"],
            last_verified_on=today - timedelta(days=181),
        ),
        "clinic": resource_make(
            case_manager,
            organization_name="Harbor Clinic",
            name="Buprenorphine clinic",
            city="Lakeview",
            category_codes=["moud", "medical"],
            last_verified_on=None,
        ),
    }


def test_search_matches_words_across_name_organization_town_and_language(entries):
    assert list(directory(q="good table")) == [entries["food"]]
    assert list(directory(q="lakeview")) == [entries["clinic"]]
    assert list(directory(q="vietnamese")) == [entries["food"]]
    assert list(directory(q="nothing like this")) == []


def test_the_category_filter_and_the_stale_filter(entries):
    assert list(directory(category="moud")) == [entries["clinic"]]
    assert set(directory(stale_only=True)) == {entries["food"], entries["clinic"]}
    assert not entries["housing"].is_stale and entries["food"].is_stale


def test_a_stale_entry_is_flagged_until_someone_verifies_it(client, case_manager, entries):
    client.force_login(case_manager)
    food = entries["food"]
    page = client.get(reverse("casework:resource", args=[food.pk])).content.decode()
    assert "Please check them with the provider" in page
    client.post(reverse("casework:resource_verify", args=[food.pk]))
    food.refresh_from_db()
    assert food.last_verified_on == timezone.localdate()
    assert not food.is_stale


def test_a_facilitator_reads_the_directory_but_cannot_change_it(client, facilitator, entries):
    client.force_login(facilitator)
    page = client.get(reverse("casework:resources")).content.decode()
    assert "Weekly groceries" in page
    assert "Add a service" not in page
    response = client.post(reverse("casework:resource_verify", args=[entries["food"].pk]))
    assert response.status_code == 403
    entries["food"].refresh_from_db()
    assert entries["food"].last_verified_on != timezone.localdate()


def test_a_case_manager_adds_a_service_and_bad_input_changes_nothing(client, case_manager):
    categories_ensure()
    client.force_login(case_manager)
    url = reverse("casework:resource_new")
    data = {
        "organization_name": "Second Wind Bikes",
        "name": "Earn-a-bike",
        "status": "active",
        "url": "not a website",
        "categories": [],
        "languages_text": "English, Spanish",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Resource.objects.exists()
    data["url"] = "https://bikes.example.org"
    response = client.post(url, data)
    saved = Resource.objects.get()
    assert response.status_code == 302
    assert saved.organization.name == "Second Wind Bikes"
    assert saved.languages == ["en", "es"]  # ISO 639-1


def test_a_case_manager_may_not_import(client, case_manager):
    client.force_login(case_manager)
    assert client.get(reverse("casework:resources_import")).status_code == 403


def test_the_form_takes_weekly_hours_and_language_codes_and_refuses_what_it_cannot_read(
    client, case_manager
):
    categories_ensure()
    client.force_login(case_manager)
    url = reverse("casework:resource_new")
    data = {
        "organization_name": "Second Wind Bikes",
        "name": "Earn-a-bike",
        "status": "active",
        "schedules_text": "Mon-Fri 9am-5pm\nSometimes in the evening",
        "hours": "Closed on holidays",
        "languages_text": "English, xx",
    }
    page = client.post(url, data).content.decode()
    assert "Sometimes in the evening" in page and "No ISO 639-1 code known for: xx" in page
    assert not Resource.objects.exists()
    data.update(schedules_text="Mon-Fri 9am-5pm\nSat 10:00-13:00", languages_text="English, ur")
    assert client.post(url, data).status_code == 302
    saved = Resource.objects.get()
    assert saved.schedules == [
        {"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"},
        {"byday": "SA", "opens_at": "10:00", "closes_at": "13:00"},
    ]
    assert saved.languages == ["en", "ur"] and saved.hours == "Closed on holidays"
    detail = client.get(reverse("casework:resource", args=[saved.pk])).content.decode()
    assert "Mon, Tue, Wed, Thu, Fri 09:00-17:00" in detail and "Urdu" in detail
