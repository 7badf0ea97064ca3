"""Staff pages: scheduling a group through its form, enrolling and removing, moving and
cancelling a session, the calendar, and the client record's Meetings tab and overview card."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from groups.models import Enrollment, PeerGroup, Session, SessionStatus
from groups.names import roster_name
from groups.services.enrollment import enrollment_add
from recovery_portal.audit.models import AuditEvent
from tests.factories import ClientFactory

from .helpers import make_group, next_session_of


def _form(**overrides) -> dict:
    data = {
        "group-name": "Thursday Serenity",
        "group-kind": "na",
        "group-audience": "public",
        "group-types": ["O", "W"],
        "group-address": "9 Elm St",
        "group-city": "Springfield",
        "group-state": "NY",
        "group-postal_code": "12345",
        "group-is_public": "on",
        "group-is_active": "on",
        "group-capacity": "10",
        "schedule-frequency": "weekly",
        "schedule-weekdays": ["3"],
        "schedule-start_time": "18:30",
        "schedule-duration_minutes": "60",
        "schedule-time_zone": "America/New_York",
        "schedule-starts_on": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data


def test_a_case_manager_schedules_a_group_and_its_sessions_are_made(
    client, case_manager, facilitator
):
    client.force_login(case_manager)
    response = client.post(reverse("groups:new"), _form(**{"group-facilitators": [facilitator.pk]}))
    group = PeerGroup.objects.get(name="Thursday Serenity")
    assert response.status_code == 302
    assert group.types == ["O", "W"] and list(group.facilitators.all()) == [facilitator]
    assert group.slug == "thursday-serenity"
    assert Session.objects.filter(group=group).count() == 8
    assert AuditEvent.objects.filter(action="groups.group.create", actor=case_manager).exists()


def test_bad_input_is_explained_and_changes_nothing(client, case_manager):
    client.force_login(case_manager)
    bad = [
        _form(**{"schedule-frequency": "monthly"}),  # no "which weekday of the month"
        _form(**{"schedule-weekdays": []}),
        _form(**{"group-types": ["NOT-A-TYPE"]}),
        _form(**{"group-address": "", "group-is_public": "on"}),  # public, but nowhere to go
        _form(**{"schedule-time_zone": "Mars/Olympus"}),
        _form(**{"group-capacity": "0"}),
    ]
    for data in bad:
        response = client.post(reverse("groups:new"), data)
        assert response.status_code == 200
        assert response.context["form"].errors or response.context["schedule_form"].errors
    assert not PeerGroup.objects.exists()


def test_a_facilitator_cannot_schedule_or_edit_groups(client, facilitator, peer_group):
    client.force_login(facilitator)
    assert client.post(reverse("groups:new"), _form()).status_code == 403
    assert client.post(reverse("groups:edit", args=[peer_group.pk]), _form()).status_code == 403
    assert PeerGroup.objects.count() == 1


def test_a_case_manager_enrolls_a_client_and_removes_them_and_the_next_one_gets_the_place(
    client, case_manager, supervisor, client_record
):
    group = make_group(supervisor, capacity=1)
    waiting = ClientFactory(case_manager=case_manager, actor=supervisor)
    client.force_login(case_manager)
    client.post(reverse("groups:enroll", args=[group.pk]), {"client": client_record.pk})
    client.post(reverse("groups:enroll", args=[group.pk]), {"client": waiting.pk})
    detail = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "Waiting list" in detail and roster_name(waiting) in detail
    first = Enrollment.objects.get(group=group, client=client_record)
    response = client.post(reverse("groups:enrollment_end", args=[first.pk]), follow=True)
    assert "The first person waiting has the place." in response.content.decode()
    assert Enrollment.objects.get(group=group, client=waiting).status == "enrolled"


def test_a_facilitator_moves_and_cancels_one_session(client, facilitator, peer_group):
    later = Session.objects.filter(
        group=peer_group, starts_at__gt=timezone.now() + dt.timedelta(days=3)
    )
    to_move, to_cancel = later[0], later[1]
    client.force_login(facilitator)
    new_day = (to_move.starts_at + dt.timedelta(days=1)).astimezone(peer_group.schedule.zone).date()
    response = client.post(
        reverse("groups:session_move", args=[to_move.pk]),
        {"date": new_day.isoformat(), "time": "17:00", "reason": "The room is booked"},
    )
    assert response.status_code == 302
    to_move.refresh_from_db()
    local = to_move.starts_at.astimezone(peer_group.schedule.zone)
    assert (local.date(), local.hour) == (new_day, 17)
    response = client.post(reverse("groups:session_cancel", args=[to_cancel.pk]), {"reason": ""})
    assert response.status_code == 200  # a reason is needed
    client.post(reverse("groups:session_cancel", args=[to_cancel.pk]), {"reason": "Holiday"})
    to_cancel.refresh_from_db()
    assert to_cancel.status == SessionStatus.CANCELLED
    assert later.exclude(pk__in=[to_move.pk, to_cancel.pk]).filter(status="cancelled").count() == 0


def test_the_calendar_shows_the_week_and_the_month(client, facilitator, peer_group):
    client.force_login(facilitator)
    week = client.get(reverse("groups:calendar"))
    assert peer_group.name in week.content.decode()
    assert len(week.context["weeks"]) == 1
    month = client.get(reverse("groups:calendar"), {"view": "month"})
    assert month.status_code == 200 and len(month.context["weeks"]) >= 4
    # A date it cannot read is refused in plain words (recovery_portal/params.py).
    odd = client.get(reverse("groups:calendar"), {"view": "month", "date": "not-a-date"})
    assert odd.status_code == 400


def test_the_record_overview_has_a_meetings_card(client, case_manager, peer_group, client_record):
    client.force_login(case_manager)
    overview = client.get(reverse("home:client_overview", args=[client_record.pk])).content.decode()
    assert "panel-meetings" in overview and peer_group.name in overview
    assert reverse("groups:record_meetings", args=[client_record.pk]) in overview


def test_my_recovery_shows_the_next_meetings(client, client_user, peer_group):
    client.force_login(client_user)
    page = client.get(reverse("home:my_recovery")).content.decode()
    assert "My meetings" in page and peer_group.name in page


def test_nav_links_groups_for_staff_and_my_meetings_for_clients(
    client, facilitator, client_user, peer_group
):
    client.force_login(facilitator)
    links = [link["label"] for link in client.get(reverse("groups:list")).context["nav_links"]]
    assert links.count("Groups") == 1
    client.force_login(client_user)
    links = [link["label"] for link in client.get(reverse("groups:mine")).context["nav_links"]]
    assert "My meetings" in links and "Groups" not in links


def test_a_session_of_a_group_the_client_left_cannot_be_answered(
    client, client_user, client_record, supervisor
):
    group = make_group(supervisor)
    enrollment = enrollment_add(group=group, client=client_record, actor=supervisor)
    from groups.services.enrollment import enrollment_end

    enrollment_end(enrollment=enrollment, actor=supervisor)
    client.force_login(client_user)
    session = next_session_of(group)
    assert (
        client.post(reverse("groups:rsvp", args=[session.pk]), {"answer": "going"}).status_code
        == 404
    )


def test_the_meetings_card_counts_attendance_and_outside_meetings_in_two_queries(
    supervisor, facilitator, client_record, django_assert_num_queries
):
    from groups.panels import meetings as meetings_panel
    from groups.services.attendance import attendance_mark, outside_meeting_log

    group = make_group(supervisor, facilitators=[facilitator])
    enrollment_add(group=group, client=client_record, actor=supervisor)
    starts = timezone.now() - dt.timedelta(days=2)
    held = [
        Session.objects.create(
            group=group,
            occurs_on=dt.date(2001, 1, n),
            starts_at=starts - dt.timedelta(days=n),
            ends_at=starts - dt.timedelta(days=n) + dt.timedelta(hours=1),
        )
        for n in (1, 2, 3)
    ]
    for session, status in zip(held, ["present", "late", "absent"], strict=True):
        attendance_mark(
            session=session, client_id=client_record.pk, status=status, actor=facilitator
        )
    outside_meeting_log(client=client_record, name="Big Book", attended_on=timezone.localdate())
    with django_assert_num_queries(2):
        data = meetings_panel(supervisor, client_record)
    assert (data["came_30d"], data["marked_30d"], data["outside_30d"]) == (2, 3, 1)
    assert data["enrollments"][0].next_starts_at > timezone.now()


def test_editing_a_group_shows_its_values_and_a_new_time_reaches_future_sessions(
    client, case_manager, peer_group
):
    client.force_login(case_manager)
    page = client.get(reverse("groups:edit", args=[peer_group.pk]))
    form, schedule_form = page.context["form"], page.context["schedule_form"]
    assert form["name"].value() == peer_group.name
    assert [str(v) for v in form["types"].value()] == peer_group.types
    data = {f"group-{k}": v for k, v in form.initial.items() if v not in (None, "")}
    data.update(
        {f"schedule-{k}": v for k, v in schedule_form.initial.items() if v not in (None, "")}
    )
    data["group-facilitators"] = [u.pk for u in peer_group.facilitators.all()]
    data["group-is_public"] = "on"
    data["group-is_active"] = "on"
    data["schedule-start_time"] = "20:15"
    data.pop("group-id", None)
    data.pop("schedule-id", None)
    data.pop("schedule-group", None)
    data.pop("group-self_enroll", None)
    response = client.post(reverse("groups:edit", args=[peer_group.pk]), data)
    assert response.status_code == 302, response.context and (
        response.context["form"].errors,
        response.context["schedule_form"].errors,
    )
    session = next_session_of(peer_group)
    local = session.starts_at.astimezone(peer_group.schedule.zone)
    assert (local.hour, local.minute) in ((20, 15), (19, 0))  # today's may already have begun
    later = Session.objects.filter(
        group=peer_group, starts_at__gt=timezone.now() + dt.timedelta(days=2)
    )
    zone = peer_group.schedule.zone
    assert {
        (s.starts_at.astimezone(zone).hour, s.starts_at.astimezone(zone).minute) for s in later
    } == {(20, 15)}


def test_a_facilitator_finds_this_weeks_rosters_on_today(
    client, facilitator, case_manager, peer_group
):
    client.force_login(facilitator)
    page = client.get(reverse("home:today")).content.decode()
    assert "My groups this week" in page
    assert reverse("groups:session", args=[next_session_of(peer_group).pk]) in page
    client.force_login(case_manager)
    assert "My groups this week" not in client.get(reverse("home:today")).content.decode()
