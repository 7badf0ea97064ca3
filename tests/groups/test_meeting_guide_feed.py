"""The Meeting Guide feed meeting apps read: only groups listed in meeting apps, each valid
against the vendored code4recovery schema and the written spec's rules (meeting_guide_rules.py);
online-only meetings with the organization's approximate location; one-tap dial-ins kept."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from groups.meeting_guide.spec import schema
from groups.models import Audience, Fellowship

from .helpers import make_group
from .meeting_guide_rules import rule_errors, schema_errors, schema_validator

ONLINE_ONLY = {
    "address": "",
    "city": "",
    "state": "",
    "postal_code": "",
    "location_name": "",
    "online_url": "https://meet.example.org/daily",
    "online_notes": "Passcode: hope",
}


@pytest.fixture
def groups(supervisor):
    return {
        "aa": make_group(supervisor, name="Tuesday Hope"),
        "online": make_group(
            supervisor,
            name="Daily Online",
            dial_in="+1 (555) 555-0123,,24681357#",
            **ONLINE_ONLY,
        ),
        "smart": make_group(supervisor, name="SMART Midday", kind=Fellowship.SMART),
        "in_house": make_group(
            supervisor, name="Skills", kind=Fellowship.SKILLS, audience=Audience.FAMILIES
        ),
        "opted_out": make_group(supervisor, name="Quiet AA", in_meeting_apps=False),
        "no_types": make_group(supervisor, name="Untyped NA", kind=Fellowship.NA, types=[]),
    }


def _feed(client) -> list[dict]:
    response = client.get(reverse("groups:feed"))
    assert response.status_code == 200
    return response.json()


def test_only_groups_listed_in_meeting_apps_are_in_the_feed_and_it_is_valid(client, groups):
    feed = _feed(client)
    assert sorted(m["slug"] for m in feed) == sorted([groups["aa"].slug, groups["online"].slug])
    assert schema_errors(feed) == []
    assert rule_errors(feed) == []


def test_fellowship_meetings_with_types_are_listed_by_default_in_house_groups_are_not(groups):
    listed = {name for name, group in groups.items() if group.in_meeting_apps}
    assert listed == {"aa", "online"}


def test_staff_may_list_a_smart_meeting_and_unlist_it_again(client, supervisor, groups):
    from groups.services.group import group_update

    smart = group_update(group=groups["smart"], actor=supervisor, in_meeting_apps=True)
    assert smart.slug in {m["slug"] for m in _feed(client)}
    group_update(group=smart, actor=supervisor, in_meeting_apps=None)  # "as usual" again
    smart.refresh_from_db()
    assert not smart.in_meeting_apps


def test_an_online_only_meeting_carries_the_organizations_approximate_location(
    client, groups, settings
):
    settings.ORGANIZATION_CITY, settings.ORGANIZATION_REGION = "Albany", "NY"
    settings.ORGANIZATION_COUNTRY = "US"
    online = next(m for m in _feed(client) if m["slug"] == groups["online"].slug)
    assert (online["city"], online["state"], online["country"]) == ("Albany", "NY", "US")
    assert online["approximate"] == "yes" and "address" not in online
    assert online["timezone"] == "America/New_York"
    assert online["conference_url"] == "https://meet.example.org/daily"
    in_person = next(m for m in _feed(client) if m["slug"] == groups["aa"].slug)
    assert in_person["approximate"] == "no" and in_person["address"] == "120 Main St"


def test_the_conference_phone_keeps_the_one_tap_characters(client, groups):
    online = next(m for m in _feed(client) if m["slug"] == groups["online"].slug)
    assert online["conference_phone"] == "+15555550123,,24681357#"


def test_a_dial_in_with_letters_is_refused(supervisor):
    with pytest.raises(ValidationError, match="phone number"):
        make_group(supervisor, dial_in="+1555 CALL NOW")


def test_only_a_public_group_is_listed_in_meeting_apps(supervisor):
    with pytest.raises(ValidationError, match="Only a group listed publicly"):
        make_group(supervisor, is_public=False, in_meeting_apps=True)


def test_the_rules_catch_what_meeting_apps_would_refuse():
    good = {
        "name": "Daily",
        "slug": "daily",
        "day": 1,
        "time": "07:00",
        "updated": "2026-01-02 03:04:05",
        "conference_url": "https://meet.example.org/daily",
        "city": "Albany",
        "state": "NY",
        "country": "US",
        "approximate": "yes",
    }
    assert rule_errors([good]) == []
    bad = [
        {**good, "day": 7},
        {**good, "time": "7pm"},
        {**good, "types": ["NOT-A-TYPE"]},
        {**good, "conference_phone": "+1 555 CALL"},
        {k: v for k, v in good.items() if k != "city"},  # online, no approximate location
        {k: v for k, v in good.items() if k != "conference_url"},  # online, no way to join
        {**good, "notes": "<b>Welcome</b>"},
        {**good, "updated": "yesterday"},
    ]
    for meeting in bad:
        assert rule_errors([meeting]), meeting
    assert rule_errors([good, good]) == ["1: slugs not unique"]
    assert schema_errors([{**good, "day": 9, "time": "25:00"}])


def test_the_schemas_phone_pattern_refuses_its_own_example_so_the_written_rule_replaces_it():
    example = "+1234567890,1234#"
    assert example in schema("meeting")["properties"]["conference_phone"]["examples"]
    strict = schema_validator(written_phone_rule=False)
    written = schema_validator()
    meeting = {"name": "Daily", "slug": "daily", "conference_phone": example}
    assert list(strict.iter_errors(meeting))
    assert not list(written.iter_errors(meeting))
    assert list(written.iter_errors({**meeting, "conference_phone": "+1 555 CALL"}))


def test_the_group_form_lists_as_usual_or_as_staff_choose(client, case_manager):
    from groups.models import PeerGroup

    from .test_group_pages import _form

    client.force_login(case_manager)
    client.post(reverse("groups:new"), _form())  # NA, public, with types: as usual, yes
    usual = PeerGroup.objects.get(name="Thursday Serenity")
    assert usual.in_meeting_apps
    edit = client.get(reverse("groups:edit", args=[usual.pk]))
    assert edit.context["form"].initial["in_meeting_apps"] == "yes"
    client.post(
        reverse("groups:edit", args=[usual.pk]),
        _form(**{"group-in_meeting_apps": "no", "group-name": "Thursday Serenity"}),
    )
    usual.refresh_from_db()
    assert not usual.in_meeting_apps
    client.post(reverse("groups:new"), _form(**{"group-name": "Own", "group-kind": "smart"}))
    assert not PeerGroup.objects.get(name="Own").in_meeting_apps
