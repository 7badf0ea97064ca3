"""Client check-ins: clear rules raise exactly one alert per worrying check-in, to that
client's own case manager and nobody else; two missed check-ins raise one alert per silence."""

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from aftercare.models import AlertReason, CheckIn, CheckInAlert
from aftercare.services.checkin import (
    alert_handle,
    checkin_prompts_schedule,
    checkin_record,
    missed_checkins_scan,
    settings_update,
    worrying_reasons,
)
from recovery_portal.notifications.dispatch import dispatch_due_reminders
from recovery_portal.notifications.models import Reminder, ReminderKind, ReminderState

pytestmark = pytest.mark.django_db


def _check_in(client, user, **answers):
    values = {"mood": 4, "craving": 2, "any_use": False, "sleep": "well", **answers}
    return checkin_record(client=client, actor=user, **values)


@pytest.mark.parametrize(
    ("answers", "reasons"),
    [
        ({"mood": 4, "craving": 2, "any_use": False}, []),
        ({"mood": 2, "craving": 7, "any_use": False}, []),
        ({"mood": 4, "craving": 2, "any_use": True}, ["use"]),
        ({"mood": 4, "craving": 8, "any_use": False}, ["craving"]),
        ({"mood": 1, "craving": 0, "any_use": False}, ["low_mood"]),
        ({"mood": 1, "craving": 10, "any_use": True}, ["use", "craving", "low_mood"]),
    ],
)
def test_the_rules_that_raise_an_alert_are_few_and_clear(answers, reasons):
    assert worrying_reasons(**answers) == reasons


def test_a_worrying_check_in_raises_one_alert_per_rule_to_the_clients_case_manager(
    client_record, client_user, case_manager, other_case_manager, other_client_record
):
    checkin = _check_in(client_record, client_user, mood=1, craving=9, any_use=True)
    alerts = CheckInAlert.objects.order_by("pk")
    assert [(a.rule, a.checkin, a.recipient) for a in alerts] == [
        ("use", checkin, case_manager),
        ("craving", checkin, case_manager),
        ("low_mood", checkin, case_manager),
    ]
    # One outbox message per alert, to the case manager only, of the safety kind.
    assert (
        sorted(Reminder.objects.values_list("recipient", "kind"))
        == [(case_manager.pk, ReminderKind.SAFETY)] * 3
    )
    assert not CheckInAlert.objects.filter(recipient=other_case_manager).exists()


def test_a_calm_check_in_raises_no_alert(client_record, client_user):
    _check_in(client_record, client_user)
    assert CheckIn.objects.count() == 1
    assert not CheckInAlert.objects.exists()
    assert not Reminder.objects.exists()


def test_twenty_worrying_check_ins_in_a_day_make_one_alert_per_rule(
    client_record, client_user, case_manager
):
    for _ in range(20):
        last = _check_in(client_record, client_user, craving=9, any_use=True)
    assert CheckIn.objects.count() == 20
    alerts = CheckInAlert.objects.order_by("rule")
    # One per rule, each pointing at the latest check-in; one message each, not twenty.
    assert [(a.rule, a.checkin_id) for a in alerts] == [("craving", last.pk), ("use", last.pk)]
    assert Reminder.objects.filter(recipient=case_manager).count() == 2


def test_a_later_worrying_check_in_reopens_the_days_handled_alert_and_tells_again(
    client_record, client_user, case_manager
):
    _check_in(client_record, client_user, craving=9)
    alert_handle(alert=CheckInAlert.objects.get(), actor=case_manager)
    later = _check_in(client_record, client_user, craving=10)
    alert = CheckInAlert.objects.get()
    assert alert.handled_at is None and alert.checkin == later
    assert Reminder.objects.filter(recipient=case_manager, state="scheduled").count() == 1


def test_alerts_go_to_each_clients_own_case_manager(
    client_record,
    client_user,
    case_manager,
    other_client_record,
    other_client_user,
    other_case_manager,
):
    _check_in(client_record, client_user, any_use=True)
    _check_in(other_client_record, other_client_user, any_use=True)
    assert dict(CheckInAlert.objects.values_list("client", "recipient")) == {
        client_record.pk: case_manager.pk,
        other_client_record.pk: other_case_manager.pk,
    }


def test_today_shows_a_case_manager_only_their_own_clients_alerts(
    client, client_record, client_user, case_manager, other_case_manager
):
    _check_in(client_record, client_user, any_use=True)
    client.force_login(other_case_manager)
    assert "Jamie Client" not in client.get(reverse("home:today")).content.decode()
    client.force_login(case_manager)
    page = client.get(reverse("home:today")).content.decode()
    assert "Check-ins to look at" in page and "Jamie Client" in page


