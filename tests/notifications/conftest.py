"""Fixtures of the reminder tests: a source to remind about, a local SMS provider, and real
Celery worker, beat and redis-server processes for the tests that break things on purpose."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import timezone

from recovery_portal.notifications.models import Preference
from recovery_portal.notifications.services import custom_reminder_create
from tests.notifications.texting import CLIENT_PHONE, inbound_params, post_signed
from tests.workers import BeatProcess, WorkerProcess


@pytest.fixture
def remind(case_manager):
    """Make a CustomReminder (the outbox's own small source) and its reminder rows."""

    def make(recipient, *, at=None, remind_at=None, note="Bring your photo ID."):
        at = at or timezone.now() + timedelta(days=1)
        remind_at = remind_at or timezone.now() - timedelta(minutes=1)
        return custom_reminder_create(
            author=case_manager, recipient=recipient, at=at, remind_at=remind_at, note=note
        )

    return make


def set_preference(user, **fields) -> Preference:
    preference, _ = Preference.objects.get_or_create(user=user)
    for name, value in fields.items():
        setattr(preference, name, value)
    preference.save()
    return preference


# --- a local Twilio-compatible SMS provider ----------------------------------------------


class FakeProvider:
    """Answers as the test tells it: ``mode`` is "ok", "500", "timeout", "bad-number",
    "number-in-error" (a 400 whose message quotes the number) or "redirect" (a 307 to
    ``/elsewhere``)."""

    def __init__(self):
        self.mode = "ok"
        self.requests: list[dict] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode()
                provider.requests.append(
                    {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                )
                if provider.mode == "timeout":
                    time.sleep(2)
                    return
                if provider.mode == "500":
                    return self._answer(500, {"code": 20500, "message": "Internal Server Error"})
                if provider.mode == "number-in-error":
                    return self._answer(
                        400, {"code": 21211, "message": "The 'To' number +1 555 123 4567 is bad."}
                    )
                if provider.mode == "redirect" and self.path != "/elsewhere":
                    self.send_response(307)
                    self.send_header("Location", "/elsewhere")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if provider.mode == "bad-number":
                    return self._answer(
                        400,
                        {"code": 21211, "message": "The 'To' number is not a valid phone number."},
                    )
                return self._answer(201, {"sid": f"SM{len(provider.requests):032d}"})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sms_provider(settings):
    provider = FakeProvider()
    settings.SMS_BACKEND = "twilio"
    settings.SMS_API_URL = provider.url
    settings.SMS_FROM = "+15550000000"
    settings.TWILIO_ACCOUNT_SID = "ACtest"
    settings.TWILIO_AUTH_TOKEN = "secret"
    settings.SMS_TIMEOUT_SECONDS = 1
    yield provider
    provider.close()


# --- processes -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """Our own redis-server on a free port: tests stop and restart it, never the machine's."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> RedisServer:
        """Back on the same port, empty: whatever was queued in it is gone."""
        self.stop()
        return self.start()


@pytest.fixture
def outbox_env(tmp_path):
    """Environment of worker and beat processes: the recording e-mail backend, small leases
    and a dispatch every second, so the reliability tests take seconds, not minutes."""
    outbox = tmp_path / "outbox.jsonl"
    env = {
        "TEST_EMAIL_BACKEND": "tests.notifications.backends.RecordingEmailBackend",
        "REMINDER_TEST_OUTBOX": str(outbox),
        "REMINDER_DISPATCH_EVERY_SECONDS": "1",
        "REMINDER_DISPATCH_TIME_BUDGET": "20",
        "REMINDER_BATCH_SIZE": "50",
        "REMINDER_LEASE_SECONDS": "6",
        "REMINDER_RETRY_SECONDS": "1",
    }
    return outbox, env


@pytest.fixture
def processes(transactional_db, tmp_path):
    """Start workers, beats and redis-servers; all are stopped (by their own PIDs) at the end."""
    started: list = []

    class Launcher:
        def worker(self, name, *, broker_url, env, wait=True):
            w = WorkerProcess(broker_url=broker_url, name=name, env=env, log_dir=tmp_path)
            started.append(w)
            return w.start(wait=wait)

        def beat(self, name, *, broker_url, env):
            b = BeatProcess(broker_url=broker_url, name=name, env=env, log_dir=tmp_path)
            started.append(b)
            return b.start()

        def redis(self):
            r = RedisServer(tmp_path)
            started.append(r)
            return r.start()

    yield Launcher()
    for each in reversed(started):
        each.stop()


# --- two-way texts ---------------------------------------------------------------------------


@pytest.fixture
def texting_client(client_user, client_record):
    """``client_user`` (with an active record) getting reminders by text only."""
    set_preference(client_user, email_enabled=False, sms_enabled=True, phone=CLIENT_PHONE)
    client_user.refresh_from_db()
    return client_user


@pytest.fixture
def text(client, sms_provider):
    """Send a text to the portal as the client; returns the response."""

    def send(body: str, *, sid: str | None = None, sender: str = CLIENT_PHONE):
        return post_signed(
            client, "notifications:sms_inbound", inbound_params(body, sid=sid, sender=sender)
        )

    return send


@pytest.fixture
def portal_at(settings):
    """Set PORTAL_BASE_URL for one test; the unsubscribe link's prefix (cached per process) is
    forgotten before and after, so no other test sees this address."""
    from recovery_portal.notifications.messages import _unsubscribe_prefix

    def set_to(url: str) -> None:
        settings.PORTAL_BASE_URL = url
        _unsubscribe_prefix.cache_clear()

    yield set_to
    _unsubscribe_prefix.cache_clear()
