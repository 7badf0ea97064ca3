"""The watchdog: is the portal up, and are reminders flowing? Read by /healthz (public: states
only) and by the admin's front page (administrators: names, times and counts too).

Five parts, each "ok" or what is wrong:

- **database**: PostgreSQL answers (``down`` otherwise).
- **broker**: Redis answers (``down``).
- **reminders**: no reminder is still waiting more than ``WATCHDOG_REMINDER_DELAY_MINUTES``
  after it was due (``late``). "Due" is the outbox's ``due_at``: quiet hours and the back-off
  after a failed try move it later, so a reminder waiting for either is not late. A reminder
  claimed by a worker that died counts from the end of its lease. One indexed query: the two
  partial indexes the dispatcher itself uses (``reminder_due_scheduled``,
  ``reminder_lease_sending``).
- **workers**: at least one worker checked in within ``WATCHDOG_SILENCE_SECONDS`` (``down``
  otherwise, including a new install where none ever did), and no worker that is not marked
  stopped has been quiet longer than that (``silent``: it died without stopping; an
  administrator deletes the row of a worker retired on purpose).
- **beat**: a beat checked in within ``WATCHDOG_SILENCE_SECONDS`` (``down``).
- **texts**: of the text messages that ended in the last hour (sent, or failed: by the
  dispatcher or by the provider's status callback), at least ``WATCHDOG_TEXT_FAILURES_MIN``
  and more than half failed (``failing``): the provider refuses them or cannot deliver them.
  One query on the partial index ``reminder_sms_outcome``.

When the database does not answer, the parts read from it are ``unknown``.

Besides the parts, **notes** the apps declare (``status_notes`` in their ``apps.py``; e.g.
aftercare's "No one is on call now"): shown on the admin's front page, and named in /healthz
with their state to administrators and to monitors that send ``HEALTHZ_NOTES_TOKEN``; never an
outage, so they do not turn /healthz into 503.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from recovery_portal.celery import app as celery_app
from recovery_portal.notifications.models import Channel, Reminder, ReminderState
from recovery_portal.ops.models import ProcessKind, WorkerCheckIn
from recovery_portal.plugins import StatusNote, status_notes

OK, DOWN, LATE, SILENT, UNKNOWN = "ok", "down", "late", "silent", "unknown"
FAILING = "failing"
PARTS = ("database", "broker", "reminders", "workers", "beat", "texts")


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001  (any failure means "not answering")
        return False


def broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
        return True
    except Exception:  # noqa: BLE001
        return False


def late_reminders(now: datetime):
    """Reminders still waiting ``WATCHDOG_REMINDER_DELAY_MINUTES`` after they were due."""
    cutoff = now - timedelta(minutes=settings.WATCHDOG_REMINDER_DELAY_MINUTES)
    return Reminder.objects.filter(
        Q(state=ReminderState.SCHEDULED, due_at__lt=cutoff)
        | Q(state=ReminderState.SENDING, lease_expires_at__lt=cutoff)
    )


def text_outcomes(now: datetime) -> tuple[int, int]:
    """(texts that ended in the last hour, how many of them failed)."""
    counts = Reminder.objects.filter(
        channel=Channel.SMS,
        state__in=[ReminderState.SENT, ReminderState.FAILED],
        updated_at__gte=now - timedelta(hours=1),
    ).aggregate(total=Count("pk"), failed=Count("pk", filter=Q(state=ReminderState.FAILED)))
    return counts["total"], counts["failed"]


def texts_state(now: datetime) -> str:
    total, failed = text_outcomes(now)
    failing = total >= settings.WATCHDOG_TEXT_FAILURES_MIN and failed * 2 > total
    return FAILING if failing else OK


@dataclass
class Process:
    """One row of the check-in table as the admin shows it."""

    name: str
    kind: str
    kind_label: str
    started_at: datetime
    last_seen: datetime
    stopped_at: datetime | None
    state: str  # "running", "stopped" or "silent"
    ago: str  # how long since it last checked in, in words


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _ago(seconds: float) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            return f"{_count(int(seconds // size), unit)} ago"
    return f"{_count(max(int(seconds), 0), 'second')} ago"


def judge_processes(rows: list[WorkerCheckIn], now: datetime) -> tuple[str, str, list[Process]]:
    """The workers' and beat's states from their check-in rows (the rules above)."""
    since = now - timedelta(seconds=settings.WATCHDOG_SILENCE_SECONDS)
    processes = []
    for row in rows:
        if row.stopped_at is not None:
            state = "stopped"
        elif row.last_seen >= since:
            state = "running"
        else:
            state = "silent"
        processes.append(
            Process(
                name=row.name,
                kind=row.kind,
                kind_label=row.get_kind_display(),
                started_at=row.started_at,
                last_seen=row.last_seen,
                stopped_at=row.stopped_at,
                state=state,
                ago=_ago((now - row.last_seen).total_seconds()),
            )
        )
    workers = [p for p in processes if p.kind == ProcessKind.WORKER]
    beats = [p for p in processes if p.kind == ProcessKind.BEAT]
    if not any(p.state == "running" for p in workers):
        workers_state = DOWN
    elif any(p.state == "silent" for p in workers):
        workers_state = SILENT
    else:
        workers_state = OK
    beat_state = OK if any(p.state == "running" for p in beats) else DOWN
    return workers_state, beat_state, processes


@dataclass
class Health:
    states: dict[str, str]
    late_count: int | None = None
    processes: list[Process] = field(default_factory=list)
    checked_at: datetime | None = None
    notes: list[StatusNote] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return all(state == OK for state in self.states.values())

    def public(self, *, notes: bool = False) -> dict[str, str]:
        """What /healthz may say to anyone: states, nothing else. The apps' notes (e.g. that no
        one is on call) only with ``notes``: for an administrator or a monitor holding
        ``HEALTHZ_NOTES_TOKEN``, never for anyone, who could watch when the organization has no
        crisis cover."""
        shown = {note.name: note.state for note in self.notes} if notes else {}
        return {"status": "ok" if self.healthy else "unavailable", **self.states, **shown}

    def parts(self) -> list[tuple[str, str]]:
        return [(name, self.states[name]) for name in PARTS if name in self.states]


def check_health(*, detailed: bool = False, watchdog: bool = True) -> Health:
    """Every part's state. ``detailed`` (the admin) also counts late reminders and lists the
    check-ins; /healthz asks only whether one late reminder exists. ``watchdog=False`` asks
    only what one web process needs to serve (database and broker): a load balancer's check,
    which must not take every web server out of rotation because a worker is down."""
    now = timezone.now()
    states = {"database": OK if database_ok() else DOWN, "broker": OK if broker_ok() else DOWN}
    health = Health(states=states, checked_at=now)
    if not watchdog:
        return health
    if states["database"] != OK:
        states.update(reminders=UNKNOWN, workers=UNKNOWN, beat=UNKNOWN, texts=UNKNOWN)
        return health
    try:
        late = late_reminders(now)
        if detailed:
            health.late_count = late.count()
            any_late = health.late_count > 0
        else:
            any_late = late.exists()
        states["reminders"] = LATE if any_late else OK
        workers, beat, health.processes = judge_processes(list(WorkerCheckIn.objects.all()), now)
        states.update(workers=workers, beat=beat, texts=texts_state(now))
        health.notes = [note(now) for note in status_notes()]
    except Exception:  # noqa: BLE001  (the database went away between the checks)
        for name in ("reminders", "workers", "beat", "texts"):
            states.setdefault(name, UNKNOWN)
    return health


def broker_name() -> str:
    """The broker in use, as the status page names it (from ``CELERY_BROKER_URL``)."""
    scheme = settings.CELERY_BROKER_URL.split(":", 1)[0].lower()
    return {
        "redis": "Redis",
        "rediss": "Redis",
        "filesystem": "the file-system broker",
        "amqp": "RabbitMQ",
        "amqps": "RabbitMQ",
        "memory": "the in-memory broker",
    }.get(scheme, scheme)


LABELS = {
    "database": "Database",
    "broker": "Broker",
    "reminders": "Reminders",
    "workers": "Workers",
    "beat": "Beat (scheduler)",
    "texts": "Text messages",
}
STATE_LABELS = {
    OK: "OK",
    DOWN: "Down",
    LATE: "Late",
    SILENT: "Silent",
    UNKNOWN: "Unknown",
    FAILING: "Failing",
}


def explain(health: Health) -> list[dict]:
    """For the admin's front page: each part's state in words, and what it means."""
    delay = settings.WATCHDOG_REMINDER_DELAY_MINUTES
    silence = settings.WATCHDOG_SILENCE_SECONDS
    running = sum(
        1 for p in health.processes if p.kind == ProcessKind.WORKER and p.state == "running"
    )
    late = health.late_count or 0
    broker = broker_name()
    words = {
        ("database", OK): "The database answers.",
        ("database", DOWN): "The database does not answer.",
        ("broker", OK): f"{broker[0].upper()}{broker[1:]} answers, so tasks can be queued.",
        (
            "broker",
            DOWN,
        ): f"{broker[0].upper()}{broker[1:]} does not answer: no task can be queued.",
        ("reminders", OK): f"No reminder is waiting more than {delay} minutes past its time.",
        ("reminders", LATE): (
            f"{_count(late, 'reminder')} still unsent more than {delay} minutes after "
            f"{'they were' if late != 1 else 'it was'} due: beat or every worker is down, "
            "or the workers cannot keep up."
        ),
        ("workers", OK): (
            f"{_count(running, 'worker')} checked in within the last {silence} seconds."
        ),
        ("workers", DOWN): (
            f"No worker has checked in within the last {silence} seconds: nothing is sent."
        ),
        ("workers", SILENT): (
            f"A worker stopped checking in more than {silence} seconds ago without being "
            "stopped (it crashed, or its machine is gone). Restart it; if it was retired on "
            "purpose, delete its row under Operations → Worker check-ins."
        ),
        ("beat", OK): f"Beat checked in within the last {silence} seconds.",
        ("texts", OK): "Most text messages of the last hour went out and were delivered.",
        ("texts", FAILING): (
            "Most text messages of the last hour failed (the provider refused them or could "
            "not deliver them): see the reasons in the outbox (Reminders, state failed)."
        ),
        ("beat", DOWN): (
            f"Beat has not checked in within the last {silence} seconds: no periodic task "
            "(sending reminders included) is started."
        ),
    }
    return [
        {
            "name": name,
            "label": f"Broker ({broker})" if name == "broker" else LABELS[name],
            "state": state,
            "state_label": STATE_LABELS[state],
            "ok": state == OK,
            "meaning": words.get((name, state), "Not known while the database does not answer."),
        }
        for name, state in health.parts()
    ]


_public_cache: dict[bool, tuple[float, Health]] = {}


def check_health_cached(*, watchdog: bool = True) -> Health:
    """``check_health`` for /healthz, reused for ``HEALTHZ_CACHE_SECONDS`` in this process:
    anonymous callers cannot make each request cost a database and a broker round trip."""
    ttl = settings.HEALTHZ_CACHE_SECONDS
    now = time.monotonic()
    cached = _public_cache.get(watchdog)
    if ttl and cached is not None and now - cached[0] < ttl:
        return cached[1]
    health = check_health(watchdog=watchdog)
    _public_cache[watchdog] = (now, health)
    return health
