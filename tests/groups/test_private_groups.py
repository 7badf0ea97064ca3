"""Private stays private: a group for clients only is never public (model, database, form,
admin); a public page, .ics or feed carries no link or passcode of a group not open to anyone;
rosters name people by first name and last initial unless the setting says otherwise; staff
calendars stay discreet unless the organization allows details (STAFF_CALENDAR_DETAILS_ALLOWED,
under a BAA / QSOA with the calendar provider), and then name clients by first name and last
initial and say that the names go into the calendar app."""

import pytest
import vobject
from django.db import IntegrityError, transaction
from django.urls import reverse

from groups.models import Audience, CalendarFeed, Fellowship, PeerGroup
from groups.names import roster_name
from groups.services.attendance import attendance_mark
from groups.services.feed import calendar_feed_issue
from tests.casework.helpers import appointment_make

from .helpers import make_group, next_session_of

NOT_PUBLIC = "A group for clients only cannot be listed publicly"


def test_the_database_refuses_a_public_group_for_clients_only(supervisor):
    group = make_group(supervisor, audience=Audience.CLIENTS, is_public=False)
    with (
        pytest.raises(IntegrityError, match="peergroup_clients_only_not_public"),
        transaction.atomic(),
    ):
        PeerGroup.objects.filter(pk=group.pk).update(is_public=True)


def test_the_model_explains_why(supervisor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=NOT_PUBLIC):
        make_group(supervisor, audience=Audience.CLIENTS, is_public=True)


def test_the_group_form_refuses_it_and_saves_nothing(client, case_manager):
    from tests.groups.test_group_pages import _form

    client.force_login(case_manager)
    response = client.post(reverse("groups:new"), _form(**{"group-audience": "clients"}))
    assert response.status_code == 200
    assert NOT_PUBLIC in str(response.context["form"].errors["is_public"])
    assert not PeerGroup.objects.exists()


