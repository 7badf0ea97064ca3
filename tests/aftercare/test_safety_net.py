"""The safety net holds: alerts nobody handles escalate after SAFETY_ESCALATE_MINUTES (to the
supervisors, and on call out of hours), audited; with nobody to alert the client is told so
with the crisis lines and administrators see "No one is on call now"; parallel presses make
one request; Today shows the safety cards first."""

import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from aftercare.models import CheckInAlert, HelpRequest, OnCallShift
from aftercare.services.checkin import checkin_record, help_now_request
from aftercare.services.safety import safety_escalate
from clients.models import CaseAssignment
from recovery_portal.audit.models import AuditEvent
from recovery_portal.notifications.models import Reminder, ReminderKind

pytestmark = pytest.mark.django_db
ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
WEDNESDAY_10 = dt.datetime(2026, 3, 4, 10, 0, tzinfo=ZONE)  # office hours
SATURDAY_2 = dt.datetime(2026, 3, 7, 2, 0, tzinfo=ZONE)  # out of hours
CRISIS = ("988", "988lifeline.org", "1-800-662-4357", "911")


def _worrying(client, user):
    return checkin_record(client=client, actor=user, mood=3, craving=9, any_use=False, sleep="some")


def _escalations():
    return list(
        AuditEvent.objects.filter(action__endswith=".escalate").values_list("action", "details")
    )


def test_an_alert_nobody_handles_goes_to_the_supervisor_after_the_set_minutes_audited(
    client_record, client_user, case_manager, supervisor
):
    minutes = settings.SAFETY_ESCALATE_MINUTES
    with time_machine.travel(WEDNESDAY_10, tick=False):
        alert = _worrying(client_record, client_user).alerts.get()
    with time_machine.travel(WEDNESDAY_10 + dt.timedelta(minutes=minutes - 1), tick=False):
        assert safety_escalate() == 0
    assert not Reminder.objects.filter(recipient=supervisor).exists()
    with time_machine.travel(WEDNESDAY_10 + dt.timedelta(minutes=minutes + 1), tick=False):
        assert safety_escalate() == 1
        assert safety_escalate() == 0  # once
    alert.refresh_from_db()
    assert alert.escalated_at is not None
    row = Reminder.objects.get(recipient=supervisor)
    assert row.kind == ReminderKind.SAFETY and row.source == alert
    assert _escalations() == [("aftercare.alert.escalate", {"to": [supervisor.pk]})]


def test_out_of_hours_it_also_goes_to_whoever_is_on_call(
    client_record, client_user, supervisor, other_case_manager
):
    OnCallShift.objects.create(
        staff=other_case_manager,
        starts_at=SATURDAY_2 - dt.timedelta(hours=6),
        ends_at=SATURDAY_2 + dt.timedelta(hours=6),
    )
    with time_machine.travel(SATURDAY_2, tick=False):
        _worrying(client_record, client_user)
    with time_machine.travel(SATURDAY_2 + dt.timedelta(minutes=61), tick=False):
        assert safety_escalate() == 1
    to = sorted([supervisor.pk, other_case_manager.pk])
    assert _escalations() == [("aftercare.alert.escalate", {"to": to})]


def test_a_handled_alert_and_an_answered_request_do_not_escalate(
    client, client_record, client_user, case_manager, other_case_manager
):
    with time_machine.travel(WEDNESDAY_10, tick=False):
        alert = _worrying(client_record, client_user).alerts.get()
        help_now_request(client=client_record, actor=client_user)
        client.force_login(case_manager)
        client.post(reverse("aftercare:alert_handle", args=[client_record.pk, alert.pk]))
        client.post(reverse("aftercare:help_handle", args=[HelpRequest.objects.get().pk]))
    with time_machine.travel(WEDNESDAY_10 + dt.timedelta(hours=3), tick=False):
        assert safety_escalate() == 0
    assert _escalations() == []


def test_an_unanswered_help_request_escalates_too(client_record, client_user, supervisor):
    with time_machine.travel(WEDNESDAY_10, tick=False):
        help_now_request(client=client_record, actor=client_user)
    with time_machine.travel(WEDNESDAY_10 + dt.timedelta(minutes=61), tick=False):
        assert safety_escalate() == 1
    assert _escalations() == [("aftercare.help_now.escalate", {"to": [supervisor.pk]})]
    assert Reminder.objects.get(recipient=supervisor).kind == ReminderKind.URGENT


