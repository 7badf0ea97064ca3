"""The roster offers attendance buttons only from when attendance can be taken (an hour
before the session starts), and says from when until then (issue 18 item 5)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Attendance, Session
from groups.services.session import session_cancel
from tests.page_forms import statuses_of_every_submission

pytestmark = pytest.mark.django_db


def _session(group, *, hours_from_now: float) -> Session:
    starts = timezone.now() + dt.timedelta(hours=hours_from_now)
    return Session.objects.create(
        group=group,
        occurs_on=timezone.localdate() + dt.timedelta(days=300 + int(hours_from_now)),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )


def test_a_future_session_roster_has_no_attendance_buttons_and_says_when(
    client, facilitator, peer_group, client_record
):
    session = _session(peer_group, hours_from_now=26)
    client.force_login(facilitator)
    page = client.get(reverse("groups:session", args=[session.pk])).content.decode()
    assert "Attendance can be taken from" in page
    assert reverse("groups:attendance_mark", args=[session.pk]) not in page
    assert reverse("groups:attendance_all", args=[session.pk]) not in page
    assert "Mark all present" not in page


def test_from_an_hour_before_the_roster_offers_buttons_and_a_tap_succeeds(
    client, facilitator, peer_group, client_record
):
    session = _session(peer_group, hours_from_now=0.5)
    client.force_login(facilitator)
    page = client.get(reverse("groups:session", args=[session.pk])).content.decode()
    assert "Attendance can be taken from" not in page
    assert reverse("groups:attendance_mark", args=[session.pk]) in page
    response = client.post(
        reverse("groups:attendance_mark", args=[session.pk]),
        {"client": client_record.pk, "status": "present"},
    )
    assert response.status_code == 302
    assert Attendance.objects.get(session=session, client=client_record).status == "present"


@pytest.mark.parametrize("state", ["tomorrow", "soon", "held", "cancelled"])
def test_every_form_on_a_roster_succeeds(client, facilitator, supervisor, peer_group, state):
    hours = {"tomorrow": 26, "soon": 0.5, "held": -2, "cancelled": 30}[state]
    session = _session(peer_group, hours_from_now=hours)
    if state == "cancelled":
        session_cancel(session=session, actor=supervisor, reason="Room unavailable")
    url = reverse("groups:session", args=[session.pk])
    results = statuses_of_every_submission(client, facilitator, url)
    assert results
    assert [r for r in results if r[1] >= 400] == []
