"""The public meeting finder and meeting pages: no sign-in, public groups only, light."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from groups.services.enrollment import enrollment_add

from .helpers import make_group

PAGE_BUDGET = 150 * 1024


@pytest.fixture
def meetings(supervisor, facilitator, client_record):
    today = timezone.localdate().weekday()
    in_person = make_group(
        supervisor, facilitators=[facilitator], name="Hope at Seven", types=["O"]
    )
    online = make_group(
        supervisor,
        name="Online Lunch",
        address="",
        online_url="https://meet.example.org/lunch",
        types=["C"],
        schedule_overrides={"weekdays": [(today + 1) % 7]},
    )
    internal = make_group(supervisor, name="Inside Circle", is_public=False)
    for group in (in_person, internal):
        enrollment_add(group=group, client=client_record, actor=supervisor)
    return {"in_person": in_person, "online": online, "internal": internal}


def _names(response) -> set[str]:
    return {s.group.name for s in response.context["sessions"]}


def test_the_finder_lists_public_meetings_of_the_week_to_anyone(client, meetings):
    response = client.get(reverse("groups:finder"))
    assert response.status_code == 200
    assert _names(response) == {"Hope at Seven", "Online Lunch"}
    assert "public" in response["Cache-Control"]


def test_the_finder_filters_by_day_type_and_mode(client, meetings):
    today = timezone.localdate().weekday()
    finder = reverse("groups:finder")
    assert _names(client.get(finder, {"day": today})) == {"Hope at Seven"}
    assert _names(client.get(finder, {"type": "C"})) == {"Online Lunch"}
    assert _names(client.get(finder, {"mode": "online"})) == {"Online Lunch"}
    assert _names(client.get(finder, {"mode": "in_person"})) == {"Hope at Seven"}
    # Nonsense is refused in plain words (recovery_portal/params.py), never a 500.
    assert client.get(finder, {"day": "x", "type": "<b>", "mode": "space"}).status_code == 400


def test_public_pages_show_no_private_data(client, meetings, client_record, facilitator):
    pages = [
        client.get(reverse("groups:finder")),
        client.get(reverse("groups:meeting", args=[meetings["in_person"].slug])),
        client.get(reverse("groups:meeting_ics", args=[meetings["in_person"].slug])),
    ]
    for response in pages:
        body = response.content.decode()
        for private in (
            "Inside Circle",
            client_record.legal_first_name,
            client_record.legal_last_name,
            facilitator.full_name,
        ):
            assert private not in body


def test_an_internal_group_has_no_public_page(client, meetings):
    internal = meetings["internal"]
    assert client.get(reverse("groups:meeting", args=[internal.slug])).status_code == 404
    assert client.get(reverse("groups:meeting_ics", args=[internal.slug])).status_code == 404


def test_a_meeting_page_links_its_calendar_file(client, meetings):
    group = meetings["in_person"]
    body = client.get(reverse("groups:meeting", args=[group.slug])).content.decode()
    assert reverse("groups:meeting_ics", args=[group.slug]) in body
    assert "120 Main St" in body


def test_public_pages_weigh_less_than_150_kb_on_first_load(client, supervisor):
    for _ in range(30):
        make_group(
            supervisor,
            schedule_overrides={
                "weekdays": list(range(7)),
                "ends_on": timezone.localdate() + dt.timedelta(days=7),
            },
        )
    stylesheet = Path(finders.find("groups/public.css")).stat().st_size
    icon = Path(finders.find("favicon.svg")).stat().st_size
    finder = client.get(reverse("groups:finder"))
    assert len(finder.context["sessions"]) > 150
    assert len(finder.content) + stylesheet + icon < PAGE_BUDGET
    assert b"<script" not in finder.content
    slug = finder.context["sessions"][0].group.slug
    meeting = client.get(reverse("groups:meeting", args=[slug]))
    assert len(meeting.content) + stylesheet + icon < PAGE_BUDGET
