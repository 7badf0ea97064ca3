"""The facilitator's roster: names only, one tap per person, mark all present, walk-ins from
the group's members; history per group and per client, each person seeing only their share."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Attendance, Session
from groups.names import roster_name
from groups.services.attendance import attendance_mark
from groups.services.enrollment import enrollment_add, enrollment_end
from recovery_portal.audit.models import AuditEvent
from tests.factories import ClientFactory

from .helpers import make_group


def _roster(client, session):
    return client.get(reverse("groups:session", args=[session.pk]))


def test_the_roster_shows_names_and_nothing_clinical(
    client, facilitator, held_session, client_record
):
    client_record.risk_flags = ["recent overdose"]
    client_record.save()
    client.force_login(facilitator)
    page = _roster(client, held_session).content.decode()
    assert roster_name(client_record) in page
    for private in (
        client_record.email,
        client_record.phone,
        "overdose",
        str(client_record.date_of_birth.year),
    ):
        assert private not in page
    assert reverse("home:client_overview", args=[client_record.pk]) not in page
    assert AuditEvent.objects.filter(action="groups.roster.view", actor=facilitator).exists()


def test_one_tap_marks_a_person_and_a_second_tap_corrects_it(
    client, facilitator, held_session, client_record
):
    client.force_login(facilitator)
    url = reverse("groups:attendance_mark", args=[held_session.pk])
    response = client.post(url, {"client": client_record.pk, "status": "late"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#person-{client_record.pk}")
    client.post(url, {"client": client_record.pk, "status": "present"})
    assert Attendance.objects.get(session=held_session, client=client_record).status == "present"


def test_mark_all_present_keeps_marks_already_made(
    client, facilitator, supervisor, held_session, client_record
):
    other = ClientFactory(case_manager=supervisor, actor=supervisor)
    enrollment_add(group=held_session.group, client=other, actor=supervisor)
    attendance_mark(
        session=held_session, client_id=client_record.pk, status="excused", actor=facilitator
    )
    client.force_login(facilitator)
    client.post(reverse("groups:attendance_all", args=[held_session.pk]))
    marks = dict(Attendance.objects.filter(session=held_session).values_list("client_id", "status"))
    assert marks == {client_record.pk: "excused", other.pk: "present"}


def test_a_bad_status_or_a_stranger_changes_nothing(
    client, facilitator, held_session, other_client_record
):
    client.force_login(facilitator)
    url = reverse("groups:attendance_mark", args=[held_session.pk])
    client.post(url, {"client": other_client_record.pk, "status": "present"})
    client.post(url, {"client": "nobody", "status": "present"})
    client.post(url, {"client": other_client_record.pk, "status": "asleep"})
    assert not Attendance.objects.exists()


def test_a_walk_in_is_found_among_the_groups_members_only(
    client, facilitator, supervisor, held_session, other_client_record
):
    former = ClientFactory(case_manager=supervisor, actor=supervisor, legal_first_name="Quinn")
    stranger = ClientFactory(case_manager=supervisor, actor=supervisor, legal_first_name="Quincy")
    enrollment_end(
        enrollment=enrollment_add(group=held_session.group, client=former, actor=supervisor),
        actor=supervisor,
    )
    client.force_login(facilitator)
    page = client.get(
        reverse("groups:session", args=[held_session.pk]), {"q": "Quin"}
    ).content.decode()
    assert roster_name(former) in page
    assert roster_name(stranger) not in page
    client.post(
        reverse("groups:attendance_mark", args=[held_session.pk]),
        {"client": former.pk, "status": "present", "walk_in": "1"},
    )
    mark = Attendance.objects.get(session=held_session, client=former)
    assert mark.walk_in and mark.status == "present"
    assert roster_name(former) in _roster(client, held_session).content.decode()


def test_attendance_cannot_be_taken_for_a_session_days_ahead(
    facilitator, peer_group, client_record
):
    from django.core.exceptions import ValidationError

    later = Session.objects.filter(
        group=peer_group, starts_at__gt=timezone.now() + dt.timedelta(days=2)
    ).first()
    with pytest.raises(ValidationError):
        attendance_mark(
            session=later, client_id=client_record.pk, status="present", actor=facilitator
        )


def test_a_facilitator_sees_only_the_groups_they_run(client, facilitator, supervisor, held_session):
    other_group = make_group(supervisor, name="Someone else's group")
    other_session = Session.objects.filter(group=other_group).first()
    client.force_login(facilitator)
    listing = client.get(reverse("groups:list")).content.decode()
    assert held_session.group.name in listing
    assert other_group.name not in listing
    assert client.get(reverse("groups:detail", args=[other_group.pk])).status_code == 404
    assert _roster(client, other_session).status_code == 404


def test_a_case_manager_sees_only_their_own_clients_in_a_group(
    client, case_manager, other_case_manager, supervisor, held_session, client_record
):
    attendance_mark(
        session=held_session, client_id=client_record.pk, status="present", actor=supervisor
    )
    client.force_login(other_case_manager)
    for url in (
        reverse("groups:detail", args=[held_session.group.pk]),
        reverse("groups:history", args=[held_session.group.pk]),
    ):
        assert roster_name(client_record) not in client.get(url).content.decode()
    client.force_login(case_manager)
    history = client.get(reverse("groups:history", args=[held_session.group.pk])).content.decode()
    assert roster_name(client_record) in history
    tab = client.get(reverse("groups:record_meetings", args=[client_record.pk])).content.decode()
    assert held_session.group.name in tab and "present" in tab


def test_a_client_sees_their_own_attendance_only(
    client,
    client_user,
    other_client_user,
    other_client_record,
    supervisor,
    held_session,
    client_record,
):
    enrollment_add(group=held_session.group, client=other_client_record, actor=supervisor)
    attendance_mark(
        session=held_session, client_id=client_record.pk, status="late", actor=supervisor
    )
    attendance_mark(
        session=held_session, client_id=other_client_record.pk, status="absent", actor=supervisor
    )
    client.force_login(client_user)
    page = client.get(reverse("groups:mine")).content.decode()
    assert "late" in page
    assert "absent" not in page
    assert roster_name(other_client_record) not in page


def test_outside_meetings_are_counted_per_week_for_the_case_manager(
    client, client_user, case_manager, client_record
):
    client.force_login(client_user)
    today = timezone.localdate()
    for days in (0, 1):
        client.post(
            reverse("groups:outside_log"),
            {"name": "Downtown Big Book", "attended_on": today - dt.timedelta(days=days)},
        )
    response = client.post(
        reverse("groups:outside_log"),
        {"name": "Future", "attended_on": today + dt.timedelta(days=3)},
    )
    assert "has not come yet" in response.content.decode()
    from groups.selectors.mine import outside_meetings_per_week

    weeks = outside_meetings_per_week(client_record)
    assert sum(w["count"] for w in weeks) == 2
    client.force_login(case_manager)
    tab = client.get(reverse("groups:record_meetings", args=[client_record.pk])).content.decode()
    assert "Downtown Big Book" in tab


def test_a_case_manager_who_leads_a_group_takes_its_roster(
    client, other_case_manager, supervisor, client_record
):
    group = make_group(supervisor, facilitators=[other_case_manager])
    enrollment_add(group=group, client=client_record, actor=supervisor)
    starts = timezone.now() - dt.timedelta(hours=1)
    session = Session.objects.create(
        group=group,
        occurs_on=dt.date(2001, 1, 1),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    client.force_login(other_case_manager)
    page = _roster(client, session)
    assert page.status_code == 200
    # The roster has the name; the client's record stays out of this case manager's reach.
    assert roster_name(client_record) in page.content.decode()
    assert client.get(reverse("groups:record_meetings", args=[client_record.pk])).status_code == 404


def test_a_tap_recorded_in_the_background_answers_with_json(
    client, facilitator, held_session, client_record
):
    client.force_login(facilitator)
    url = reverse("groups:attendance_mark", args=[held_session.pk])
    ok = client.post(
        url, {"client": client_record.pk, "status": "late"}, headers={"X-Requested-With": "fetch"}
    )
    assert ok.status_code == 200 and ok.json() == {"status": "late"}
    bad = client.post(
        url, {"client": client_record.pk, "status": "asleep"}, headers={"X-Requested-With": "fetch"}
    )
    assert bad.status_code == 400 and "Choose present" in bad.json()["error"]
    assert Attendance.objects.get(session=held_session, client=client_record).status == "late"