def _on_call(person, at):
    return OnCallShift.objects.create(
        staff=person, starts_at=at - dt.timedelta(minutes=1), ends_at=at + dt.timedelta(hours=6)
    )


def test_an_on_call_person_escalated_to_sees_the_alert_and_handles_it_but_not_the_record(
    client, client_record, client_user, supervisor, other_case_manager
):
    client_record.phone = "555-0142"
    client_record.save()
    with time_machine.travel(SATURDAY_2, tick=False):
        alert = _worrying(client_record, client_user).alerts.get()
    later = SATURDAY_2 + dt.timedelta(minutes=61)
    _on_call(other_case_manager, later)
    client.force_login(other_case_manager)
    with time_machine.travel(later, tick=False):
        assert "Jamie Client" not in client.get(reverse("home:today_live")).content.decode()
        assert safety_escalate() == 1
        live = client.get(reverse("home:today_live")).content.decode()
        today = client.get(reverse("home:today")).content.decode()
        for page in (live, today):
            assert "Jamie Client" in page and "555-0142" in page
            assert "Strong craving (8 or more)" in page
            assert reverse("aftercare:checkins", args=[client_record.pk]) not in page
        for name in ("home:client_overview", "aftercare:checkins"):
            assert client.get(reverse(name, args=[client_record.pk])).status_code == 404
        handled = client.post(reverse("aftercare:alert_handle_today", args=[alert.pk]))
        assert handled.status_code == 302
        assert "Jamie Client" not in client.get(reverse("home:today_live")).content.decode()
    alert.refresh_from_db()
    assert alert.handled_by == other_case_manager
    event = AuditEvent.objects.get(action="aftercare.alert.handle")
    assert event.actor_id == other_case_manager.pk and event.target_id == str(alert.pk)


def test_an_on_call_person_escalated_to_sees_the_help_request_with_name_and_phone(
    client, client_record, client_user, supervisor, other_case_manager
):
    client_record.phone = "555-0142"
    client_record.save()
    with time_machine.travel(SATURDAY_2, tick=False):  # nobody on call yet: the case manager
        help_request = help_now_request(client=client_record, actor=client_user)
    later = SATURDAY_2 + dt.timedelta(minutes=61)
    _on_call(other_case_manager, later)
    client.force_login(other_case_manager)
    with time_machine.travel(later, tick=False):
        assert "Jamie Client" not in client.get(reverse("home:today_live")).content.decode()
        assert safety_escalate() == 1
        live = client.get(reverse("home:today_live")).content.decode()
        overview = client.get(reverse("home:client_overview", args=[client_record.pk]))
        client.post(reverse("aftercare:help_handle", args=[help_request.pk]))
    assert set(help_request.alerted.all()) >= {other_case_manager, supervisor}
    assert "Jamie Client" in live and "555-0142" in live
    assert overview.status_code == 404
    help_request.refresh_from_db()
    assert help_request.handled_by == other_case_manager


@pytest.fixture
def nobody(client_record):
    """No shift on the rota, and the client's case manager has left the caseload."""
    CaseAssignment.objects.filter(client=client_record).update(ended_at=timezone.now())
    return client_record


def test_with_nobody_to_alert_the_client_is_told_so_at_once_with_the_crisis_lines(
    client, nobody, client_user
):
    client.force_login(client_user)
    page = client.post(reverse("aftercare:help_now"), follow=True).content.decode()
    assert "no one from our team can be reached right now" in page
    assert "Someone from our team will call you" not in page
    assert all(line in page for line in CRISIS)
    assert not HelpRequest.objects.get().alerted.exists()
    assert not Reminder.objects.exists()


def test_with_nobody_to_alert_a_worrying_check_in_says_so(client, nobody, client_user, supervisor):
    supervisor.is_active = False
    supervisor.save()
    client.force_login(client_user)
    answers = {"mood": "1", "craving": "2", "any_use": "no", "sleep": "some"}
    page = client.post(reverse("aftercare:my_checkins"), answers, follow=True).content.decode()
    assert "no one on our team can be told about them right now" in page
    assert all(line in page for line in CRISIS)
    alert = CheckInAlert.objects.get()  # kept all the same, for whoever can see the client
    assert alert.recipient is None and not alert.alerted.exists()
    assert not Reminder.objects.exists()


