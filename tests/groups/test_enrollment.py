"""Enrollment, the waiting list and RSVPs, including two people taking the last place at the
same moment on real PostgreSQL connections."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from groups.models import Audience, Enrollment, EnrollmentStatus
from groups.services.enrollment import enrollment_add, enrollment_end, group_join, rsvp_set
from recovery_portal.notifications.models import Reminder, ReminderState
from tests.factories import ClientFactory, UserFactory

from .helpers import make_group, next_session_of


def _status(group, client) -> str:
    return (
        Enrollment.objects.exclude(status=EnrollmentStatus.LEFT)
        .get(group=group, client=client)
        .status
    )


@pytest.fixture
def clients(case_manager, supervisor):
    return [ClientFactory(case_manager=case_manager, actor=supervisor) for _ in range(3)]


def test_a_full_group_keeps_a_waiting_list_and_promotes_from_it(supervisor, case_manager, clients):
    group = make_group(supervisor, capacity=1)
    first, second, third = clients
    enrollment_add(group=group, client=first, actor=case_manager)
    enrollment_add(group=group, client=second, actor=case_manager)
    enrollment_add(group=group, client=third, actor=case_manager)
    assert [_status(group, c) for c in clients] == ["enrolled", "waiting", "waiting"]

    promoted = enrollment_end(
        enrollment=Enrollment.objects.get(group=group, client=first), actor=case_manager
    )
    assert [e.client for e in promoted] == [second]
    assert _status(group, second) == "enrolled"
    assert _status(group, third) == "waiting"


def test_a_newcomer_does_not_jump_the_waiting_list(supervisor, case_manager, clients):
    group = make_group(supervisor, capacity=1)
    first, second, third = clients
    enrollment_add(group=group, client=first, actor=case_manager)
    enrollment_add(group=group, client=second, actor=case_manager)
    Enrollment.objects.filter(group=group, client=first).update(status=EnrollmentStatus.LEFT)
    enrollment_add(group=group, client=third, actor=case_manager)
    assert _status(group, third) == "waiting"


def test_a_client_cannot_be_enrolled_twice(supervisor, case_manager, clients):
    group = make_group(supervisor)
    enrollment_add(group=group, client=clients[0], actor=case_manager)
    with pytest.raises(ValidationError):
        enrollment_add(group=group, client=clients[0], actor=case_manager)
    assert Enrollment.objects.filter(group=group).count() == 1


def test_a_client_joins_an_open_group_but_not_an_internal_one(supervisor, client_record):
    open_group = make_group(supervisor, self_enroll=True, audience=Audience.CLIENTS)
    closed_group = make_group(supervisor, self_enroll=False)
    assert group_join(group=open_group, client=client_record).status == "enrolled"
    with pytest.raises(ValidationError):
        group_join(group=closed_group, client=client_record)


def test_a_client_joins_from_my_meetings_and_can_leave(
    client, client_user, client_record, supervisor
):
    group = make_group(supervisor, self_enroll=True, audience=Audience.CLIENTS, name="Skills")
    client.force_login(client_user)
    page = client.get(reverse("groups:mine"))
    assert "Join Skills" in page.content.decode()
    client.post(reverse("groups:join", args=[group.pk]))
    enrollment = Enrollment.objects.get(group=group, client=client_record)
    assert enrollment.status == "enrolled"
    client.post(reverse("groups:leave", args=[enrollment.pk]))
    enrollment.refresh_from_db()
    assert enrollment.status == "left"


def test_a_client_cannot_leave_someone_elses_enrollment(
    client, other_client_user, other_client_record, client_record, supervisor
):
    group = make_group(supervisor)
    enrollment = enrollment_add(group=group, client=client_record, actor=supervisor)
    client.force_login(other_client_user)
    assert client.post(reverse("groups:leave", args=[enrollment.pk])).status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.status == "enrolled"


def test_a_case_manager_enrolls_only_clients_of_their_caseload(
    client, other_case_manager, client_record, supervisor
):
    group = make_group(supervisor)
    client.force_login(other_case_manager)
    response = client.post(reverse("groups:enroll", args=[group.pk]), {"client": client_record.pk})
    assert response.status_code == 200  # the form again, with an error
    assert not Enrollment.objects.filter(group=group).exists()


def test_rsvp_not_going_stops_the_reminder_and_going_brings_it_back(supervisor, client_record):
    group = make_group(supervisor)
    enrollment_add(group=group, client=client_record, actor=supervisor)
    session = next_session_of(group)
    mine = Reminder.objects.filter(source_id=str(session.pk), recipient=client_record.user)
    assert mine.get().state == ReminderState.SCHEDULED
    rsvp_set(session=session, client=client_record, answer="not_going")
    assert mine.get().state == ReminderState.CANCELLED
    rsvp_set(session=session, client=client_record, answer="going")
    assert mine.get().state == ReminderState.SCHEDULED


def test_only_members_may_rsvp(
    supervisor, client, other_client_user, other_client_record, client_record
):
    group = make_group(supervisor)
    enrollment_add(group=group, client=client_record, actor=supervisor)
    session = next_session_of(group)
    with pytest.raises(ValidationError):
        rsvp_set(session=session, client=other_client_record, answer="going")
    client.force_login(other_client_user)
    assert (
        client.post(reverse("groups:rsvp", args=[session.pk]), {"answer": "going"}).status_code
        == 404
    )


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_place_at_once_leaves_one_enrolled_and_one_waiting():
    """Two threads, two PostgreSQL connections: both see one free place; the group's row lock
    makes the second wait for the first to commit, count again and join the waiting list."""
    from recovery_portal.accounts.roles import Role

    supervisor = UserFactory(role=Role.SUPERVISOR)
    group = make_group(supervisor, capacity=1)
    people = [ClientFactory(case_manager=supervisor, actor=supervisor) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def take(client):
        try:
            barrier.wait(timeout=10)
            enrollment_add(group=group, client=client, actor=supervisor)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(c,)) for c in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    statuses = sorted(Enrollment.objects.filter(group=group).values_list("status", flat=True))
    assert statuses == ["enrolled", "waiting"]


@pytest.mark.django_db(transaction=True)
def test_a_place_that_opens_while_someone_new_asks_goes_to_the_person_waiting():
    from recovery_portal.accounts.roles import Role

    supervisor = UserFactory(role=Role.SUPERVISOR)
    group = make_group(supervisor, capacity=1)
    member, waiting, newcomer = (
        ClientFactory(case_manager=supervisor, actor=supervisor) for _ in range(3)
    )
    leaving = enrollment_add(group=group, client=member, actor=supervisor)
    enrollment_add(group=group, client=waiting, actor=supervisor)
    barrier = threading.Barrier(2)
    errors = []

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=run, args=(lambda: enrollment_end(enrollment=leaving, actor=supervisor),)
        ),
        threading.Thread(
            target=run,
            args=(lambda: enrollment_add(group=group, client=newcomer, actor=supervisor),),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert _status(group, waiting) == "enrolled"
    assert _status(group, newcomer) == "waiting"
    assert Enrollment.objects.filter(group=group, status="enrolled").count() == 1
