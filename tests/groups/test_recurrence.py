"""Schedules become sessions with rrule, on wall-clock time, idempotently; one session can be
moved or cancelled without touching the others; a schedule change reaches future sessions only."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from groups.models import Frequency, Schedule, Session, SessionStatus
from groups.recurrence import occurrences
from groups.services.group import group_update, sessions_generate
from groups.services.session import session_cancel, session_move

from .helpers import make_group

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def _schedule(**fields) -> Schedule:
    values = {
        "frequency": Frequency.WEEKLY,
        "weekdays": [1],
        "start_time": dt.time(19, 0),
        "duration_minutes": 60,
        "time_zone": "America/New_York",
        "starts_on": dt.date(2027, 1, 1),
        **fields,
    }
    return Schedule(**values)


def test_a_weekly_meeting_keeps_its_wall_clock_time_across_the_spring_change():
    found = occurrences(_schedule(), dt.date(2027, 3, 1), dt.date(2027, 3, 20))
    local = [starts.astimezone(NEW_YORK) for _, starts, _ in found]
    assert [d.date() for d in local] == [
        dt.date(2027, 3, 2),
        dt.date(2027, 3, 9),
        dt.date(2027, 3, 16),
    ]
    assert {(d.hour, d.minute) for d in local} == {(19, 0)}
    # The UTC instant moves by an hour: 7 pm EST is 00:00 UTC, 7 pm EDT is 23:00 UTC.
    assert [s.hour for _, s, _ in found] == [0, 0, 23]  # the change is on March 14


def test_a_weekly_meeting_keeps_its_wall_clock_time_across_the_autumn_change():
    found = occurrences(_schedule(weekdays=[5]), dt.date(2027, 10, 30), dt.date(2027, 11, 13))
    assert {s.astimezone(NEW_YORK).hour for _, s, _ in found} == {19}
    assert all(e - s == dt.timedelta(hours=1) for _, s, e in found)


def test_a_meeting_at_a_time_skipped_by_the_spring_change_still_happens():
    found = occurrences(
        _schedule(weekdays=[6], start_time=dt.time(2, 30)),
        dt.date(2027, 3, 14),
        dt.date(2027, 3, 14),
    )
    assert len(found) == 1
    assert found[0][1].astimezone(NEW_YORK).hour == 3


def test_the_first_monday_of_the_month():
    found = occurrences(
        _schedule(frequency=Frequency.MONTHLY, weekdays=[0], nth=1),
        dt.date(2027, 1, 1),
        dt.date(2027, 4, 30),
    )
    assert [day for day, _, _ in found] == [
        dt.date(2027, 1, 4),
        dt.date(2027, 2, 1),
        dt.date(2027, 3, 1),
        dt.date(2027, 4, 5),
    ]


def test_a_fifth_friday_is_skipped_in_a_month_without_one():
    found = occurrences(
        _schedule(frequency=Frequency.MONTHLY, weekdays=[4], nth=5),
        dt.date(2027, 1, 1),
        dt.date(2027, 4, 30),
    )
    # January 2027 has a 5th Friday (29th), February (28 days) and March and April do not…
    # except April 30th, which is one.
    assert [day for day, _, _ in found] == [dt.date(2027, 1, 29), dt.date(2027, 4, 30)]


def test_the_last_tuesday_of_a_short_month():
    found = occurrences(
        _schedule(frequency=Frequency.MONTHLY, weekdays=[1], nth=-1),
        dt.date(2027, 2, 1),
        dt.date(2027, 2, 28),
    )
    assert [day for day, _, _ in found] == [dt.date(2027, 2, 23)]


def test_every_other_week_on_two_days():
    found = occurrences(
        _schedule(frequency=Frequency.BIWEEKLY, weekdays=[0, 3], starts_on=dt.date(2027, 1, 4)),
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 31),
    )
    assert [day for day, _, _ in found] == [
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 7),
        dt.date(2027, 1, 18),
        dt.date(2027, 1, 21),
    ]


def test_a_schedule_stops_at_its_end_date():
    found = occurrences(
        _schedule(ends_on=dt.date(2027, 1, 12)), dt.date(2027, 1, 1), dt.date(2027, 2, 28)
    )
    assert [day for day, _, _ in found] == [dt.date(2027, 1, 5), dt.date(2027, 1, 12)]


@pytest.mark.django_db
def test_a_monthly_schedule_needs_to_say_which_weekday(supervisor):
    with pytest.raises(ValidationError):
        make_group(supervisor, schedule_overrides={"frequency": Frequency.MONTHLY, "nth": None})
    with pytest.raises(ValidationError):
        make_group(supervisor, schedule_overrides={"weekdays": []})


@pytest.mark.django_db
def test_sessions_are_made_eight_weeks_ahead_and_making_them_again_changes_nothing(
    supervisor, time_machine
):
    time_machine.move_to(dt.datetime(2027, 1, 4, 12, tzinfo=NEW_YORK), tick=False)
    group = make_group(
        supervisor, schedule_overrides={"weekdays": [1, 3], "starts_on": dt.date(2027, 1, 1)}
    )
    made = Session.objects.filter(group=group).count()
    assert made == 16  # Tuesdays and Thursdays for the next 8 weeks
    assert sessions_generate(group=group) == 0
    assert Session.objects.filter(group=group).count() == made


@pytest.mark.django_db
def test_the_periodic_task_is_declared_and_fills_new_weeks(supervisor, time_machine, settings):
    from groups.tasks import generate_sessions

    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "groups.tasks.generate_sessions" in entries
    time_machine.move_to(dt.datetime(2027, 1, 4, 12, tzinfo=NEW_YORK), tick=False)
    group = make_group(
        supervisor, schedule_overrides={"weekdays": [1], "starts_on": dt.date(2027, 1, 1)}
    )
    time_machine.move_to(dt.datetime(2027, 1, 18, 12, tzinfo=NEW_YORK), tick=False)
    assert generate_sessions() == 2
    assert generate_sessions() == 0
    assert Session.objects.filter(group=group).count() == 10


@pytest.mark.django_db
def test_a_schedule_change_moves_future_sessions_only(supervisor, time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 4, 12, tzinfo=NEW_YORK), tick=False)
    group = make_group(
        supervisor, schedule_overrides={"weekdays": [1], "starts_on": dt.date(2027, 1, 1)}
    )
    time_machine.move_to(dt.datetime(2027, 1, 13, 12, tzinfo=NEW_YORK), tick=False)
    past = Session.objects.get(group=group, occurs_on=dt.date(2027, 1, 12))
    moved = Session.objects.get(group=group, occurs_on=dt.date(2027, 1, 26))
    session_move(
        session=moved,
        starts_at=dt.datetime(2027, 1, 27, 18, tzinfo=NEW_YORK),
        actor=supervisor,
        reason="Room booked",
    )
    group_update(
        group=group,
        actor=supervisor,
        schedule={"start_time": dt.time(18, 0), "weekdays": [1]},
    )
    past.refresh_from_db()
    moved.refresh_from_db()
    assert past.starts_at.astimezone(NEW_YORK).hour == 19
    assert moved.starts_at == dt.datetime(2027, 1, 27, 18, tzinfo=NEW_YORK)
    future = Session.objects.get(group=group, occurs_on=dt.date(2027, 1, 19))
    assert future.starts_at.astimezone(NEW_YORK).hour == 18


@pytest.mark.django_db
def test_a_day_dropped_from_the_schedule_cancels_its_future_sessions(supervisor, time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 4, 12, tzinfo=NEW_YORK), tick=False)
    group = make_group(
        supervisor, schedule_overrides={"weekdays": [1, 3], "starts_on": dt.date(2027, 1, 1)}
    )
    group_update(group=group, actor=supervisor, schedule={"weekdays": [1]})
    thursdays = Session.objects.filter(group=group, starts_at__week_day=5)
    assert thursdays.exists()
    assert set(thursdays.values_list("status", flat=True)) == {SessionStatus.CANCELLED}


@pytest.mark.django_db
def test_cancelling_one_session_leaves_the_others_alone(supervisor, time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 4, 12, tzinfo=NEW_YORK), tick=False)
    group = make_group(
        supervisor, schedule_overrides={"weekdays": [1], "starts_on": dt.date(2027, 1, 1)}
    )
    first, second = Session.objects.filter(group=group)[:2]
    session_cancel(session=first, actor=supervisor, reason="Snow day")
    sessions_generate(group=group)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == SessionStatus.CANCELLED
    assert first.change_reason == "Snow day"
    assert second.status == SessionStatus.SCHEDULED


@pytest.mark.django_db
def test_a_session_cannot_be_cancelled_without_a_reason_or_moved_into_the_past(
    supervisor, time_machine
):
    time_machine.move_to(dt.datetime(2027, 1, 4, 12, tzinfo=NEW_YORK), tick=False)
    group = make_group(
        supervisor, schedule_overrides={"weekdays": [1], "starts_on": dt.date(2027, 1, 1)}
    )
    session = Session.objects.filter(group=group).first()
    with pytest.raises(ValidationError):
        session_cancel(session=session, actor=supervisor, reason="  ")
    with pytest.raises(ValidationError):
        session_move(
            session=session,
            starts_at=dt.datetime(2027, 1, 1, 18, tzinfo=NEW_YORK),
            actor=supervisor,
            reason="Oops",
        )
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED and not session.detached