def test_with_the_responsible_person_inactive_the_supervisors_are_alerted_at_once(
    client, nobody, client_user, supervisor, other_case_manager, start_plan
):
    start_plan(nobody, responsible=other_case_manager)  # the coach of the plan has left
    other_case_manager.is_active = False
    other_case_manager.save()
    client.force_login(client_user)
    answers = {"mood": "1", "craving": "2", "any_use": "no", "sleep": "some"}
    with time_machine.travel(WEDNESDAY_10, tick=False):
        page = client.post(reverse("aftercare:my_checkins"), answers, follow=True)
    assert "our team has been told" in page.content.decode()
    alert = CheckInAlert.objects.get()
    assert alert.recipient is None and alert.escalated_at is not None
    assert list(alert.alerted.all()) == [supervisor]
    safety = Reminder.objects.filter(kind=ReminderKind.SAFETY)
    assert list(safety.values_list("recipient", flat=True)) == [supervisor.pk]
    raised = AuditEvent.objects.get(action="aftercare.alert.raise")
    assert raised.details == {"checkin": alert.checkin_id, "recipient": None, "to": [supervisor.pk]}
    with time_machine.travel(WEDNESDAY_10 + dt.timedelta(hours=2), tick=False):
        assert safety_escalate() == 0  # already went to them


def test_after_a_worrying_check_in_the_client_sees_when_staff_will_see_it_and_the_lines(
    client, client_record, client_user
):
    client.force_login(client_user)
    answers = {"mood": "1", "craving": "2", "any_use": "no", "sleep": "some"}
    page = client.post(reverse("aftercare:my_checkins"), answers, follow=True).content.decode()
    assert "your case manager will see them during office hours" in page
    assert all(line in page for line in CRISIS)
    calm = {"mood": "4", "craving": "0", "any_use": "no", "sleep": "well"}
    page = client.post(reverse("aftercare:my_checkins"), calm, follow=True).content.decode()
    assert "during office hours" not in page and "Your answers are saved." in page


def test_administrators_see_that_no_one_is_on_call_and_healthz_names_it(
    client, admin_user, other_case_manager, watchdog_all_clear, settings
):
    # Anyone may call /healthz: it never tells them when the organization has no crisis cover.
    assert "on_call" not in client.get(reverse("healthz")).json()
    settings.HEALTHZ_NOTES_TOKEN = "monitor-secret"
    wrong = client.get(reverse("healthz"), headers={"X-Healthz-Token": "guess"})
    assert "on_call" not in wrong.json()
    monitor = client.get(reverse("healthz"), headers={"X-Healthz-Token": "monitor-secret"})
    assert monitor.json()["on_call"] == "nobody"
    assert monitor.status_code == 200  # a note, not an outage
    client.force_login(admin_user)
    assert client.get(reverse("healthz")).json()["on_call"] == "nobody"
    assert "No one is on call now" in client.get(reverse("admin:index")).content.decode()
    now = timezone.now()
    OnCallShift.objects.create(
        staff=other_case_manager,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    assert client.get(reverse("healthz")).json()["on_call"] == "ok"
    assert "No one is on call now" not in client.get(reverse("admin:index")).content.decode()


def test_on_today_the_safety_cards_come_first_and_their_region_is_a_page_of_its_own(
    client, client_record, client_user, case_manager
):
    help_now_request(client=client_record, actor=client_user)
    _worrying(client_record, client_user)
    client.force_login(case_manager)
    page = client.get(reverse("home:today")).content.decode()
    first_card = page.index('class="card')
    assert page.index("help-now-heading") < page.index("checkin-alerts-heading")
    assert page.index('id="today-live"') < first_card < page.index("help-now-heading")
    assert 'src="/static/home/live.js"' in page and "<script>" not in page
    live = client.get(reverse("home:today_live")).content.decode()
    assert "help-now-heading" in live and client_record.display_name in live


@pytest.mark.django_db(transaction=True)
def test_twelve_parallel_presses_make_one_request_and_one_message(
    client_record, client_user, case_manager
):
    start = threading.Barrier(12)
    errors = []

    def press():
        try:
            start.wait()
            help_now_request(client=client_record, actor=client_user)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=press) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert HelpRequest.objects.filter(client=client_record).count() == 1
    assert Reminder.objects.filter(recipient=case_manager).count() == 1
