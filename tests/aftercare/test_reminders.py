"""Follow-up reminders through the outbox: scheduled at plan start, moved with the discharge
date, cancelled on close or death; the client hears before an agreed call, discreetly."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone

from aftercare.models import PlanCloseReason
from aftercare.reminders import at_start_of_day
from aftercare.services.checkin import checkin_record
from aftercare.services.followup import followup_schedule_call
from aftercare.services.plan import plan_close, plan_update
from recovery_portal.notifications.dispatch import dispatch_due_reminders
from recovery_portal.notifications.models import Reminder, ReminderState
from recovery_portal.notifications.services import custom_reminder_create

from .conftest import complete, pending_reminders

pytestmark = pytest.mark.django_db


def _staff_moments(followup):
    return sorted(pending_reminders(followup).values_list("send_at", flat=True))


def test_staff_hear_when_a_window_opens_and_three_days_before_it_closes(plan, case_manager):
    six = plan.followups.get(label="6-month follow-up")
    assert _staff_moments(six) == [
        at_start_of_day(six.window_opens),
        at_start_of_day(six.window_closes - dt.timedelta(days=3)),
    ]
    assert set(pending_reminders(six).values_list("recipient", flat=True)) == {case_manager.pk}


def test_moments_already_past_are_not_scheduled(plan):
    seven = plan.followups.get(label="7-day check")  # discharged 10 days ago: window open
    moments = _staff_moments(seven)
    assert moments == [at_start_of_day(seven.window_closes - dt.timedelta(days=3))]


def test_a_new_discharge_date_moves_the_follow_ups_and_their_reminders(plan, case_manager):
    new_date = plan.discharge_date + dt.timedelta(days=14)
    plan_update(plan=plan, actor=case_manager, discharge_date=new_date, responsible=case_manager)
    six = plan.followups.get(label="6-month follow-up")
    assert six.due_date == new_date + relativedelta(months=6)
    assert _staff_moments(six) == [
        at_start_of_day(six.window_opens),
        at_start_of_day(six.window_closes - dt.timedelta(days=3)),
    ]
    assert pending_reminders(six).count() == 2  # moved, not added


def test_a_closed_follow_up_keeps_its_dates_when_the_discharge_date_moves(plan, case_manager):
    seven = plan.followups.get(label="7-day check")
    complete(seven, case_manager, timezone.localdate())
    before = seven.due_date
    plan_update(
        plan=plan,
        actor=case_manager,
        discharge_date=plan.discharge_date + dt.timedelta(days=5),
        responsible=case_manager,
    )
    seven.refresh_from_db()
    assert seven.due_date == before
    assert not pending_reminders(seven).exists()


def test_a_new_responsible_person_takes_over_the_reminders(plan, case_manager, supervisor):
    plan_update(
        plan=plan, actor=supervisor, discharge_date=plan.discharge_date, responsible=supervisor
    )
    six = plan.followups.get(label="6-month follow-up")
    assert set(pending_reminders(six).values_list("recipient", flat=True)) == {supervisor.pk}


def test_completing_a_follow_up_cancels_its_reminders(plan, case_manager):
    seven = plan.followups.get(label="7-day check")  # discharged 10 days ago: window open
    assert pending_reminders(seven).exists()
    complete(seven, case_manager, timezone.localdate())
    assert not pending_reminders(seven).exists()


def test_closing_the_plan_cancels_every_follow_up_reminder(plan, case_manager):
    plan_close(plan=plan, reason=PlanCloseReason.WITHDREW, actor=case_manager)
    for followup in plan.followups.all():
        assert not pending_reminders(followup).exists()


def test_when_the_client_died_reminders_to_and_about_them_stop_at_once(
    plan, case_manager, client_user, client_record
):
    other_source = custom_reminder_create(
        author=case_manager,
        recipient=client_user,
        at=timezone.now() + dt.timedelta(days=3),
        remind_at=timezone.now() + dt.timedelta(days=2),
        note="Bring your ID",
    )
    checkin_record(
        client=client_record, actor=client_user, mood=1, craving=2, any_use=False, sleep="poor"
    )
    assert Reminder.objects.filter(state=ReminderState.SCHEDULED, recipient=case_manager).exists()

    plan_close(plan=plan, reason=PlanCloseReason.DECEASED, actor=case_manager)

    assert not Reminder.objects.filter(state=ReminderState.SCHEDULED, recipient=client_user)
    assert not pending_reminders(other_source).exists()
    # The alert about them to their case manager is stopped too.
    assert not Reminder.objects.filter(state=ReminderState.SCHEDULED, recipient=case_manager)
    assert client_record.aftercare_settings.milestone_messages is False


def test_the_client_hears_before_an_agreed_call_in_discreet_words(plan, case_manager, client_user):
    thirty = plan.followups.get(label="30-day follow-up")
    call = timezone.now() + dt.timedelta(hours=30)
    followup_schedule_call(followup=thirty, at=call, actor=case_manager)
    row = pending_reminders(thirty, recipient=client_user).get()
    assert row.send_at == call - dt.timedelta(hours=24)

    Reminder.objects.filter(pk=row.pk).update(due_at=timezone.now())
    mail.outbox.clear()
    dispatch_due_reminders(time_budget=5)
    message = mail.outbox[-1]
    assert message.to == [client_user.email]
    assert "call" in message.subject
    for word in ("aftercare", "recovery", "treatment", "addiction", "substance"):
        assert word not in message.subject.lower()
        assert word not in message.body.lower().split("change which reminders")[0]


def test_a_moment_that_moving_the_date_back_puts_in_the_past_is_cancelled_not_sent(
    plan, case_manager
):
    thirty = plan.followups.get(label="30-day follow-up")
    assert pending_reminders(thirty).count() == 2
    plan_update(
        plan=plan,
        actor=case_manager,
        discharge_date=plan.discharge_date - dt.timedelta(days=20),
        responsible=case_manager,
    )
    thirty.refresh_from_db()
    assert _staff_moments(thirty) == [at_start_of_day(thirty.window_closes - dt.timedelta(days=3))]
    cancelled = Reminder.objects.filter(state=ReminderState.CANCELLED, source_id=str(thirty.pk))
    assert cancelled.count() == 1
