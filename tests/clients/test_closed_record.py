"""What a closed record leaves the client (issue 21, item 3; README): what the right of access
gives them stays open, check-ins, help-now, appointment requests, calendar links and joining
groups end with one plain page, and My recovery says so with whom to call."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftercare.models import CheckIn, ClientSettings, HelpRequest
from aftercare.services.checkin import checkin_record
from clients.models import ClientStatus
from clients.services.record import client_status_change
from groups.services.feed import calendar_feed_issue
from tests.casework.helpers import appointment_make
from tests.groups.helpers import make_group

STILL_OPEN = [
    "home:my_recovery",
    "casework:my_plan",
    "casework:my_notes",
    "casework:my_appointments",
    "clients:my_profile",
    "clients:my_consents",
    "clients:my_disclosures",
    "clients:my_record_views",
    "clients:my_record_download",
    "clients:my_support_network",
    "groups:mine",
    "aftercare:my_checkins",
    "aftercare:my_settings",
]
SENTENCE = "Your record with us is closed"


@pytest.fixture
def closed(client_record, case_manager, supervisor):
    """The client's record, with an appointment and a group to join, then closed."""
    appointment = appointment_make(client_record, case_manager, in_days=3)
    group = make_group(supervisor, self_enroll=True)
    client_status_change(
        client=client_record, to_status=ClientStatus.CLOSED, actor=case_manager, reason="Moved"
    )
    return {"appointment": appointment, "group": group}


def _sign_in(client, user):
    user.refresh_from_db()  # closing ended the old sessions: they sign in again
    client.force_login(user)


def _ended(client, method, url, data=None):
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 403, (url, response.status_code)
    page = response.content.decode()
    assert SENTENCE in page and "Cam Manager" in page and "988" in page
    return response


@pytest.mark.parametrize("name", STILL_OPEN)
def test_the_right_of_access_stays(client, client_user, closed, name):
    _sign_in(client, client_user)
    assert client.get(reverse(name)).status_code == 200


def test_my_recovery_says_what_ended_and_whom_to_call(client, client_user, closed):
    _sign_in(client, client_user)
    page = client.get(reverse("home:my_recovery")).content.decode()
    assert SENTENCE in page and "Cam Manager" in page


def test_what_ends_answers_with_one_plain_page(client, client_user, closed):
    _sign_in(client, client_user)
    _ended(client, "post", reverse("aftercare:my_checkins"), {"mood": "3"})
    _ended(client, "post", reverse("aftercare:my_settings"), {"checkin_frequency": "daily"})
    _ended(client, "post", reverse("aftercare:help_now"))
    assert not HelpRequest.objects.exists()
    appointment = closed["appointment"]
    _ended(client, "get", reverse("casework:my_reschedule", args=[appointment.pk]))
    _ended(client, "post", reverse("casework:my_reschedule", args=[appointment.pk]), {"x": "1"})
    assert not appointment.reschedule_requests.exists()
    _ended(client, "get", reverse("groups:calendar_link"))
    _ended(client, "post", reverse("groups:calendar_link"), {"action": "issue"})
    _ended(client, "post", reverse("groups:join", args=[closed["group"].pk]))
    assert not closed["group"].enrollments.exists()


def test_a_calendar_link_made_before_closing_ends(client, client_user, client_record, case_manager):
    _, token = calendar_feed_issue(owner=client_user)
    url = reverse("groups:calendar_feed", args=[token])
    assert client.get(url).status_code == 200
    client_status_change(
        client=client_record, to_status=ClientStatus.CLOSED, actor=case_manager, reason="Moved"
    )
    assert client.get(url).status_code == 404


def test_a_discharged_client_keeps_everything(client, client_user, client_record, case_manager):
    client_status_change(
        client=client_record, to_status=ClientStatus.DISCHARGED, actor=case_manager, reason="Done"
    )
    _sign_in(client, client_user)
    for name in ("aftercare:my_checkins", "aftercare:my_settings", "groups:calendar_link"):
        assert client.get(reverse(name)).status_code == 200, name
    assert SENTENCE not in client.get(reverse("home:my_recovery")).content.decode()


def test_past_checkins_stay_readable_without_the_form(
    client, client_user, client_record, case_manager
):
    checkin_record(
        client=client_record, actor=client_user, mood=4, craving=2, sleep="well", any_use=False
    )
    client_status_change(
        client=client_record, to_status=ClientStatus.CLOSED, actor=case_manager, reason="Moved"
    )
    _sign_in(client, client_user)
    page = client.get(reverse("aftercare:my_checkins")).content.decode()
    assert "cravings 2 of 10" in page
    assert "Send my check-in" not in page and "Talk to someone now</button>" not in page
    assert "tel:988" in page
    assert CheckIn.objects.filter(client=client_record).count() == 1


def test_the_hide_my_count_switch_stays(client, client_user, client_record, case_manager):
    client_status_change(
        client=client_record, to_status=ClientStatus.CLOSED, actor=case_manager, reason="Moved"
    )
    _sign_in(client, client_user)
    url = reverse("aftercare:my_settings")
    assert "Save my choices" not in client.get(url).content.decode()
    response = client.post(url, {"count_privacy": "1", "count_hidden": "on"})
    assert response.status_code == 302
    assert ClientSettings.objects.get(client=client_record).count_hidden
    client.post(url, {"count_privacy": "1"})
    assert not ClientSettings.objects.get(client=client_record).count_hidden
