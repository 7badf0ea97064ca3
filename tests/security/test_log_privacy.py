"""Logs carry no health data: the web server's access log and Django's request log show paths
without their query strings (a client search by name and date of birth) and with secret tokens
in paths (one-click links, password resets, invitations) masked."""

import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from recovery_portal.gunicorn_logging import mask_path

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "gAAAAABnX2Vt5kQ1cW9tZ3R4dGhpc2lzYXRva2VuMTIzNDU2Nzg5MA=="


@pytest.mark.parametrize(
    ("raw", "logged"),
    [
        ("/clients/?q=Jamie+Client&dob=1980-01-01", "/clients/"),
        (f"/reminders/stop/{TOKEN}/", "/reminders/stop/[token]/"),
        (
            "/accounts/password/reset/key/4-cfz1s6-0c2f9b1e7d3a5c8e4f6a/",
            "/accounts/password/reset/key/[token]/",
        ),
        ("/clients/42/consents/7/scan/", "/clients/42/consents/7/scan/"),
        ("/clients/who-has-seen-my-record/", "/clients/who-has-seen-my-record/"),
        ("https://portal.example.org/clients/?q=Jamie#top", "https://portal.example.org/clients/"),
    ],
)
def test_paths_are_logged_without_queries_and_tokens(raw, logged):
    assert mask_path(raw) == logged


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorns_access_log_as_the_procfile_runs_it_has_no_query_strings_or_tokens(tmp_path):
    procfile = (ROOT / "Procfile").read_text()
    assert "--config gunicorn.conf.py" in procfile
    port = _free_port()
    log = tmp_path / "access.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recovery_portal.test_settings",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "recovery_portal.wsgi",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(log),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        paths = ["/clients/?q=Jamie+Client&dob=1980-01-01", f"/reminders/stop/{TOKEN}/"]
        for path in paths:
            while True:
                try:
                    urllib.request.urlopen(base + path, timeout=5)  # noqa: S310
                    break
                except urllib.error.HTTPError:
                    break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.2)
        deadline = time.monotonic() + 5
        while log.read_text().count("\n") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(10)
    text = log.read_text()
    assert "GET /clients/ HTTP/1.1" in text
    assert "/reminders/stop/[token]/" in text
    assert "Jamie" not in text and "1980" not in text and TOKEN[:20] not in text


def test_djangos_request_log_masks_the_path_of_a_refused_request(client, caplog, db):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/reminders/stop/{TOKEN}/?q=Jamie")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "/reminders/stop/[token]/" in text
    assert TOKEN[:20] not in text and "Jamie" not in text


def test_the_development_servers_request_lines_are_masked_too():
    from recovery_portal.gunicorn_logging import MaskPathsFilter

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /clients/?q=Jamie+Client HTTP/1.1", 200, 512),
        None,
    )
    MaskPathsFilter().filter(record)
    assert record.getMessage() == '"GET /clients/ HTTP/1.1" 200 512'