def test_the_admin_refuses_it(client, admin_user, supervisor):
    group = make_group(supervisor, audience=Audience.CLIENTS, is_public=False)
    client.force_login(admin_user)
    url = reverse("admin:peer_groups_peergroup_change", args=[group.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "facilitators"}
    data.update(
        {
            "types": "[]",
            "is_public": "on",
            "is_active": "on",
            "schedule-TOTAL_FORMS": "0",
            "schedule-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert NOT_PUBLIC in response.content.decode()
    group.refresh_from_db()
    assert not group.is_public


@pytest.fixture
def families_online(supervisor):
    return make_group(
        supervisor,
        name="Family Circle",
        kind=Fellowship.FAMILY,
        audience=Audience.FAMILIES,
        online_url="https://meet.example.org/family-secret",
        online_notes="Passcode: 4321",
        dial_in="+15555550199,,777#",
    )


def test_no_public_page_ics_or_feed_carries_the_link_of_a_group_not_open_to_anyone(
    client, families_online
):
    slug = families_online.slug
    page = client.get(reverse("groups:meeting", args=[slug])).content.decode()
    assert "ask us for the link" in page
    ics = client.get(reverse("groups:meeting_ics", args=[slug])).content.decode()
    feed = client.get(reverse("groups:feed")).content.decode()
    assert slug in feed  # in person too, so listed by the usual rule
    for body in (page, ics, feed):
        for secret in ("family-secret", "4321", "5555550199", "777#"):
            assert secret not in body
    # The same details are public for a meeting open to anyone.
    families_online.audience = Audience.PUBLIC
    families_online.save()
    page = client.get(reverse("groups:meeting", args=[slug])).content.decode()
    assert "family-secret" in page and "4321" in page


def test_an_online_only_group_not_open_to_anyone_stays_out_of_meeting_apps(supervisor):
    from django.core.exceptions import ValidationError

    fields = {"address": "", "online_url": "https://meet.example.org/f", "kind": Fellowship.FAMILY}
    group = make_group(supervisor, audience=Audience.FAMILIES, **fields)
    assert not group.in_meeting_apps
    with pytest.raises(ValidationError, match="open to anyone"):
        make_group(supervisor, audience=Audience.FAMILIES, in_meeting_apps=True, **fields)


def test_rosters_show_first_name_and_last_initial_by_default(
    client, facilitator, held_session, client_record, settings
):
    attendance_mark(
        session=held_session, client_id=client_record.pk, status="present", actor=facilitator
    )
    client.force_login(facilitator)
    pages = [
        reverse("groups:session", args=[held_session.pk]),
        reverse("groups:detail", args=[held_session.group_id]),
        reverse("groups:history", args=[held_session.group_id]),
    ]
    first = client_record.preferred_name or client_record.legal_first_name
    short = f"{first} {client_record.legal_last_name[0]}."
    assert roster_name(client_record) == short
    for url in pages:
        body = client.get(url).content.decode()
        assert short in body and client_record.legal_last_name not in body, url
    settings.GROUP_ROSTER_NAMES = "full"
    for url in pages:
        assert f"{first} {client_record.legal_last_name}" in client.get(url).content.decode()


def _feed_titles(client, token) -> list[str]:
    text = client.get(reverse("groups:calendar_feed", args=[token])).content.decode()
    return [event.summary.value for event in vobject.readOne(text).vevent_list]


def test_staff_calendar_details_are_refused_unless_the_organization_allows_them(
    client, case_manager, client_record, settings
):
    assert settings.STAFF_CALENDAR_DETAILS_ALLOWED is False  # the default
    appointment_make(client_record, case_manager, in_days=2)
    client.force_login(case_manager)
    client.post(reverse("groups:calendar_link"), {"action": "issue"})
    page = client.get(reverse("groups:calendar_link")).content.decode()
    assert 'value="detailed"' not in page and "business associate agreement" in page
    refused = client.post(reverse("groups:calendar_link"), {"action": "detailed"}, follow=True)
    assert "Staff calendar links stay discreet here" in refused.content.decode()
    assert CalendarFeed.objects.get(owner=case_manager, revoked_at__isnull=True).discreet
    # A link made detailed while it was allowed is served discreet once it no longer is.
    settings.STAFF_CALENDAR_DETAILS_ALLOWED = True
    _, token = calendar_feed_issue(owner=case_manager, discreet=False)
    settings.STAFF_CALENDAR_DETAILS_ALLOWED = False
    assert _feed_titles(client, token) == ["Appointment"]
    # And a detailed link cannot be made while it is not.
    feed, _ = calendar_feed_issue(owner=case_manager, discreet=False)
    assert feed.discreet


def test_allowed_staff_calendar_details_name_clients_by_first_name_and_last_initial(
    client, case_manager, client_record, settings
):
    settings.STAFF_CALENDAR_DETAILS_ALLOWED = True
    appointment_make(client_record, case_manager, in_days=2)
    _, token = calendar_feed_issue(owner=case_manager, discreet=False)
    assert _feed_titles(client, token) == ["Counseling with Jamie C."]
    text = client.get(reverse("groups:calendar_feed", args=[token])).content.decode()
    assert client_record.legal_last_name not in text


def test_the_detailed_staff_calendar_says_client_names_go_to_the_calendar_app(
    client, case_manager, settings
):
    settings.STAFF_CALENDAR_DETAILS_ALLOWED = True
    client.force_login(case_manager)
    client.post(reverse("groups:calendar_link"), {"action": "issue"})
    assert CalendarFeed.objects.get(owner=case_manager).discreet  # off by default
    page = client.get(reverse("groups:calendar_link")).content.decode()
    assert "client names will appear in my calendar app" in page
    client.post(reverse("groups:calendar_link"), {"action": "detailed"})
    page = client.get(reverse("groups:calendar_link")).content.decode()
    assert "the first name and last initial of the clients you meet" in page


def test_a_session_of_a_group_for_clients_only_is_not_public(client, supervisor):
    group = make_group(supervisor, audience=Audience.CLIENTS, is_public=False)
    assert next_session_of(group) is not None
    assert client.get(reverse("groups:meeting", args=[group.slug])).status_code == 404
    assert client.get(reverse("groups:meeting_ics", args=[group.slug])).status_code == 404
