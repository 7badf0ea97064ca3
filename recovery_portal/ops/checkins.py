"""Celery workers and beat check in here, so the watchdog can tell a running portal from one
whose reminders have silently stopped (``recovery_portal.ops.health``).

- **A worker** starts a daemon thread when it is ready (Celery's ``worker_ready`` signal, sent
  in the worker's main process whatever the pool: prefork, solo, threads). The thread writes
  ``last_seen`` at once and then every ``WATCHDOG_CHECKIN_SECONDS``, each time on its own short
  database connection, closed after the write, so it never holds a connection the tasks use.
  When the worker is told to stop (``worker_shutting_down``, at once; ``worker_shutdown`` and
  interpreter exit as fallbacks) the thread stops checking in and marks the row
  ``stopped_at``. A worker killed outright writes nothing
  more: its row goes silent, which is what the watchdog looks for.
- **Beat** checks in from its own loop: ``WatchdogScheduler`` is django-celery-beat's
  ``DatabaseScheduler`` (``CELERY_BEAT_SCHEDULER``) whose ``tick()`` also records ``last_seen``
  at most every ``WATCHDOG_CHECKIN_SECONDS``, and whose ``close()`` marks it stopped. A beat
  that hangs stops ticking and so stops checking in.

A check-in that fails (the database restarting) is logged and tried again next time; it never
stops the worker or beat.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time

from celery import signals
from celery.beat import beat_nodename
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django_celery_beat.schedulers import DatabaseScheduler

from recovery_portal.ops.models import ProcessKind, WorkerCheckIn

log = logging.getLogger(__name__)


def check_in(*, name: str, kind: str, starting: bool = False) -> None:
    """Record that the process ``name`` is alive now (one upsert). ``starting`` also resets
    ``started_at``. A running process is not stopped, so ``stopped_at`` is cleared."""
    now = timezone.now()
    update = ["kind", "last_seen", "stopped_at", *(["started_at"] if starting else [])]
    WorkerCheckIn.objects.bulk_create(
        [WorkerCheckIn(name=name, kind=kind, started_at=now, last_seen=now, stopped_at=None)],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=update,
    )


def mark_stopped(*, name: str) -> None:
    """Record a graceful stop: the watchdog no longer expects this process to check in."""
    now = timezone.now()
    WorkerCheckIn.objects.filter(name=name).update(last_seen=now, stopped_at=now)


def _write(what: str, write, **kwargs) -> bool:
    """Run one check-in write and close this thread's database connection after it, whatever
    happens: a check-in never holds a connection, and one failed write is only logged."""
    try:
        write(**kwargs)
        return True
    except Exception as exc:  # noqa: BLE001  (the database may be restarting; try again later)
        log.warning("watchdog: could not record the %s check-in: %s", what, type(exc).__name__)
        return False
    finally:
        connections.close_all()  # this thread's connections only


# --- workers -------------------------------------------------------------------------------


class CheckInThread(threading.Thread):
    """Checks one worker in every ``every`` seconds until asked to stop, then records the
    stop itself."""

    def __init__(self, name: str, every: float):
        super().__init__(name="watchdog-check-in", daemon=True)
        self.worker_name = name
        self.every = every
        self.owner_pid = os.getpid()
        self.stopping = threading.Event()
        self.stop_recorded = False

    def run(self) -> None:
        _write("worker", check_in, name=self.worker_name, kind=ProcessKind.WORKER, starting=True)
        while not self.stopping.wait(self.every):
            _write("worker", check_in, name=self.worker_name, kind=ProcessKind.WORKER)
        self._record_stop()

    def _record_stop(self) -> None:
        if not self.stop_recorded:
            self.stop_recorded = True
            _write("worker stop", mark_stopped, name=self.worker_name)

    def stop(self) -> None:
        """Stop checking in and make sure the stop is recorded. Idempotent; does nothing in a
        process forked from the worker (a prefork pool child inherits this object, not the
        thread)."""
        if os.getpid() != self.owner_pid:
            return
        self.stopping.set()
        if self.is_alive():
            self.join(timeout=10)  # the thread records the stop on its way out
        self._record_stop()


_worker_thread: CheckInThread | None = None


@signals.worker_ready.connect
def start_worker_check_ins(sender=None, **kwargs) -> None:
    """``sender`` is the worker's consumer; its ``hostname`` is the node name (``-n``)."""
    global _worker_thread
    if _worker_thread is not None and _worker_thread.is_alive():
        return
    _worker_thread = CheckInThread(sender.hostname, settings.WATCHDOG_CHECKIN_SECONDS)
    _worker_thread.start()


@signals.worker_shutting_down.connect
def worker_asked_to_stop(**kwargs) -> None:
    """Sent from the worker's signal handler as soon as it is told to stop (it may then finish
    its current tasks for a while): only wake the thread, which records the stop."""
    if _worker_thread is not None and os.getpid() == _worker_thread.owner_pid:
        _worker_thread.stopping.set()


@signals.worker_shutdown.connect
def stop_worker_check_ins(**kwargs) -> None:
    if _worker_thread is not None:
        _worker_thread.stop()


@atexit.register
def _stop_at_exit() -> None:
    # A cold shutdown (a second Ctrl-C) skips worker_shutdown; the interpreter still exits.
    stop_worker_check_ins()


# --- beat ----------------------------------------------------------------------------------

_beat_name: str | None = None


@signals.beat_init.connect
def remember_beat_name(sender=None, **kwargs) -> None:
    """Beat's node name: ``celerybeat@<host>``, or what ``celery beat -n`` says."""
    global _beat_name
    _beat_name = beat_nodename(getattr(sender, "hostname", None))


class WatchdogScheduler(DatabaseScheduler):
    """django-celery-beat's database scheduler, unchanged, plus beat's check-ins."""

    _checked_in_at: float | None = None

    @property
    def check_in_name(self) -> str:
        return _beat_name or beat_nodename(None)

    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        every = settings.WATCHDOG_CHECKIN_SECONDS
        now = time.monotonic()
        if self._checked_in_at is None or now - self._checked_in_at >= every:
            first = self._checked_in_at is None
            self._checked_in_at = now
            _write("beat", check_in, name=self.check_in_name, kind=ProcessKind.BEAT, starting=first)
        # Wake up at least as often as beat must check in (the default loop is 5 s anyway).
        return min(interval, every) if interval else interval

    def close(self) -> None:
        try:
            if self._checked_in_at is not None:
                _write("beat stop", mark_stopped, name=self.check_in_name)
        finally:
            super().close()
