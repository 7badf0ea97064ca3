"""Pages keep a fixed number of queries however large the group or the finder."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from groups.models import Attendance, Enrollment, Session
from groups.services.attendance import attendance_mark

from .helpers import make_group


def _members(group, n: int, supervisor) -> None:
    """``n`` members added in bulk (the services are tested elsewhere; this is about size)."""
    clients = Client.objects.bulk_create(
        [
            Client(legal_first_name=f"Member{i}", legal_last_name="Test", status="active")
            for i in range(n)
        ]
    )
    Enrollment.objects.bulk_create(
        [Enrollment(group=group, client=c, status="enrolled", added_by=supervisor) for c in clients]
    )


def _held(group) -> Session:
    starts = timezone.now() - dt.timedelta(hours=2)
    return Session.objects.create(
        group=group,
        occurs_on=dt.date(2000, 1, 1),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["groups:session", "groups:detail", "groups:history"])
def test_group_pages_cost_the_same_for_5_and_200_members(client, supervisor, facilitator, page):
    counts = []
    for size in (5, 200):
        group = make_group(supervisor, facilitators=[facilitator])
        _members(group, size, supervisor)
        session = _held(group)
        for enrollment in Enrollment.objects.filter(group=group)[:3]:
            attendance_mark(
                session=session, client_id=enrollment.client_id, status="present", actor=facilitator
            )
        client.force_login(facilitator)
        target = session.pk if page == "groups:session" else group.pk
        counts.append(_count(client, reverse(page, args=[target])))
    assert counts[0] == counts[1]


def test_the_finder_costs_the_same_for_5_and_200_meetings(client, supervisor):
    counts = []
    for groups, days in ((1, [0, 1, 2, 3, 4]), (29, list(range(7)))):
        Session.objects.update(status="cancelled")  # earlier rounds still show, marked
        for _ in range(groups):
            make_group(supervisor, schedule_overrides={"weekdays": days, "ends_on": _week_on()})
        response_count = _count(client, reverse("groups:finder"))
        counts.append(response_count)
    shown = client.get(reverse("groups:finder")).context["sessions"]
    assert len(shown) >= 200
    assert counts[0] == counts[1]


def test_the_feed_and_calendar_cost_the_same_however_many_meetings(client, supervisor, facilitator):
    counts = []
    for size in (2, 20):
        for _ in range(size):
            make_group(supervisor, facilitators=[facilitator])
        client.force_login(facilitator)
        counts.append(
            (
                _count(client, reverse("groups:feed")),
                _count(client, reverse("groups:calendar") + "?view=month"),
            )
        )
    assert counts[0] == counts[1]


def test_my_meetings_costs_the_same_however_many_groups(
    client, client_user, client_record, supervisor
):
    from groups.services.enrollment import enrollment_add

    counts = []
    for size in (1, 8):
        for _ in range(size):
            group = make_group(supervisor, self_enroll=True, audience="clients")
            enrollment_add(group=group, client=client_record, actor=supervisor)
            make_group(supervisor, self_enroll=True, audience="clients")
        client.force_login(client_user)
        counts.append(_count(client, reverse("groups:mine")))
    assert counts[0] == counts[1]
    assert Attendance.objects.count() == 0


def _week_on():
    return timezone.localdate() + dt.timedelta(days=7)


def test_the_record_meetings_tab_costs_the_same_for_5_and_200_sessions_attended(
    client, case_manager, supervisor, facilitator, client_record
):
    from groups.services.attendance import outside_meeting_log
    from groups.services.enrollment import enrollment_add

    group = make_group(supervisor, facilitators=[facilitator])
    enrollment_add(group=group, client=client_record, actor=supervisor)
    url = reverse("groups:record_meetings", args=[client_record.pk])
    client.force_login(case_manager)
    counts = []
    done = 0
    for size in (5, 200):
        starts = timezone.now() - dt.timedelta(days=1)
        sessions = Session.objects.bulk_create(
            Session(
                group=group,
                occurs_on=dt.date(1990, 1, 1) + dt.timedelta(days=done + i),
                starts_at=starts - dt.timedelta(days=done + i),
                ends_at=starts - dt.timedelta(days=done + i) + dt.timedelta(hours=1),
            )
            for i in range(size - done)
        )
        Attendance.objects.bulk_create(
            Attendance(session=s, client=client_record, status="present") for s in sessions
        )
        outside_meeting_log(client=client_record, name="Big Book", attended_on=timezone.localdate())
        done = size
        counts.append(_count(client, url))
    assert counts[0] == counts[1]


def test_the_facilitators_today_page_costs_the_same_for_1_and_12_groups(
    client, supervisor, facilitator
):
    counts = []
    for size in (1, 11):
        for _ in range(size):
            make_group(
                supervisor, facilitators=[facilitator], schedule_overrides={"ends_on": _week_on()}
            )
        client.force_login(facilitator)
        counts.append(_count(client, reverse("home:today")))
    assert counts[0] == counts[1]
