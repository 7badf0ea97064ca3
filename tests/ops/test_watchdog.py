"""The watchdog: /healthz and the admin's front page say whether reminders are flowing.

The rules first, on rows written as the processes write them; then real Celery workers and
beat (tests/workers.py), started, stopped, killed, with check-ins every second and a silence
of four, so each scenario takes seconds.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recovery_portal.audit.models import AuditEvent
from recovery_portal.celery import app as celery_app
from recovery_portal.notifications.models import Reminder, ReminderState
from recovery_portal.notifications.services import custom_reminder_create
from recovery_portal.ops.checkins import check_in, mark_stopped
from recovery_portal.ops.health import check_health
from recovery_portal.ops.models import ProcessKind, WorkerCheckIn
from tests.core.test_settings import PRODUCTION_ENV, manage
from tests.workers import BeatProcess, WorkerProcess, wait_until


def healthz(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content)


def seen(name: str, kind: str, *, seconds_ago: float, stopped: bool = False) -> WorkerCheckIn:
    at = timezone.now() - timedelta(seconds=seconds_ago)
    return WorkerCheckIn.objects.create(
        name=name,
        kind=kind,
        started_at=at - timedelta(hours=1),
        last_seen=at,
        stopped_at=at if stopped else None,
    )


def reminder_due(recipient, author, *, minutes_ago: float) -> Reminder:
    custom = custom_reminder_create(
        author=author,
        recipient=recipient,
        at=timezone.now() + timedelta(days=1),
        remind_at=timezone.now() - timedelta(minutes=minutes_ago),
        note="Bring your photo ID.",
    )
    return Reminder.objects.get(source_id=str(custom.pk))


# --- the rules ------------------------------------------------------------------------------


@pytest.fixture
def defaults(settings):
    settings.WATCHDOG_REMINDER_DELAY_MINUTES = 10
    settings.WATCHDOG_CHECKIN_SECONDS = 30
    settings.WATCHDOG_SILENCE_SECONDS = 120
    return settings


def test_a_new_install_where_nothing_ever_checked_in_is_down(client, db, defaults):
    assert healthz(client) == (
        503,
        {
            "status": "unavailable",
            "database": "ok",
            "broker": "ok",
            "reminders": "ok",
            "workers": "down",
            "beat": "down",
            "texts": "ok",
        },
    )


def test_a_worker_and_beat_seen_within_the_silence_are_well(client, db, defaults):
    seen("w1@host", ProcessKind.WORKER, seconds_ago=100)
    seen("celerybeat@host", ProcessKind.BEAT, seconds_ago=100)
    assert healthz(client)[0] == 200


def test_a_worker_that_stopped_gracefully_is_no_alarm_while_another_runs(client, db, defaults):
    seen("w1@host", ProcessKind.WORKER, seconds_ago=5)
    seen("w2@host", ProcessKind.WORKER, seconds_ago=3600, stopped=True)
    seen("celerybeat@host", ProcessKind.BEAT, seconds_ago=5)
    assert healthz(client)[0] == 200


def test_every_worker_stopped_means_workers_down(client, db, defaults):
    seen("w1@host", ProcessKind.WORKER, seconds_ago=1, stopped=True)
    seen("celerybeat@host", ProcessKind.BEAT, seconds_ago=5)
    status, body = healthz(client)
    assert (status, body["workers"]) == (503, "down")


def test_a_worker_quiet_too_long_without_stopping_is_silent(client, db, defaults):
    seen("w1@host", ProcessKind.WORKER, seconds_ago=5)
    seen("w2@host", ProcessKind.WORKER, seconds_ago=121)
    seen("celerybeat@host", ProcessKind.BEAT, seconds_ago=5)
    status, body = healthz(client)
    assert (status, body["workers"], body["beat"]) == (503, "silent", "ok")


def test_when_every_worker_is_silent_the_workers_are_down(client, db, defaults):
    seen("w1@host", ProcessKind.WORKER, seconds_ago=500)
    seen("celerybeat@host", ProcessKind.BEAT, seconds_ago=5)
    assert healthz(client)[1]["workers"] == "down"


def test_a_beat_quiet_too_long_is_down(client, db, defaults):
    seen("w1@host", ProcessKind.WORKER, seconds_ago=5)
    seen("celerybeat@host", ProcessKind.BEAT, seconds_ago=121)
    status, body = healthz(client)
    assert (status, body["beat"], body["workers"]) == (503, "down", "ok")


def test_the_silence_is_a_setting(client, db, defaults):
    seen("w1@host", ProcessKind.WORKER, seconds_ago=60)
    seen("celerybeat@host", ProcessKind.BEAT, seconds_ago=60)
    assert healthz(client)[0] == 200
    defaults.WATCHDOG_SILENCE_SECONDS = 30
    assert healthz(client)[1]["workers"] == "down"


def test_a_reminder_unsent_more_than_the_delay_after_it_was_due_is_late(
    client, watchdog_all_clear, defaults, client_user, case_manager
):
    reminder_due(client_user, case_manager, minutes_ago=9)
    assert healthz(client)[0] == 200
    reminder_due(client_user, case_manager, minutes_ago=11)
    status, body = healthz(client)
    assert (status, body["reminders"]) == (503, "late")


def test_reminders_already_sent_cancelled_or_failed_are_never_late(
    client, watchdog_all_clear, defaults, client_user, case_manager
):
    for state in (ReminderState.SENT, ReminderState.CANCELLED, ReminderState.FAILED):
        row = reminder_due(client_user, case_manager, minutes_ago=60)
        Reminder.objects.filter(pk=row.pk).update(state=state)
    assert healthz(client)[1]["reminders"] == "ok"


def test_a_reminder_waiting_for_quiet_hours_or_a_retry_is_not_late(
    client, watchdog_all_clear, defaults, client_user, case_manager
):
    # The dispatcher leaves send_at alone and moves due_at: to when quiet hours end, or to
    # the next try after a failure.
    row = reminder_due(client_user, case_manager, minutes_ago=60)
    Reminder.objects.filter(pk=row.pk).update(
        due_at=timezone.now() + timedelta(hours=6), note="Waiting for quiet hours to end."
    )
    assert healthz(client)[1]["reminders"] == "ok"
    Reminder.objects.filter(pk=row.pk).update(due_at=timezone.now() - timedelta(minutes=11))
    assert healthz(client)[1]["reminders"] == "late"


def test_a_reminder_held_by_a_worker_that_died_is_late_once_its_lease_is_long_over(
    client, watchdog_all_clear, defaults, client_user, case_manager
):
    row = reminder_due(client_user, case_manager, minutes_ago=60)
    Reminder.objects.filter(pk=row.pk).update(
        state=ReminderState.SENDING, lease_expires_at=timezone.now() + timedelta(minutes=2)
    )
    assert healthz(client)[1]["reminders"] == "ok"  # a worker is sending it right now
    Reminder.objects.filter(pk=row.pk).update(
        lease_expires_at=timezone.now() - timedelta(minutes=11)
    )
    assert healthz(client)[1]["reminders"] == "late"


def test_healthz_asks_the_database_three_small_questions(
    client, watchdog_all_clear, django_assert_num_queries
):
    # SELECT 1; is any reminder late (one indexed query); the check-ins; how many texts of the
    # last hour failed (one query on a partial index); the apps' notes (aftercare: is anyone
    # on call now).
    with django_assert_num_queries(5):
        check_health()


def test_a_check_in_keeps_the_start_and_clears_a_stop(db):
    check_in(name="w1@host", kind=ProcessKind.WORKER, starting=True)
    started = WorkerCheckIn.objects.get().started_at
    mark_stopped(name="w1@host")
    assert WorkerCheckIn.objects.get().stopped_at is not None
    check_in(name="w1@host", kind=ProcessKind.WORKER)
    row = WorkerCheckIn.objects.get()
    assert (row.started_at, row.stopped_at) == (started, None)
    assert row.last_seen > started
    check_in(name="w1@host", kind=ProcessKind.WORKER, starting=True)
    assert WorkerCheckIn.objects.get().started_at > started


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WATCHDOG_CHECKIN_SECONDS": "0"}, "WATCHDOG_CHECKIN_SECONDS must be at least 1"),
        ({"WATCHDOG_SILENCE_SECONDS": "soon"}, "WATCHDOG_SILENCE_SECONDS must be a whole"),
        ({"WATCHDOG_REMINDER_DELAY_MINUTES": "0"}, "WATCHDOG_REMINDER_DELAY_MINUTES must be"),
        (
            {"WATCHDOG_CHECKIN_SECONDS": "60", "WATCHDOG_SILENCE_SECONDS": "60"},
            "WATCHDOG_SILENCE_SECONDS (60) must be longer than WATCHDOG_CHECKIN_SECONDS",
        ),
    ],
)
def test_a_bad_watchdog_setting_stops_start_up_with_a_clear_message(env, message):
    result = manage("check", env={**PRODUCTION_ENV, **env})
    assert result.returncode != 0
    assert message in result.stderr


# --- the admin's front page -----------------------------------------------------------------


def test_the_admin_front_page_shows_every_part_in_words(client, admin_user, defaults):
    seen("w1@web1", ProcessKind.WORKER, seconds_ago=5)
    seen("w2@web2", ProcessKind.WORKER, seconds_ago=600)
    seen("celerybeat@web1", ProcessKind.BEAT, seconds_ago=5)
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert "System status" in html
    assert "Something needs attention" in html
    assert "Workers silent" in html
    for part in ("Database", "Broker (Redis)", "Reminders", "Workers", "Beat (scheduler)"):
        assert f'<th scope="row">{part}</th>' in html
    # Names and times, for administrators only.
    assert "w1@web1" in html and "w2@web2" in html and "celerybeat@web1" in html
    assert "10 minutes ago" in html
    assert "Staff, roles and settings" in html  # the usual list of models is still there


def test_the_admin_front_page_counts_late_reminders(
    client, admin_user, watchdog_all_clear, defaults, client_user, case_manager
):
    reminder_due(client_user, case_manager, minutes_ago=11)
    reminder_due(client_user, case_manager, minutes_ago=30)
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert "2 reminders still unsent more than 10 minutes after they were due" in html


def test_the_admin_front_page_says_all_is_well_when_it_is(client, admin_user, watchdog_all_clear):
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert "All is well." in html
    assert "Something needs attention" not in html


def test_only_administrators_see_the_panel(client, supervisor, watchdog_all_clear):
    client.force_login(supervisor)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert b"System status" not in response.content


# --- real workers and beat ------------------------------------------------------------------

FAST = {
    "WATCHDOG_CHECKIN_SECONDS": "1",
    "WATCHDOG_SILENCE_SECONDS": "4",
    "REMINDER_DISPATCH_EVERY_SECONDS": "1",
}


@pytest.fixture
def fast(settings):
    """The test process judges with the same small numbers the processes check in with."""
    settings.WATCHDOG_CHECKIN_SECONDS = 1
    settings.WATCHDOG_SILENCE_SECONDS = 4
    settings.WATCHDOG_REMINDER_DELAY_MINUTES = 10


@pytest.fixture
def launch(transactional_db, tmp_path):
    """Start workers and beats on the test database; all are stopped by their own PIDs."""
    celery_app.control.purge()
    started: list = []

    def start(kind, name: str, *extra_args: str):
        process = kind(name=name, env=FAST, log_dir=tmp_path, extra_args=extra_args)
        started.append(process)
        return process.start()

    yield start
    for process in reversed(started):
        process.stop()


def status_becomes(client, expected_status: int, **parts) -> bool:
    def matches():
        status, body = healthz(client)
        return status == expected_status and all(body[k] == v for k, v in parts.items())

    return wait_until(matches, timeout=20, every=0.2)


@pytest.mark.worker
def test_a_worker_and_beat_keep_healthz_green_until_they_are_stopped(
    client, launch, fast, admin_user
):
    worker = launch(WorkerProcess, "w1")
    beat = launch(BeatProcess, "b1")
    assert status_becomes(client, 200), healthz(client)

    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert "All is well." in html
    assert "w1@" in html and "Running" in html

    worker.stop()  # SIGTERM: a graceful stop is recorded at once
    assert WorkerCheckIn.objects.get(kind=ProcessKind.WORKER).stopped_at is not None
    assert healthz(client)[1]["workers"] == "down"
    assert healthz(client)[1]["beat"] == "ok"

    beat.stop()
    assert WorkerCheckIn.objects.get(kind=ProcessKind.BEAT).stopped_at is not None
    status, body = healthz(client)
    assert (status, body["workers"], body["beat"]) == (503, "down", "down")
    html = client.get("/admin/").content.decode()
    assert "Workers down; Beat (scheduler) down" in html


@pytest.mark.worker
def test_a_worker_killed_outright_goes_silent_until_an_administrator_retires_it(
    client, launch, fast
):
    launch(WorkerProcess, "w1")
    doomed = launch(WorkerProcess, "w2")
    launch(BeatProcess, "b1")
    assert status_becomes(client, 200), healthz(client)

    doomed.kill()  # SIGKILL: no chance to say goodbye
    assert status_becomes(client, 503, workers="silent", beat="ok"), healthz(client)

    # The administrator retires it (deletes its row in the admin): the alarm ends.
    WorkerCheckIn.objects.filter(name__startswith="w2@").delete()
    assert healthz(client)[0] == 200


@pytest.mark.worker
def test_a_late_reminder_raises_the_alarm_until_a_worker_and_beat_send_it(
    client, launch, fast, client_user, case_manager
):
    reminder = reminder_due(client_user, case_manager, minutes_ago=11)
    status, body = healthz(client)
    assert (status, body["reminders"], body["workers"]) == (503, "late", "down")

    launch(WorkerProcess, "w1")
    launch(BeatProcess, "b1")
    assert wait_until(
        lambda: Reminder.objects.get(pk=reminder.pk).state == ReminderState.SENT, timeout=30
    )
    assert status_becomes(client, 200), healthz(client)


@pytest.mark.worker
def test_a_prefork_worker_checks_in_from_its_main_process_while_children_come_and_go(
    client, launch, fast
):
    # Each pool child exits after one task (beat sends one a second): a child leaving must
    # not mark the worker stopped, and the main process keeps checking in throughout.
    worker = launch(
        WorkerProcess, "w1", "--pool=prefork", "--concurrency=1", "--max-tasks-per-child=1"
    )
    launch(BeatProcess, "b1")
    assert status_becomes(client, 200), healthz(client)
    worker.wait_for_log("succeeded", timeout=20)
    never_alarmed = not wait_until(lambda: healthz(client)[0] != 200, timeout=6, every=0.5)
    assert never_alarmed, healthz(client)
    assert worker.output().count("succeeded") >= 2  # children were replaced meanwhile

    worker.stop()
    assert WorkerCheckIn.objects.get(kind=ProcessKind.WORKER).stopped_at is not None


def test_an_administrator_retires_a_worker_by_deleting_its_row(client, admin_user, defaults):
    # An Administrator by role, not a superuser: the role's permissions are enough.
    admin_user.is_superuser = False
    admin_user.save(update_fields=["is_superuser"])
    retired = seen("old@gone", ProcessKind.WORKER, seconds_ago=3600)
    seen("w1@web1", ProcessKind.WORKER, seconds_ago=5)
    seen("celerybeat@web1", ProcessKind.BEAT, seconds_ago=5)
    assert healthz(client)[1]["workers"] == "silent"

    client.force_login(admin_user)
    changelist = reverse("admin:ops_workercheckin_changelist")
    assert b"old@gone" in client.get(changelist).content
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [retired.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not WorkerCheckIn.objects.filter(pk=retired.pk).exists()
    # Silencing the watchdog for a process is on the audit trail.
    event = AuditEvent.objects.get(action="ops.checkin_forgotten")
    assert (event.actor, event.details) == (admin_user, {"name": "old@gone", "kind": "worker"})
    client.logout()
    assert healthz(client)[0] == 200


@pytest.mark.parametrize(
    ("broker_url", "name", "answers"),
    [
        ("redis://127.0.0.1:6379/11", "Broker (Redis)", "Redis answers"),
        ("filesystem://", "Broker (the file-system broker)", "The file-system broker answers"),
    ],
)
def test_the_status_names_the_broker_in_use(settings, broker_url, name, answers):
    """The demo's file-system broker is not called Redis (issue 18, item 9)."""
    from recovery_portal.ops.health import OK, Health, explain

    settings.CELERY_BROKER_URL = broker_url
    health = Health(states={"database": OK, "broker": OK})
    broker = next(part for part in explain(health) if part["name"] == "broker")
    assert broker["label"] == name
    assert broker["meaning"].startswith(answers)
