"""Private stays private: a group for clients only is never public (model, database, form,
admin); a public page, .ics or feed carries no link or passcode of a group not open to anyone;
rosters name people by first name and last initial unless the setting says otherwise; the
detailed staff calendar says that client names will go into the calendar app."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from groups.models import Audience, CalendarFeed, Fellowship, PeerGroup
from groups.names import roster_name
from groups.services.attendance import attendance_mark

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


def test_the_detailed_staff_calendar_says_client_names_go_to_the_calendar_app(client, case_manager):
    client.force_login(case_manager)
    client.post(reverse("groups:calendar_link"), {"action": "issue"})
    assert CalendarFeed.objects.get(owner=case_manager).discreet  # off by default
    page = client.get(reverse("groups:calendar_link")).content.decode()
    assert "client names will appear in my calendar app" in page
    client.post(reverse("groups:calendar_link"), {"action": "detailed"})
    page = client.get(reverse("groups:calendar_link")).content.decode()
    assert "the names of the clients you meet" in page


def test_a_session_of_a_group_for_clients_only_is_not_public(client, supervisor):
    group = make_group(supervisor, audience=Audience.CLIENTS, is_public=False)
    assert next_session_of(group) is not None
    assert client.get(reverse("groups:meeting", args=[group.slug])).status_code == 404
    assert client.get(reverse("groups:meeting_ics", args=[group.slug])).status_code == 404
