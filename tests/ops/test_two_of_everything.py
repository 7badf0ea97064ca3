"""Growing past one machine: the portal run as two web processes (gunicorn with the repository's
gunicorn.conf.py, as production runs it, each on its own port), two Celery workers and two
beats, against one PostgreSQL database (pytest's, committed by transactional tests so the
processes see the rows) and one Redis (a redis-server of our own: the broker on database 0, the
cache on database 1, as production's default does with the broker's Redis).

A visitor's requests may go to either web process, as behind a load balancer: the same cookies
go to both ports (cookies belong to the host name, not the port). Nothing a request needs may
live in one process: sessions are in the database, rate limits and used two-step codes in the
shared cache, reminders in the outbox."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.db import transaction
from django.utils import timezone

from recovery_portal.accounts.roles import Role
from recovery_portal.notifications.models import Channel, Reminder, ReminderKind, ReminderState
from recovery_portal.notifications.services import (
    _dedupe_key,  # the outbox's own rule for a row's key, used for the rows made in bulk
    custom_reminder_create,
    preferences_update,
    reminders_schedule,
)
from tests.conftest import totp_code
from tests.factories import TEST_PASSWORD, UserFactory
from tests.notifications.conftest import RedisServer, free_port
from tests.workers import ROOT, BeatProcess, WorkerProcess, wait_until
from tests.workers import test_database_url as database_url

# One worker runs the whole module: its processes are started once (the module's ``portal``).
pytestmark = [pytest.mark.worker, pytest.mark.xdist_group("two_of_everything")]


LOGIN = "/accounts/login/"
TOTP_STEP = "/accounts/2fa/authenticate/"
LOGOUT = "/accounts/logout/"
TODAY = "/today/"
MY_RECOVERY = "/my/"
WRONG = "The email address and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts."


# --- processes -------------------------------------------------------------------------------


class WebProcess:
    """``gunicorn recovery_portal.wsgi --config gunicorn.conf.py`` (the Procfile's web line) on
    its own port, one gunicorn worker, logging to a file."""

    def __init__(self, *, name: str, env: dict[str, str], log_dir: Path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.log_path = log_dir / f"web-{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> WebProcess:
        self.log = open(self.log_path, "w")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "recovery_portal.wsgi",
                "--config",
                "gunicorn.conf.py",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "recovery_portal.test_settings",
                "DATABASE_URL": database_url(),
                "PORT": str(self.port),
                "WEB_CONCURRENCY": "1",
                **self.env,
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        return self

    def ready(self, timeout: float = 60) -> WebProcess:
        """Wait until it serves the sign-in page (the app is loaded, the database reached)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"web {self.name} exited:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(self.url + LOGIN, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise TimeoutError(f"web {self.name} never answered:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if getattr(self, "log", None):
            self.log.close()


def stop_all(processes: list) -> None:
    """Ask every process to stop at once (each by its own PID), then wait for each."""
    for each in processes:
        if each.process and each.process.poll() is None:
            # A worker's warm shutdown takes seconds; its cold one (SIGQUIT) is immediate.
            quick = signal.SIGQUIT if isinstance(each, WorkerProcess) else signal.SIGTERM
            each.process.send_signal(quick)
    for each in processes:
        each.stop()


@dataclass
class Portal:
    redis: RedisServer
    a: WebProcess
    b: WebProcess
    broker_url: str
    cache_url: str


@pytest.fixture(scope="module")
def portal(django_db_setup, tmp_path_factory):
    """One redis-server and two web processes, shared by this module's tests (each test starts
    with an empty cache). Stopped by their own PIDs, whatever happens."""
    log_dir = tmp_path_factory.mktemp("two-of-everything")
    started: list = []
    try:
        server = RedisServer(log_dir).start()
        started.append(server)
        broker_url = f"redis://127.0.0.1:{server.port}/0"
        cache_url = f"redis://127.0.0.1:{server.port}/1"
        env = {"CELERY_BROKER_URL": broker_url, "CACHE_URL": cache_url}
        webs = [WebProcess(name=name, env=env, log_dir=log_dir) for name in ("a", "b")]
        for web in webs:
            started.append(web)
            web.start()
        for web in webs:
            web.ready()
        yield Portal(server, *webs, broker_url=broker_url, cache_url=cache_url)
    finally:
        stop_all(started[::-1])


@pytest.fixture
def deployment(portal, transactional_db):
    """The portal with an empty cache, for a test whose rows the processes can see."""
    redis.Redis.from_url(portal.cache_url).flushdb()
    return portal


# --- a browser that talks to both web processes ----------------------------------------------


class _StayHere(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test looks at each redirect itself


@dataclass
class Page:
    status: int
    location: str
    text: str


class Browser:
    """One visitor's cookie jar. Requests go to whichever web process the test names, as a load
    balancer would send them; the jar sends the same cookies to both."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _StayHere()
        )

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def open(self, url: str, data: dict | None = None) -> Page:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=30) as response:
                return Page(response.status, "", response.read().decode())
        except urllib.error.HTTPError as answer:  # 3xx and 4xx come back as errors
            return Page(answer.code, answer.headers.get("Location", ""), answer.read().decode())

    def get(self, url: str) -> Page:
        return self.open(url)

    def post(self, url: str, data: dict) -> Page:
        if self.cookie("csrftoken") is None:
            self.get(url)  # the form's page sets the CSRF cookie
        return self.open(url, {**data, "csrfmiddlewaretoken": self.cookie("csrftoken")})


def fresh_totp_code() -> tuple[str, int]:
    """The current code and its 30-second step, with at least 5 seconds of the step left (a
    code replayed in the next step would be refused anyway, proving nothing)."""
    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30 + 0.1)
    return totp_code(), int(time.time()) // 30


# --- sessions --------------------------------------------------------------------------------


def test_a_session_started_on_one_web_process_works_on_the_other_and_ends_on_both(
    deployment, case_manager
):
    a, b = deployment.a.url, deployment.b.url
    browser = Browser()
    code, step = fresh_totp_code()

    # Password and two-step code on A.
    answer = browser.post(a + LOGIN, {"login": case_manager.email, "password": TEST_PASSWORD})
    assert (answer.status, answer.location) == (302, TOTP_STEP), answer.text
    answer = browser.post(a + TOTP_STEP, {"code": code})
    assert answer.status == 302, answer.text
    assert browser.cookie("sessionid")

    # B knows the session A started: the case manager's own Today page.
    page = browser.get(b + TODAY)
    assert page.status == 200
    assert "Good to see you, Cam." in page.text
    assert "You are signed in as <strong>Case manager</strong>" in page.text

    # The code A accepted is used up on B too (used codes live in the shared cache).
    other_device = Browser()
    answer = other_device.post(b + LOGIN, {"login": case_manager.email, "password": TEST_PASSWORD})
    assert (answer.status, answer.location) == (302, TOTP_STEP)
    refused = other_device.post(b + TOTP_STEP, {"code": code})
    assert refused.status == 200
    assert "Incorrect code." in refused.text
    assert other_device.get(b + TODAY).location.startswith(LOGIN)
    assert int(time.time()) // 30 == step, "the code's 30 seconds ran out during the test"

    # Signing out on B ends the session on A.
    assert browser.post(b + LOGOUT, {}).status == 302
    page = browser.get(a + TODAY)
    assert page.status == 302
    assert page.location.startswith(LOGIN)


# --- rate limits -----------------------------------------------------------------------------


def test_failed_sign_ins_are_counted_across_both_web_processes(deployment, client_user, settings):
    a, b = deployment.a.url, deployment.b.url
    # "5/5m/ip,5/5m/key": the smallest count of failures that locks the door.
    limit = min(
        int(rate.split("/")[0]) for rate in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")
    )
    browser = Browser()

    # A, B, A, B, A: each process sees fewer than the limit; together they reach it.
    for attempt in range(limit):
        server = a if attempt % 2 == 0 else b
        answer = browser.post(
            server + LOGIN, {"login": client_user.email, "password": "not the password"}
        )
        assert answer.status == 200
        assert WRONG in answer.text, f"attempt {attempt + 1} was not an ordinary failure"

    # The next try is refused on both, even with the right password. With a cache per process,
    # B (two failures) and A (three) would each still let it through.
    for server in (b, a):
        answer = browser.post(
            server + LOGIN, {"login": client_user.email, "password": TEST_PASSWORD}
        )
        assert answer.status == 200
        assert TOO_MANY in answer.text
        assert browser.get(server + MY_RECOVERY).location.startswith(LOGIN)


# --- reminders -------------------------------------------------------------------------------


def schedule_due_texts(*, author, recipients, each: int) -> dict[int, str]:
    """``each`` text-message reminders per recipient, all due now. Each person's first comes
    from the outbox's service (``custom_reminder_create``); the others are that row's copies
    with keys of their own, made with the service's own dedupe rule and inserted in bulk (the
    service writes one row at a time, ten times slower). Returns {reminder id: phone number}."""
    now = timezone.now()
    extra, phone_of = [], {}
    for n, person in enumerate(recipients):
        phone_of[person.pk] = f"+1555010{n:04d}"
        preferences_update(
            user=person,
            email_enabled=False,
            sms_enabled=True,
            phone=phone_of[person.pk],
            quiet_start=None,
            quiet_end=None,
            opted_out_kinds=[],
            discreet=True,
        )
        custom = custom_reminder_create(
            author=author,
            recipient=person,
            at=now + timedelta(hours=2),
            remind_at=now,
            note="Bring your photo ID.",
        )
        [first] = Reminder.objects.filter(recipient=person)
        assert (first.channel, first.send_at) == (Channel.SMS, now)
        for k in range(each - 1):
            key = _dedupe_key(
                kind=first.kind,
                source_type=first.source_type,
                source_id=first.source_id,
                recipient=person,
                channel=first.channel,
                key=f"extra-{k}",
            )
            extra.append(
                Reminder(
                    recipient=person,
                    kind=first.kind,
                    channel=first.channel,
                    source_type=first.source_type,
                    source_id=first.source_id,
                    send_at=now,
                    due_at=now,
                    dedupe_key=key,
                )
            )
    Reminder.objects.bulk_create(extra)
    # The copies are the rows the service would have made: scheduling one again finds it.
    [again] = reminders_schedule(
        recipient=person,
        kind=ReminderKind.OTHER,
        source=custom,
        send_at=now,
        channel=Channel.SMS,
        key="extra-0",
    )
    assert again.pk in {row.pk for row in extra}
    assert Reminder.objects.filter(recipient__in=recipients).count() == each * len(recipients)
    rows = Reminder.objects.filter(recipient__in=recipients).values_list("pk", "recipient")
    return {pk: phone_of[recipient] for pk, recipient in rows}


@pytest.fixture
def celery_processes(deployment, tmp_path):
    """Start workers and beats on the deployment's Redis; all are stopped (by their own PIDs,
    all at once) at the end of the test."""
    started: list = []

    def launch(kind, name: str, env: dict[str, str]):
        process = kind(broker_url=deployment.broker_url, name=name, env=env, log_dir=tmp_path)
        started.append(process)
        return process.start(wait=False)

    try:
        yield launch
    finally:
        stop_all(started)


def test_two_workers_and_two_beats_send_each_of_1000_reminders_exactly_once(
    deployment, celery_processes, case_manager, tmp_path
):
    texts = tmp_path / "sms.jsonl"
    env = {
        "CACHE_URL": deployment.cache_url,
        "SMS_BACKEND": "file",
        "SMS_FILE_PATH": str(texts),
        "REMINDER_DISPATCH_EVERY_SECONDS": "1",
        # Small batches and a one-second budget per dispatcher run: the runs overlap.
        "REMINDER_BATCH_SIZE": "20",
        "REMINDER_DISPATCH_TIME_BUDGET": "1",
    }
    workers = [celery_processes(WorkerProcess, name, env) for name in ("w1", "w2")]
    beats = [celery_processes(BeatProcess, "b1", env)]
    recipients = [UserFactory(role=Role.CLIENT) for _ in range(10)]
    # The reminders are written while the processes start, and committed once all four run.
    with transaction.atomic():
        phones = schedule_due_texts(author=case_manager, recipients=recipients, each=100)
        # Beats one after the other: each writes the schedule into the database as it starts.
        beats[0].ready()
        beats.append(celery_processes(BeatProcess, "b2", env).ready())
        for worker in workers:
            worker.ready()
    assert len(phones) == 1000
    ids = set(phones)

    def sent() -> int:
        return Reminder.objects.filter(pk__in=ids, state=ReminderState.SENT).count()

    assert wait_until(lambda: sent() == 1000, timeout=120, every=0.25), f"sent {sent()}"

    # Each row: sent, on its first and only attempt.
    assert Reminder.objects.filter(pk__in=ids, state=ReminderState.SENT, attempts=1).count() == 1000
    # The channel's output: 1,000 messages, one per reminder, each to its own person.
    messages = [json.loads(line) for line in texts.read_text().splitlines() if line.strip()]
    per_reference = Counter(m["reference"] for m in messages)
    assert len(messages) == 1000
    assert set(per_reference) == {f"reminder-{pk}" for pk in ids}
    assert max(per_reference.values()) == 1, "a reminder went out twice"
    assert all(m["to"] == phones[int(m["reference"].removeprefix("reminder-"))] for m in messages)

    # Both workers ran the dispatcher against the same outbox (how the rows split between them
    # is up to timing: one may claim them all in a second); both beats kept sending it.
    shares = [
        sum(int(n) for n in re.findall(r"succeeded in [\d.]+s: '[^']*\bsent (\d+)", w.output()))
        for w in workers
    ]
    print(f"sent by each worker: {shares}")
    assert sum(shares) == 1000
    assert wait_until(
        lambda: all(
            re.search(r"dispatch_due_reminders\[[\w-]+\] received", w.output()) for w in workers
        ),
        timeout=30,
    ), "a worker never ran the dispatcher"
    for beat in beats:
        assert "Sending due task notifications.dispatch_due_reminders" in beat.output()
    assert all(p.process.poll() is None for p in [*workers, *beats])
