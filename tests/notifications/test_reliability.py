"""The outbox's guarantees, proven with real processes: PostgreSQL, Redis, Celery workers and
beats as production runs them, broken on purpose. Every send is counted from the file the
recording e-mail backend (tests/notifications/backends.py) appends to in each worker."""

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from recovery_portal.notifications.models import Reminder, ReminderKind, ReminderState
from recovery_portal.notifications.services import custom_reminder_create, reminders_schedule
from tests.workers import wait_until

from .backends import read_outbox

pytestmark = pytest.mark.worker


def schedule_many(*, recipient, author, count: int, send_at) -> set[int]:
    """``count`` reminders of one source, each its own row (keys 0…count-1), in one commit."""
    with transaction.atomic():
        custom = custom_reminder_create(
            author=author,
            recipient=recipient,
            at=send_at + timedelta(hours=2),
            remind_at=send_at,
            note="Bring your photo ID.",
        )
        ids = set()
        # Key "" is the row custom_reminder_create made: scheduling it again returns it.
        for key in ["", *(f"bulk-{n}" for n in range(count - 1))]:
            [row] = reminders_schedule(
                recipient=recipient,
                kind=ReminderKind.OTHER,
                source=custom,
                send_at=send_at,
                key=key,
            )
            ids.add(row.pk)
    assert len(ids) == count
    return ids


def sent_count(ids) -> int:
    return Reminder.objects.filter(pk__in=ids, state=ReminderState.SENT).count()


def test_two_workers_and_two_beats_send_each_of_2000_reminders_exactly_once(
    processes, outbox_env, client_user, case_manager, settings
):
    outbox, env = outbox_env
    broker = settings.CELERY_BROKER_URL
    from recovery_portal.celery import app as celery_app

    celery_app.control.purge()
    # Workers start while the beats do (beats one after the other: each writes the schedule
    # into the database when it starts).
    workers = [processes.worker(n, broker_url=broker, env=env, wait=False) for n in ("w1", "w2")]
    beats = [processes.beat(name, broker_url=broker, env=env) for name in ("b1", "b2")]
    for worker in workers:
        worker.ready()

    ids = schedule_many(
        recipient=client_user, author=case_manager, count=2000, send_at=timezone.now()
    )

    assert wait_until(lambda: sent_count(ids) == 2000, timeout=120, every=0.5), (
        f"sent {sent_count(ids)} of 2000"
    )
    sends = read_outbox(outbox)
    per_reminder = Counter(s["id"] for s in sends)
    assert set(per_reminder) == ids
    assert max(per_reminder.values()) == 1, "a reminder was sent twice"
    assert len(sends) == 2000
    # Both workers did part of the work, and both beats kept sending the dispatch task.
    assert len({s["pid"] for s in sends}) == 2
    for beat in beats:
        assert "Sending due task notifications.dispatch_due_reminders" in beat.log_path.read_text()
    assert all(w.process.poll() is None for w in workers)


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_only_what_was_in_flight(
    processes, outbox_env, client_user, case_manager, settings
):
    outbox, env = outbox_env
    env = {**env, "REMINDER_TEST_SEND_DELAY": "0.02", "REMINDER_LEASE_SECONDS": "4"}
    broker = settings.CELERY_BROKER_URL
    from recovery_portal.celery import app as celery_app

    celery_app.control.purge()
    processes.beat("b1", broker_url=broker, env=env)
    first = processes.worker("w1", broker_url=broker, env=env)
    ids = schedule_many(
        recipient=client_user, author=case_manager, count=300, send_at=timezone.now()
    )

    # Kill it well into its second batch of 50, with at least ten rows of the batch to go
    # (each send takes 20 ms, so the batch cannot end between this check and the kill).
    def mid_batch() -> bool:
        in_progress = Reminder.objects.filter(state=ReminderState.SENDING).count()
        return len(read_outbox(outbox)) >= 60 and in_progress >= 10

    assert wait_until(mid_batch, timeout=60, every=0.02)
    first.kill()
    in_flight = set(
        Reminder.objects.filter(pk__in=ids, state=ReminderState.SENDING).values_list(
            "pk", flat=True
        )
    )
    sent_before = set(
        Reminder.objects.filter(pk__in=ids, state=ReminderState.SENT).values_list("pk", flat=True)
    )
    assert in_flight, "the kill did not land in the middle of a batch"
    assert sent_before

    processes.worker("w2", broker_url=broker, env=env)
    assert wait_until(lambda: sent_count(ids) == 300, timeout=90, every=0.5), (
        f"sent {sent_count(ids)} of 300"
    )

    per_reminder = Counter(s["id"] for s in read_outbox(outbox))
    assert set(per_reminder) == ids, "a reminder was lost"
    duplicates = {pk for pk, n in per_reminder.items() if n > 1}
    # Only a message handed to the channel but not yet recorded when the worker died can go
    # out twice: at most the one being sent at that moment, and always one that was in flight.
    assert duplicates <= in_flight
    assert len(duplicates) <= 1
    assert max(per_reminder.values()) <= 2
    print(f"in flight at the kill: {len(in_flight)}; sent twice: {len(duplicates)}")
    reclaimed = Reminder.objects.filter(pk__in=in_flight, attempts=2).count()
    assert reclaimed == len(in_flight)


def test_a_broker_restart_while_reminders_are_due_loses_nothing(
    processes, outbox_env, client_user, case_manager
):
    outbox, env = outbox_env
    redis = processes.redis()
    processes.beat("b1", broker_url=redis.url, env=env)
    processes.worker("w1", broker_url=redis.url, env=env)
    before = schedule_many(
        recipient=client_user, author=case_manager, count=100, send_at=timezone.now()
    )
    assert wait_until(lambda: sent_count(before) == 100, timeout=60, every=0.5)

    redis.stop()
    # Due while the broker is down: no dispatch task can reach a worker now.
    during = schedule_many(
        recipient=client_user,
        author=case_manager,
        count=100,
        send_at=timezone.now() + timedelta(seconds=2),
    )
    time.sleep(3.5)
    assert sent_count(during) == 0
    redis.restart()

    assert wait_until(lambda: sent_count(during) == 100, timeout=90, every=0.5), (
        f"sent {sent_count(during)} of 100 after the broker came back"
    )
    per_reminder = Counter(s["id"] for s in read_outbox(outbox))
    assert set(per_reminder) == before | during
    assert max(per_reminder.values()) == 1
