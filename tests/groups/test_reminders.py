"""Reminders through the outbox: scheduled with sessions, moved with them, cancelled with them,
a notice to everyone enrolled when a session changes, the facilitator the day before."""

import datetime as dt

from django.utils import timezone

from groups.models import Session, SessionChange
from groups.services.enrollment import enrollment_add, enrollment_end
from groups.services.session import session_cancel, session_move
from recovery_portal.notifications.messages import render
from recovery_portal.notifications.models import Preference, Reminder, ReminderState

from .helpers import make_group, next_session_of


def _of(source, **filters):
    return Reminder.objects.filter(
        source_type__model=source._meta.model_name, source_id=str(source.pk), **filters
    )


def _later(group) -> Session:
    return Session.objects.filter(
        group=group, starts_at__gt=timezone.now() + dt.timedelta(days=3)
    ).first()


def test_enrolled_members_and_facilitators_are_reminded_before_each_session(
    supervisor, facilitator, client_record
):
    group = make_group(supervisor, facilitators=[facilitator])
    enrollment_add(group=group, client=client_record, actor=supervisor)
    session = _later(group)
    member = _of(session, recipient=client_record.user).get()
    assert member.state == ReminderState.SCHEDULED
    assert member.send_at == session.starts_at - dt.timedelta(hours=24)
    assert _of(session, recipient=facilitator).get().send_at == member.send_at
    upcoming = Session.objects.filter(group=group, starts_at__gt=timezone.now()).count()
    assert (
        Reminder.objects.filter(recipient=client_record.user, state="scheduled").count() == upcoming
    )


def test_a_moved_session_keeps_its_reminders_right(supervisor, facilitator, client_record):
    group = make_group(supervisor, facilitators=[facilitator])
    enrollment_add(group=group, client=client_record, actor=supervisor)
    session = Session.objects.filter(
        group=group, starts_at__gt=timezone.now() + dt.timedelta(days=3)
    ).first()
    new_start = session.starts_at + dt.timedelta(days=1, hours=-2)
    session_move(session=session, starts_at=new_start, actor=facilitator, reason="Room booked")
    for recipient in (client_record.user, facilitator):
        reminder = _of(session, recipient=recipient).get()
        assert reminder.state == ReminderState.SCHEDULED
        assert reminder.send_at == new_start - dt.timedelta(hours=24)
    change = SessionChange.objects.get(session=session)
    notice = _of(change, recipient=client_record.user).get()
    assert notice.send_at <= timezone.now()
    # The message is composed at send time from the session's new time.
    session.refresh_from_db()
    content = session.reminder_message(_of(session, recipient=client_record.user).get())
    assert content.when == new_start


def test_a_cancelled_session_stops_its_reminders_and_tells_everyone_enrolled(
    supervisor, client_record
):
    group = make_group(supervisor)
    enrollment_add(group=group, client=client_record, actor=supervisor)
    session = next_session_of(group)
    session_cancel(session=session, actor=supervisor, reason="Snow day")
    assert set(_of(session).values_list("state", flat=True)) == {ReminderState.CANCELLED}
    change = SessionChange.objects.get(session=session)
    notice = _of(change, recipient=client_record.user).get()
    assert notice.state == ReminderState.SCHEDULED
    session.refresh_from_db()
    assert session.reminder_message(notice) is None  # a late reminder is not sent either
    assert change.reminder_message(notice).details.startswith(group.name + " is cancelled")


def test_leaving_a_group_cancels_the_members_reminders(supervisor, client_record):
    group = make_group(supervisor)
    enrollment = enrollment_add(group=group, client=client_record, actor=supervisor)
    enrollment_end(enrollment=enrollment, actor=supervisor)
    assert not Reminder.objects.filter(recipient=client_record.user, state="scheduled").exists()


def test_a_waiting_client_is_reminded_only_once_promoted(
    supervisor, client_record, other_client_record
):
    group = make_group(supervisor, capacity=1)
    first = enrollment_add(group=group, client=other_client_record, actor=supervisor)
    enrollment_add(group=group, client=client_record, actor=supervisor)
    assert not Reminder.objects.filter(recipient=client_record.user).exists()
    enrollment_end(enrollment=first, actor=supervisor)
    assert Reminder.objects.filter(recipient=client_record.user, state="scheduled").exists()


def test_the_reminder_is_discreet_unless_the_client_asks_otherwise(supervisor, client_record):
    group = make_group(supervisor, name="Narcotics Anonymous Tuesday")
    enrollment_add(group=group, client=client_record, actor=supervisor)
    session = next_session_of(group)
    reminder = _of(session, recipient=client_record.user).get()
    content = session.reminder_message(reminder)
    preference = Preference(user=client_record.user)
    message = render(reminder, content, preference, timezone.now())
    for said in (message.subject, message.sms, message.text):
        assert "Narcotics" not in said
    preference.discreet = False
    assert "Narcotics" in render(reminder, content, preference, timezone.now()).text


def test_a_facilitator_taken_off_a_group_is_no_longer_reminded_and_a_new_one_is(
    supervisor, facilitator, case_manager
):
    from groups.services.group import group_update
    from recovery_portal.accounts.roles import Role
    from tests.factories import UserFactory

    group = make_group(supervisor, facilitators=[facilitator])
    newcomer = UserFactory(role=Role.FACILITATOR)
    group_update(group=group, actor=supervisor, facilitators=[newcomer])
    session = _later(group)
    assert _of(session, recipient=facilitator).get().state == ReminderState.CANCELLED
    assert _of(session, recipient=newcomer).get().state == ReminderState.SCHEDULED
