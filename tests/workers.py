"""Real Celery worker processes for tests that cross the broker.

The worker is a subprocess (``celery -A recovery_portal worker --pool=solo``) pointed at
pytest-django's test database and the test broker, so tests see exactly what production does;
it can be killed with SIGKILL for crash tests. Use it from a transactional test: the worker
only sees committed rows.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def test_database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class CeleryProcess:
    """One ``celery -A recovery_portal <command>`` subprocess on the test database and broker,
    logging to a file; ``start()`` waits until its log says ``ready_text``."""

    command: tuple[str, ...] = ()
    ready_text = ""
    kind = "celery"

    def __init__(
        self,
        *,
        broker_url: str | None = None,
        name: str = "w1",
        extra_args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
        log_dir: Path | None = None,
    ):
        self.broker_url = broker_url or settings.CELERY_BROKER_URL
        self.name = name
        self.extra_args = extra_args
        self.env = env or {}
        self.log_path = (log_dir or Path("/tmp")) / f"{self.kind}-{name}-{os.getpid()}.log"
        self.process: subprocess.Popen | None = None

    def arguments(self) -> list[str]:
        return [*self.command, *self.extra_args]

    def start(self, *, wait: bool = True):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "recovery_portal.test_settings",
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            **self.env,
        }
        self.log = open(self.log_path, "w")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "recovery_portal", *self.arguments()],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        return self.ready() if wait else self

    def ready(self):
        """Wait for the process to say it is ready (for processes started with wait=False)."""
        self.wait_for_log(self.ready_text, timeout=60)
        return self

    def output(self) -> str:
        return self.log_path.read_text()

    def wait_for_log(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output():
                return
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"{self.kind} exited early:\n{self.output()}")
            time.sleep(0.1)
        raise TimeoutError(f"{self.kind} log never said {text!r}:\n{self.output()}")

    def kill(self) -> None:
        """SIGKILL: the process dies mid-task, acknowledging nothing."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "log", None):
            self.log.close()


class WorkerProcess(CeleryProcess):
    kind = "worker"
    ready_text = "ready"

    def arguments(self) -> list[str]:
        return [
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{self.name}@%h",
            *self.extra_args,
        ]


class BeatProcess(CeleryProcess):
    """``celery beat`` with the project's database scheduler, as production runs it; ready
    once it has sent its first task."""

    kind = "beat"
    ready_text = "Sending due task"
    command = ("beat", "--loglevel=INFO", "--pidfile=")


def wait_until(condition: Callable[[], bool], *, timeout: float = 30, every: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()
