"""Clashes caught (issue 18 item 6): booking or moving an appointment that overlaps another
of the same staff member or client, or a session of a group the client is enrolled in, warns
naming the clash and saves nothing until "Book it anyway"; the week view marks overlaps."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import Appointment
from casework.services.appointment import appointment_book
from clients.models import CaseAssignment, Client, ClientStatus
from groups.models import Session
from tests.groups.helpers import group_with_member

pytestmark = pytest.mark.django_db

DAY = timezone.localdate() + timedelta(days=4)


def _at(hour, minute=0):
    return timezone.make_aware(datetime.combine(DAY, time(hour, minute)))


def _book(client_record, staff, hour, minute=0, minutes=50):
    return appointment_book(
        client=client_record,
        staff=staff,
        kind="counseling",
        starts_at=_at(hour, minute),
        duration_minutes=minutes,
        place="Room 2",
        actor=staff,
    )


def _post_new(client, client_record, staff, at="10:00", **extra):
    data = {
        "kind": "counseling",
        "staff": staff.pk,
        "day": DAY.isoformat(),
        "at": at,
        "duration_minutes": 50,
        "place": "Room 2",
        **extra,
    }
    return client.post(reverse("casework:appointment_new", args=[client_record.pk]), data)


def test_overlap_with_the_clients_own_appointment_warns_and_saves_nothing(
    client, client_record, case_manager
):
    _book(client_record, case_manager, 9, 30)
    client.force_login(case_manager)
    response = _post_new(client, client_record, case_manager, at="10:00")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This time overlaps" in page
    assert f"{client_record.display_name} already has an appointment with" in page
    assert "09:30–10:20" in page
    assert "Book it anyway" in page
    assert Appointment.objects.count() == 1


def test_overlap_with_another_clients_appointment_of_the_same_staff_member_warns(
    client, client_record, other_client_record, case_manager
):
    _book(other_client_record, case_manager, 10, 30)
    client.force_login(case_manager)
    page = _post_new(client, client_record, case_manager).content.decode()
    assert f"{case_manager.get_full_name()} has an appointment with another client" in page
    assert other_client_record.display_name not in page
    assert Appointment.objects.count() == 1


def test_overlap_with_a_session_of_the_clients_group_warns(
    client, client_record, case_manager, supervisor, facilitator
):
    group = group_with_member(supervisor, facilitator, client_record)
    Session.objects.create(group=group, occurs_on=DAY, starts_at=_at(10, 45), ends_at=_at(12))
    client.force_login(case_manager)
    page = _post_new(client, client_record, case_manager).content.decode()
    assert "enrolled in the group “Circle of Hope”" in page
    assert Appointment.objects.count() == 0


def test_adjacent_appointments_do_not_clash(client, client_record, case_manager):
    _book(client_record, case_manager, 9, 10)  # ends 10:00
    _book(client_record, case_manager, 10, 50)  # starts when the new one ends
    client.force_login(case_manager)
    response = _post_new(client, client_record, case_manager, at="10:00")
    assert response.status_code == 302
    assert Appointment.objects.count() == 3


def test_book_it_anyway_saves_the_booking(client, client_record, case_manager):
    _book(client_record, case_manager, 10)
    client.force_login(case_manager)
    response = _post_new(client, client_record, case_manager, clash_ok="1")
    assert response.status_code == 302
    assert Appointment.objects.filter(starts_at=_at(10)).count() == 2


def test_moving_onto_a_clash_warns_and_moves_nothing_until_confirmed(
    client, client_record, other_client_record, case_manager
):
    _book(other_client_record, case_manager, 14)
    mine = _book(client_record, case_manager, 9)
    client.force_login(case_manager)
    url = reverse("casework:appointment_move", args=[client_record.pk, mine.pk])
    data = {"day": DAY.isoformat(), "at": "14:30", "duration_minutes": 50, "place": "Room 2"}
    page = client.post(url, data).content.decode()
    assert "has an appointment with another client" in page
    assert "Move it anyway" in page
    mine.refresh_from_db()
    assert mine.is_scheduled and mine.starts_at == _at(9)
    assert client.post(url, {**data, "clash_ok": "1"}).status_code == 302
    mine.refresh_from_db()
    assert mine.rescheduled_to.starts_at == _at(14, 30)


def test_moving_an_appointment_within_its_own_time_is_no_clash(client, client_record, case_manager):
    mine = _book(client_record, case_manager, 9)
    client.force_login(case_manager)
    url = reverse("casework:appointment_move", args=[client_record.pk, mine.pk])
    data = {"day": DAY.isoformat(), "at": "09:15", "duration_minutes": 50, "place": "Room 2"}
    assert client.post(url, data).status_code == 302


def _week_url():
    return reverse("casework:week") + f"?start={DAY.isoformat()}"


def test_the_week_view_marks_overlapping_appointments_only(client, client_record, case_manager):
    _book(client_record, case_manager, 9)  # 9:00–9:50
    _book(client_record, case_manager, 9, 30)  # overlaps the first
    _book(client_record, case_manager, 9, 50, minutes=10)  # overlaps the second only
    _book(client_record, case_manager, 15)  # alone
    _book(client_record, case_manager, 15, 50)  # adjacent: no overlap
    client.force_login(case_manager)
    page = client.get(_week_url()).content.decode()
    assert page.count("Overlaps another appointment") == 3


def _populate(n, case_manager):
    people = Client.objects.bulk_create(
        Client(legal_first_name=f"Person{i}", legal_last_name="Week", status=ClientStatus.ACTIVE)
        for i in range(n)
    )
    CaseAssignment.objects.bulk_create(
        CaseAssignment(client=c, case_manager=case_manager) for c in people
    )
    Appointment.objects.bulk_create(
        Appointment(client=c, staff=case_manager, starts_at=_at(10, i % 30), place="Office")
        for i, c in enumerate(people)
    )


def test_the_week_view_runs_as_many_queries_for_many_overlaps_as_for_few(
    client, case_manager, client_record, django_assert_max_num_queries
):
    client.force_login(case_manager)
    _populate(3, case_manager)
    with CaptureQueriesContext(connection) as small:
        page = client.get(_week_url()).content.decode()
    assert page.count("Overlaps another appointment") == 3
    _populate(60, case_manager)
    with django_assert_max_num_queries(len(small)):
        page = client.get(_week_url()).content.decode()
    assert page.count("Overlaps another appointment") == 63