def test_looking_at_an_alert_closes_it_and_stops_its_message(
    client_record, client_user, case_manager
):
    _check_in(client_record, client_user, craving=10)
    alert = CheckInAlert.objects.get()
    alert_handle(alert=alert, actor=case_manager)
    alert.refresh_from_db()
    assert alert.handled_by == case_manager
    assert Reminder.objects.get().state == "cancelled"


def test_two_missed_check_ins_raise_one_alert_per_silence(
    start_plan, client_record, client_user, case_manager
):
    start_plan(client_record)
    settings_update(client=client_record, actor=client_user, checkin_frequency="daily")
    checkin = _check_in(client_record, client_user)
    today = timezone.localdate(checkin.at)
    assert missed_checkins_scan(today=today + dt.timedelta(days=2)) == 0
    assert missed_checkins_scan(today=today + dt.timedelta(days=3)) == 1
    assert missed_checkins_scan(today=today + dt.timedelta(days=4)) == 0  # same silence
    alert = CheckInAlert.objects.get()
    assert alert.reasons == [AlertReason.MISSED] and alert.recipient == case_manager
    assert alert.missed_since == today


def test_weekly_check_ins_are_missed_after_two_weeks(start_plan, client_record, client_user):
    start_plan(client_record)
    checkin = _check_in(client_record, client_user)
    today = timezone.localdate(checkin.at)
    assert missed_checkins_scan(today=today + dt.timedelta(days=14)) == 0
    assert missed_checkins_scan(today=today + dt.timedelta(days=15)) == 1


def test_no_missed_check_in_alerts_once_the_plan_is_closed(start_plan, client_record, case_manager):
    from aftercare.services.plan import plan_close

    plan = start_plan(client_record)
    plan_close(plan=plan, reason="deceased", actor=case_manager)
    assert missed_checkins_scan(today=timezone.localdate() + dt.timedelta(days=60)) == 0


def test_a_client_checks_in_from_the_portal_and_bad_input_changes_nothing(
    client, client_record, client_user
):
    client.force_login(client_user)
    url = reverse("aftercare:my_checkins")
    page = client.get(url).content.decode()
    assert "988" in page and "1-800-662-4357" in page and "Talk to someone now" in page
    response = client.post(url, {"mood": "9", "craving": "11", "any_use": "no", "sleep": "well"})
    assert response.status_code == 200
    assert "Please choose how your mood has been" in response.content.decode() or (
        "valid choice" in response.content.decode()
    )
    assert not CheckIn.objects.exists()
    response = client.post(
        url, {"mood": "2", "craving": "8", "any_use": "no", "sleep": "some", "note": "hard day"}
    )
    assert response.status_code == 302
    checkin = CheckIn.objects.get()
    assert (checkin.craving, checkin.note) == (8, "hard day")
    assert CheckInAlert.objects.get().checkin == checkin
    follow = client.get(url).content.decode()
    assert "Thank you for checking in" in follow
    for word in ("relapse", "failure", "failed"):
        assert word not in follow.lower()


def test_the_client_chooses_daily_or_weekly_and_may_hide_or_restart_the_count(
    client, client_record, client_user
):
    client.force_login(client_user)
    url = reverse("aftercare:my_settings")
    client.post(url, {"checkin_frequency": "daily", "count_hidden": "on"})
    client_record.refresh_from_db()
    chosen = client_record.aftercare_settings
    assert chosen.checkin_frequency == "daily" and chosen.count_hidden
    day = timezone.localdate() - dt.timedelta(days=3)
    client.post(url, {"restart": "1", "start": day.isoformat()})
    chosen.refresh_from_db()
    assert chosen.count_from == day


def _at(day, hour):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def test_daily_check_in_prompts_are_scheduled_once_and_stop_once_the_client_checked_in(
    start_plan, client_record, client_user
):
    start_plan(client_record)
    settings_update(client=client_record, actor=client_user, checkin_frequency="daily")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert checkin_prompts_schedule(now=_at(tomorrow, 7)) == 1
    assert checkin_prompts_schedule(now=_at(tomorrow, 8)) == 1  # the same row, moved nowhere
    prompt = Reminder.objects.get(recipient=client_user, kind=ReminderKind.CHECK_IN)
    assert prompt.send_at == _at(tomorrow, 10)

    _check_in(client_record, client_user)
    Reminder.objects.filter(pk=prompt.pk).update(due_at=timezone.now())
    dispatch_due_reminders(time_budget=5)
    prompt.refresh_from_db()
    assert prompt.state == ReminderState.CANCELLED  # checked in before it went: not sent


def test_weekly_check_in_prompts_come_on_the_weekday_the_plan_started(
    start_plan, client_record, client_user
):
    plan = start_plan(client_record)
    started = timezone.localdate(plan.created_at)
    same_weekday = started + dt.timedelta(days=7)
    assert checkin_prompts_schedule(now=_at(same_weekday, 7)) == 1
    assert checkin_prompts_schedule(now=_at(same_weekday + dt.timedelta(days=1), 7)) == 0
