"""The public Meeting Guide feed (checked with jsonschema against code4recovery's schema) and the
iCalendar output (written with icalendar, read back with vobject, an independent parser)."""

import datetime as dt
import json

import jsonschema
import pytest
import vobject
from django.urls import reverse
from django.utils import timezone
from referencing import Registry, Resource

from groups.meeting_guide.spec import meeting_types, schema
from groups.models import CalendarFeed, Frequency
from groups.models.feed import token_digest
from groups.services.enrollment import enrollment_add
from groups.services.feed import calendar_feed_issue
from groups.services.session import session_cancel
from recovery_portal.audit.models import AuditEvent
from tests.casework.helpers import appointment_make

from .helpers import make_group, next_session_of


def _validator():
    meeting, types = schema("meeting"), schema("meeting-type")
    registry = Registry().with_resource(types["$id"], Resource.from_contents(types))
    return jsonschema.Draft7Validator(
        meeting, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


@pytest.fixture
def listed(supervisor, facilitator, client_record):
    in_person = make_group(
        supervisor, facilitators=[facilitator], name="Tuesday Hope", types=["O", "D"]
    )
    online = make_group(
        supervisor,
        name="Midday SMART",
        address="",
        city="",
        state="",
        postal_code="",
        location_name="",
        online_url="https://meet.example.org/smart",
        online_notes="Passcode: hope",
        dial_in="+1 555 555 0100",
        schedule_overrides={"weekdays": [0, 2, 4], "start_time": dt.time(12, 30)},
    )
    internal = make_group(supervisor, name="Private Circle", is_public=False)
    biweekly = make_group(
        supervisor, name="Every Other", schedule_overrides={"frequency": Frequency.BIWEEKLY}
    )
    for group in (in_person, internal):
        enrollment_add(group=group, client=client_record, actor=supervisor)
    return {"in_person": in_person, "online": online, "internal": internal, "biweekly": biweekly}


def test_the_feed_validates_against_the_meeting_guide_schema(client, listed):
    response = client.get(reverse("groups:feed"))
    feed = response.json()
    assert isinstance(feed, list) and len(feed) == 2
    validator = _validator()
    for meeting in feed:
        errors = [e.message for e in validator.iter_errors(meeting)]
        assert errors == [], (meeting["slug"], errors)
        assert set(meeting["types"]) <= set(meeting_types())
        assert meeting["address"] if "address" in meeting else meeting["conference_url"]
        dt.datetime.strptime(meeting["updated"], "%Y-%m-%d %H:%M:%S")
    slugs = [m["slug"] for m in feed]
    assert len(set(slugs)) == len(slugs)


def test_the_feed_uses_sunday_zero_days_and_24_hour_times(client, listed):
    feed = {m["name"]: m for m in client.get(reverse("groups:feed")).json()}
    smart = feed["Midday SMART"]
    assert smart["day"] == [1, 3, 5]  # Monday, Wednesday, Friday
    assert smart["time"] == "12:30" and smart["end_time"] == "13:30"
    assert smart["timezone"] == "America/New_York"
    assert smart["conference_phone"] == "+15555550100"


def test_the_feed_holds_no_private_group_no_member_and_no_facilitator(
    client, listed, client_record, facilitator
):
    body = client.get(reverse("groups:feed")).content.decode()
    for private in (
        "Private Circle",
        "Every Other",  # not weekly: Meeting Guide cannot say "every other week"
        client_record.legal_last_name,
        client_record.legal_first_name,
        facilitator.full_name,
        facilitator.full_name.split()[-1],
        facilitator.email,
    ):
        assert private not in body


def test_the_feed_is_open_to_other_sites_and_cacheable(client, listed):
    response = client.get(reverse("groups:feed"))
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    assert response["Content-Type"].startswith("application/json")
    assert response["Last-Modified"].endswith("GMT")


def test_a_public_meeting_downloads_as_a_calendar_another_library_can_read(client, listed):
    group = listed["in_person"]
    session = next_session_of(group)
    from recovery_portal.accounts.models import User

    session_cancel(
        session=session, actor=User.objects.get(email="supervisor@example.test"), reason="Snow"
    )
    response = client.get(reverse("groups:meeting_ics", args=[group.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    parsed = vobject.readOne(response.content.decode())
    events = parsed.vevent_list
    upcoming = group.sessions.filter(ends_at__gt=timezone.now()).count()
    assert len(events) == min(upcoming, 12) > 1
    assert {e.summary.value for e in events} == {"Tuesday Hope"}
    uids = [e.uid.value for e in events]
    assert len(set(uids)) == len(uids)
    cancelled = [e for e in events if e.uid.value == f"session-{session.pk}@recovery-portal"]
    assert cancelled[0].status.value == "CANCELLED"
    assert all(
        e.dtstart.value.tzinfo is not None and e.dtstart.value.utcoffset() == dt.timedelta(0)
        for e in events
    )
    # Long lines are folded at 75 octets (RFC 5545 §3.1).
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))


def test_a_private_feed_gives_the_clients_sessions_with_discreet_titles(
    client, client_user, listed
):
    _, token = calendar_feed_issue(owner=client_user)
    response = client.get(reverse("groups:calendar_feed", args=[token]))
    text = response.content.decode()
    parsed = vobject.readOne(text)
    titles = {e.summary.value for e in parsed.vevent_list}
    assert titles == {"Meeting"}
    assert "Tuesday Hope" not in text and "Private Circle" not in text and "Main St" not in text
    assert len(parsed.vevent_list) == 16  # the next eight weeks of both groups
    assert "no-store" in response["Cache-Control"]


def test_the_owner_may_turn_titles_on_and_the_uids_stay_the_same(client, client_user, listed):
    _, token = calendar_feed_issue(owner=client_user)
    url = reverse("groups:calendar_feed", args=[token])
    before = {e.uid.value for e in vobject.readOne(client.get(url).content.decode()).vevent_list}
    client.force_login(client_user)
    client.post(reverse("groups:calendar_link"), {"action": "detailed"})
    client.logout()
    parsed = vobject.readOne(client.get(url).content.decode())
    assert {e.uid.value for e in parsed.vevent_list} == before
    assert "Tuesday Hope" in {e.summary.value for e in parsed.vevent_list}


def test_the_token_is_stored_as_a_digest_and_a_new_one_revokes_the_old(client, client_user, listed):
    old_feed, old = calendar_feed_issue(owner=client_user)
    assert old_feed.token_digest == token_digest(old) and old not in old_feed.token_digest
    client.force_login(client_user)
    page = client.post(reverse("groups:calendar_link"), {"action": "issue"}).content.decode()
    client.logout()
    new_url = page.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    assert client.get(reverse("groups:calendar_feed", args=[old])).status_code == 404
    assert client.get(new_url).status_code == 200
    client.force_login(client_user)
    client.post(reverse("groups:calendar_link"), {"action": "revoke"})
    client.logout()
    assert client.get(new_url).status_code == 404
    assert CalendarFeed.objects.filter(owner=client_user, revoked_at__isnull=True).count() == 0


def test_opening_a_feed_is_audited_once_a_day(client, client_user, listed, time_machine):
    time_machine.move_to(dt.datetime(2027, 5, 3, 9, tzinfo=dt.UTC), tick=False)
    _, token = calendar_feed_issue(owner=client_user)
    url = reverse("groups:calendar_feed", args=[token])
    for _ in range(5):
        client.get(url)
    opened = AuditEvent.objects.filter(action="groups.calendar_feed.open")
    assert opened.count() == 1
    time_machine.move_to(dt.datetime(2027, 5, 4, 9, tzinfo=dt.UTC), tick=False)
    client.get(url)
    assert opened.count() == 2


def test_a_facilitator_feed_lists_the_groups_they_run(client, facilitator, listed):
    _, token = calendar_feed_issue(owner=facilitator)
    parsed = vobject.readOne(
        client.get(reverse("groups:calendar_feed", args=[token])).content.decode()
    )
    assert len(parsed.vevent_list) == 8


def test_the_feed_serialises_as_json_exactly_once_per_meeting(client, listed):
    body = json.loads(client.get(reverse("groups:feed")).content)
    assert sorted(m["slug"] for m in body) == sorted(
        [listed["in_person"].slug, listed["online"].slug]
    )


def test_a_renamed_meeting_keeps_its_slug_in_the_feed(client, listed, supervisor):
    from groups.services.group import group_update

    group = listed["in_person"]
    group_update(group=group, actor=supervisor, name="Tuesday Hope (new name)")
    feed = {m["slug"]: m for m in client.get(reverse("groups:feed")).json()}
    assert feed[group.slug]["name"] == "Tuesday Hope (new name)"


def test_the_private_feed_also_holds_casework_appointments_discreetly(
    client, client_user, client_record, case_manager
):
    """Appointments join the same feed through casework's ``calendar_sources`` declaration."""
    appointment = appointment_make(client_record, case_manager, in_days=2)
    _, token = calendar_feed_issue(owner=client_user)
    text = client.get(reverse("groups:calendar_feed", args=[token])).content.decode()
    [event] = vobject.readOne(text).vevent_list
    assert event.summary.value == "Appointment"
    assert f"appointment-{appointment.pk}" not in event.uid.value  # its own UID in this feed
    assert case_manager.get_full_name() not in text


def test_private_uids_link_back_to_nothing_and_the_feed_names_nothing(
    client, client_user, facilitator, listed, settings
):
    """Issue 21, item 4: an event of a private feed cannot be matched to the public .ics of its
    meeting, nor to the same event in someone else's feed; PRODID and the calendar's name are
    the neutral sender name."""
    group = listed["in_person"]
    public = vobject.readOne(
        client.get(reverse("groups:meeting_ics", args=[group.slug])).content.decode()
    )
    public_uids = {e.uid.value for e in public.vevent_list}
    assert "Recovery" not in public.prodid.value and "Meetings" not in public.prodid.value

    def private(owner):
        _, token = calendar_feed_issue(owner=owner)
        url = reverse("groups:calendar_feed", args=[token])
        first, again = (vobject.readOne(client.get(url).content.decode()) for _ in range(2))
        uids = [e.uid.value for e in first.vevent_list]
        assert uids == [e.uid.value for e in again.vevent_list]  # stable across refreshes
        return first, set(uids)

    mine, client_uids = private(client_user)
    theirs, facilitator_uids = private(facilitator)
    assert client_uids and facilitator_uids
    assert not client_uids & public_uids and not facilitator_uids & public_uids
    assert not client_uids & facilitator_uids  # the same sessions, unlinkable across feeds
    assert not any("session" in uid or "recovery" in uid.lower() for uid in client_uids)
    for cal in (mine, theirs):
        assert cal.prodid.value == f"-//{settings.DISCREET_SENDER_NAME}//Calendar//EN"
        assert cal.contents["x-wr-calname"][0].value == settings.DISCREET_SENDER_NAME
