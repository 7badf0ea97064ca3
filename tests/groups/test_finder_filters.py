"""The public finder's filters (issue 18, item 7): fellowship, "today", "now or starting
soon", time of day, as in the Meeting Guide app; a value not offered is a 400 in plain words;
every meeting says its fellowship and its time zone by name."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from groups.models import Fellowship

from .helpers import make_group

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# A Tuesday, half past seven in the morning in New York.
MORNING = dt.datetime(2026, 12, 8, 7, 30, tzinfo=NEW_YORK)


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=True) as traveller:
        yield traveller


@pytest.fixture
def meetings(clock, supervisor):
    tuesday, wednesday = MORNING.weekday(), (MORNING.weekday() + 1) % 7

    def at(hour, day):
        return {"start_time": dt.time(hour, 0), "weekdays": [day]}

    return {
        "Early NA": make_group(
            supervisor, name="Early NA", kind=Fellowship.NA, schedule_overrides=at(8, tuesday)
        ),
        "Evening AA": make_group(
            supervisor, name="Evening AA", kind=Fellowship.AA, schedule_overrides=at(19, tuesday)
        ),
        "Midday SMART": make_group(
            supervisor,
            name="Midday SMART",
            kind=Fellowship.SMART,
            schedule_overrides=at(12, wednesday),
        ),
    }


def _names(client, **query) -> list[str]:
    response = client.get(reverse("groups:finder"), query)
    assert response.status_code == 200, response.content
    return sorted({s.group.name for s in response.context["sessions"]})


def test_the_finder_filters_by_fellowship(client, meetings):
    assert _names(client, fellowship="na") == ["Early NA"]
    assert _names(client, fellowship="smart") == ["Midday SMART"]
    assert _names(client, fellowship="celebrate") == []
    assert _names(client) == ["Early NA", "Evening AA", "Midday SMART"]


def test_today_and_now_or_starting_soon(client, meetings, clock):
    assert _names(client, when="today") == ["Early NA", "Evening AA"]
    # 7:30: the 8 o'clock meeting starts within the hour; the evening one does not.
    assert _names(client, when="soon") == ["Early NA"]
    clock.move_to(MORNING + dt.timedelta(minutes=45))  # 8:15: it has started, still on
    page = client.get(reverse("groups:finder"), {"when": "soon"})
    assert [s.group.name for s in page.context["sessions"]] == ["Early NA"]
    assert "Started, still on" in page.content.decode()
    clock.move_to(MORNING + dt.timedelta(hours=11))  # 18:30
    assert _names(client, when="soon") == ["Evening AA"]


def test_times_of_day_as_the_meeting_guide_app_has_them(client, meetings):
    assert _names(client, time="morning") == ["Early NA"]
    assert _names(client, time="midday") == ["Midday SMART"]
    assert _names(client, time="afternoon") == ["Midday SMART"]
    assert _names(client, time="evening") == ["Evening AA"]
    assert _names(client, time="night") == []
    assert _names(client, when="today", time="evening", fellowship="aa") == ["Evening AA"]


@pytest.mark.parametrize(
    "query",
    [{"fellowship": "AA!"}, {"when": "tomorrow"}, {"time": "dawn"}, {"when": "today\n"}],
)
def test_a_filter_not_offered_is_refused_in_plain_words(client, meetings, query):
    response = client.get(reverse("groups:finder"), query)
    assert response.status_code == 400
    assert "must be" in response.content.decode()


def test_every_meeting_shows_its_fellowship_and_time_zone_by_name(client, meetings):
    finder = client.get(reverse("groups:finder")).content.decode()
    assert "Narcotics Anonymous (NA)" in finder and "SMART Recovery" in finder
    assert "Eastern Time" in finder and "America/New_York" not in finder
    page = client.get(reverse("groups:meeting", args=[meetings["Evening AA"].slug]))
    text = page.content.decode()
    assert "Alcoholics Anonymous (AA)" in text
    assert "Eastern Time" in text and "America/New_York" not in text
