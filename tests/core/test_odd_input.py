"""Each odd input the outside test found answering 500 now answers in plain words: a 400 that
says which parameter and why, or a form error, and nothing changes. HEAD is answered like GET
(no body) on the public pages and feeds. tests/security/test_fuzz.py sends such values to
every page; these are the named cases."""

import pytest
from django.urls import reverse

from casework.models import RescheduleRequest
from groups.models import PeerGroup
from tests.casework.helpers import appointment_make, plan_make
from tests.groups.helpers import group_with_member, next_session_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_group(supervisor, facilitator, client_record):
    return group_with_member(supervisor, facilitator, client_record)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("day=①", '"day" must be a whole number from 0 to 6.'),
        ("day=99999999999999999999", '"day" must be a whole number from 0 to 6.'),
        ("mode=%00", '"mode" must be one line of plain text.'),
        ("type=a%0Ab", '"type" must be one line of plain text.'),
    ],
)
def test_the_meeting_finder_refuses_what_it_cannot_read(client, query, words):
    response = client.get(f"{reverse('groups:finder')}?{query}")
    assert response.status_code == 400
    assert words.replace('"', "&quot;") in response.content.decode()


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "２０２６-01-05", "2026-02-30"])
def test_my_week_refuses_dates_it_cannot_show(client, case_manager, start):
    client.force_login(case_manager)
    response = client.get(f"{reverse('casework:week')}?start={start}")
    assert response.status_code == 400
    assert "YYYY-MM-DD between 1900 and 2200" in response.content.decode()


def test_the_group_calendar_refuses_a_month_at_the_end_of_time(client, facilitator):
    client.force_login(facilitator)
    url = reverse("groups:calendar")
    assert client.get(f"{url}?date=9999-12-31&view=month").status_code == 400
    assert client.get(f"{url}?date=2026-05-01&view=year").status_code == 400
    assert client.get(f"{url}?date=2026-05-01&view=month").status_code == 200


def test_a_group_name_with_a_line_break_keeps_its_ics(client, public_group):
    PeerGroup.objects.filter(pk=public_group.pk).update(name="Monday\r\nnight\nmeeting")
    response = client.get(reverse("groups:meeting_ics", args=[public_group.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Monday night meeting" in body.replace("\r\n ", "").replace("\\n", " ")


def test_a_step_comment_with_a_nul_is_a_form_error(
    client, client_user, client_record, case_manager
):
    step = plan_make(client_record, case_manager, share=True).goals.get().steps.get(owner="client")
    client.force_login(client_user)
    response = client.post(
        reverse("casework:my_step", args=[step.pk]), {"done": "on", "comment": "a\x00b"}
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    step.refresh_from_db()
    assert not step.is_done and step.client_comment == ""


def test_an_empty_request_to_move_an_appointment_is_a_form_error(
    client, client_user, client_record, case_manager
):
    appointment = appointment_make(client_record, case_manager)
    client.force_login(client_user)
    response = client.post(reverse("casework:my_reschedule", args=[appointment.pk]), {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not RescheduleRequest.objects.exists()


def test_head_is_answered_like_get_on_public_pages_and_feeds(client, public_group, client_user):
    urls = [
        reverse("groups:finder"),
        reverse("groups:meeting", args=[public_group.slug]),
        reverse("groups:meeting_ics", args=[public_group.slug]),
        reverse("groups:feed"),
    ]
    next_session_of(public_group)
    for url in urls:
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code == 200, url
        assert head["Content-Type"] == got["Content-Type"], url
        assert head.content == b"", url
