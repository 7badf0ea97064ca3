"""The deployment kit in deploy/: what can be checked on a machine without systemd running.

- The Caddyfile: `caddy validate`, its adapted JSON (headers, proxy, body limit, buffering,
  timeouts, log filter), and Caddy really running it in front of a stub upstream on a unix
  socket: a spoofed X-Forwarded-For or X-Forwarded-Proto does not get through, the portal's
  client_ip() sees the real visitor with TRUSTED_PROXY_COUNT=1, no header is sent twice, large
  bodies stop at Caddy, and its error log holds no URL; and in front of gunicorn itself (the
  web unit's command, socket-activated like systemd does it, one sync worker): a client
  trickling its body does not hold up anyone else.
- The systemd units: `systemd-analyze verify` (with /opt/recovery-portal pointed at this
  checkout, so the ExecStart binaries exist) and their hardening directives.
- The environment-file templates: every setting the portal reads is in one of them, their
  syntax reads the same in systemd and portal-manage, and, filled in, they pass
  `check --deploy` through deploy/portal-manage; portal-manage runs nothing written in them,
  and runs migrations as a user of their own.
- .ci/run leaves no policy-rc.d behind when apt-get fails.

Caddy, systemd-analyze and systemd-socket-activate come from Debian's packages; .ci/run
installs Caddy. A missing tool fails these tests (it never skips them).
"""

from __future__ import annotations

import ast
import contextlib
import grp
import http.client
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import RequestFactory

from recovery_portal.http import client_ip

# One xdist worker runs the whole module (--dist loadgroup): Caddy and gunicorn of the
# module-scoped fixtures start once.
pytestmark = pytest.mark.xdist_group("deploy_kit")

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
CADDYFILE = DEPLOY / "Caddyfile"
UNITS = DEPLOY / "systemd"
TEMPLATE = DEPLOY / "portal.env.example"
BACKUP_TEMPLATE = DEPLOY / "backup.env.example"
PREFIX = "/opt/recovery-portal"
SOCKET = "/run/recovery-portal/gunicorn.sock"
BACKUPS = "/var/backups/recovery-portal"
HSTS = "max-age=31536000; includeSubDomains; preload"


def tool(name: str) -> str:
    path = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
    if path is None:
        pytest.fail(
            f"{name} is not installed: run .ci/run once (it installs Debian's packages the tests "
            f"need), or apt-get install {'caddy' if name == 'caddy' else 'systemd'}"
        )
    return path


def caddy(*args: str, env: dict[str, str], home: Path) -> subprocess.CompletedProcess:
    # Caddy keeps certificates and its autosave under $HOME / XDG folders: a throw-away one.
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        **env,
    }
    return subprocess.run(
        [tool("caddy"), *args], env=env, capture_output=True, text=True, timeout=60
    )


def adapted(host: str, home: Path) -> dict:
    result = caddy(
        "adapt", "--config", str(CADDYFILE), "--adapter", "caddyfile",
        env={"PORTAL_HOST": host}, home=home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def handlers(route_list: list[dict]) -> list[dict]:
    """Every handler in a list of routes, subroutes flattened, in order."""
    found = []
    for route in route_list:
        for handler in route.get("handle", []):
            found.append(handler)
            if handler["handler"] == "subroute":
                found.extend(handlers(handler["routes"]))
    return found


# ------------------------------------------------------------------------------------ Caddy


def test_the_caddyfile_is_valid_and_formatted_for_a_real_host_name(tmp_path):
    result = caddy(
        "validate", "--config", str(CADDYFILE), "--adapter", "caddyfile",
        env={"PORTAL_HOST": "portal.example.org"}, home=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Valid configuration" in result.stdout + result.stderr
    assert "not formatted" not in result.stderr, "run: caddy fmt --overwrite deploy/Caddyfile"


def test_the_caddyfile_refuses_to_load_without_a_host_name(tmp_path):
    result = caddy(
        "validate", "--config", str(CADDYFILE), "--adapter", "caddyfile", env={}, home=tmp_path
    )
    assert result.returncode != 0


def test_caddy_serves_the_host_over_tls_and_proxies_to_gunicorns_unix_socket(tmp_path):
    config = adapted("portal.example.org", tmp_path)
    server = config["apps"]["http"]["servers"]["srv0"]
    assert server["listen"] == [":443"]  # automatic HTTPS (and the redirect from port 80)
    assert server["routes"][0]["match"] == [{"host": ["portal.example.org"]}]
    proxies = [h for h in handlers(server["routes"]) if h["handler"] == "reverse_proxy"]
    # The socket recovery-portal-web.socket makes (only the caddy group may connect to it).
    assert [p["upstreams"] for p in proxies] == [[{"dial": f"unix/{SOCKET}"}]]
    socket_unit = unit_directives(UNITS / "recovery-portal-web.socket")
    assert socket_unit["ListenStream"] == [SOCKET]
    # No header rewriting of X-Forwarded-*, and no proxy in front of Caddy is trusted: Caddy
    # writes X-Forwarded-For and -Proto itself (see the live test below).
    assert "headers" not in proxies[0]
    assert "trusted_proxies" not in server
    # whitenoise serves the static files: no file_server, and no compression of pages.
    kinds = {h["handler"] for h in handlers(server["routes"])}
    assert "file_server" not in kinds and "encode" not in kinds


def test_caddy_limits_request_bodies_to_twelve_megabytes(tmp_path):
    server = adapted("portal.example.org", tmp_path)["apps"]["http"]["servers"]["srv0"]
    limits = [h for h in handlers(server["routes"]) if h["handler"] == "request_body"]
    assert [h["max_size"] for h in limits] == [12_000_000]
    assert 12_000_000 > 10 * 1024 * 1024  # a 10 MB scan and the rest of its form fit
    # A request that announces more is answered 413 before the proxy (see the live test).
    refusals = [h for h in handlers(server["routes"]) if h["handler"] == "error"]
    assert [h["status_code"] for h in refusals] == [413]


def test_caddy_reads_the_whole_body_before_gunicorn_sees_the_request(tmp_path):
    server = adapted("portal.example.org", tmp_path)["apps"]["http"]["servers"]["srv0"]
    (proxy,) = [h for h in handlers(server["routes"]) if h["handler"] == "reverse_proxy"]
    (limit,) = [h["max_size"] for h in handlers(server["routes"]) if h["handler"] == "request_body"]
    # gunicorn's sync workers never wait on a slow client (the live test below shows it).
    assert proxy["buffer_requests"] is True
    # Larger than the limit: Caddy 2.6.2 with buffer_requests alone passes a chunked body over
    # the limit on cut short, as if complete (the live test sends one).
    assert proxy["max_buffer_size"] > limit


def test_caddy_gives_a_client_ten_seconds_for_headers_and_two_minutes_for_a_request(tmp_path):
    server = adapted("portal.example.org", tmp_path)["apps"]["http"]["servers"]["srv0"]
    second = 1_000_000_000  # Caddy's JSON counts nanoseconds
    assert server["read_header_timeout"] == 10 * second
    assert server["read_timeout"] == 120 * second
    # Time enough for the largest upload allowed on a slow line (1 Mbit/s).
    assert 12_000_000 * 8 / 1_000_000 < 120


def test_caddy_adds_security_headers_only_where_django_sent_none(tmp_path):
    server = adapted("portal.example.org", tmp_path)["apps"]["http"]["servers"]["srv0"]
    response_ops = [h["response"] for h in handlers(server["routes"]) if h["handler"] == "headers"]
    defaults = [ops for ops in response_ops if "set" in ops]
    assert len(defaults) == 1
    expected = {
        "Strict-Transport-Security": [HSTS],
        "X-Content-Type-Options": ["nosniff"],
        "Referrer-Policy": ["same-origin"],
        "X-Frame-Options": ["DENY"],
    }
    assert defaults[0]["set"] == expected
    # "require" with null values: set only when the response does not have the header yet.
    assert defaults[0]["require"]["headers"] == dict.fromkeys(expected)
    # The same values as Django's own settings, so the two never disagree.
    assert f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains; preload" == HSTS
    assert settings.SECURE_REFERRER_POLICY == "same-origin"
    assert settings.X_FRAME_OPTIONS == "DENY"
    assert any("Server" in ops.get("delete", []) for ops in response_ops)

    # Caddy's own error pages get them too.
    error_ops = [
        h["response"]
        for h in handlers(server["errors"]["routes"])
        if h["handler"] == "headers" and "set" in h.get("response", {})
    ]
    assert len(error_ops) == 1
    assert expected.items() <= error_ops[0]["set"].items()
    assert "frame-ancestors 'none'" in error_ops[0]["set"]["Content-Security-Policy"][0]


def test_caddy_writes_no_access_log_and_strips_urls_and_headers_from_its_other_logs(tmp_path):
    config = adapted("portal.example.org", tmp_path)
    assert "logs" not in config["apps"]["http"]["servers"]["srv0"]  # no access log
    assert set(config["logging"]["logs"]) == {"default"}
    encoder = config["logging"]["logs"]["default"]["encoder"]
    assert encoder["format"] == "filter"
    assert encoder["fields"] == {
        "request>uri": {"filter": "delete"},
        "request>headers": {"filter": "delete"},
    }


class Upstream(BaseHTTPRequestHandler):
    """Stands in for gunicorn, on a unix socket as gunicorn is: records what Caddy forwarded
    (only requests whose whole body arrived); /django answers with the headers Django sets,
    /bare with none, /crash hangs up (Caddy answers 502)."""

    seen: dict[str, dict] = {}

    def _body(self) -> bytes | None:
        """The request's body, or None when it was cut off."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = bytearray()
            while True:
                try:
                    size = int(self.rfile.readline().split(b";")[0], 16)
                except ValueError:
                    return None
                if size == 0:
                    self.rfile.readline()
                    return bytes(body)
                chunk = self.rfile.read(size)
                if len(chunk) < size or self.rfile.readline() != b"\r\n":
                    return None
                body += chunk
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        return body if len(body) == length else None

    def _answer(self):
        body = self._body()
        if body is None:
            self.close_connection = True
            return
        path = self.path.split("?")[0]
        Upstream.seen[path] = {"headers": dict(self.headers), "body_length": len(body)}
        if path == "/crash":
            self.close_connection = True
            return
        self.send_response(200)
        if path == "/django":
            self.send_header("Strict-Transport-Security", HSTS)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "same-origin")
            self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


class UnixUpstreamServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{process.args[0]} did not start:\n{log_path.read_text()}")
            time.sleep(0.1)


@contextlib.contextmanager
def caddy_in_front_of(upstream_socket: Path, home: Path):
    """deploy/Caddyfile run by Caddy on a free plain-http port (a site address of
    http://127.0.0.1:PORT, as PORTAL_HOST), proxying to a unix socket. Only three things of
    the adapted config change: the socket's path, the admin endpoint (off, so no port 2019 is
    needed) and the log level (DEBUG, so the error log of a 502 is written)."""
    port = free_port()
    config = adapted(f"http://127.0.0.1:{port}", home)
    server = config["apps"]["http"]["servers"]["srv0"]
    (proxy,) = [h for h in handlers(server["routes"]) if h["handler"] == "reverse_proxy"]
    assert proxy["upstreams"] == [{"dial": f"unix/{SOCKET}"}]
    proxy["upstreams"] = [{"dial": f"unix/{upstream_socket}"}]
    config["admin"] = {"disabled": True}
    config["logging"]["logs"]["default"]["level"] = "DEBUG"
    config_path = home / "caddy.json"
    config_path.write_text(json.dumps(config))
    log_path = home / "caddy.log"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [tool("caddy"), "run", "--config", str(config_path)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, process, log_path)
        yield {"url": f"http://127.0.0.1:{port}", "port": port, "log": log_path}
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def live_caddy(tmp_path_factory):
    """Caddy with the kit's Caddyfile in front of the stub upstream (Upstream)."""
    home = tmp_path_factory.mktemp("caddy")
    upstream = UnixUpstreamServer(str(home / "upstream.sock"), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    try:
        with caddy_in_front_of(home / "upstream.sock", home) as caddy_server:
            yield caddy_server
    finally:
        upstream.shutdown()
        upstream.server_close()


def request(
    url: str,
    *,
    method: str = "GET",
    headers=None,
    body=None,
    chunked: bool = False,
    timeout: float = 30,
):
    """One HTTP/1.1 request, returning (status, headers as a list of pairs); http.client
    rather than urllib, which raises on error statuses and merges repeated headers."""
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        # A server that answers early (413) hangs up before the whole body is sent.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.request(
                method, path, body=body, headers=headers or {}, encode_chunked=chunked
            )
        response = connection.getresponse()
        response.read()
        return response.status, response.getheaders()
    finally:
        connection.close()


def test_a_visitor_cannot_choose_the_address_or_scheme_the_portal_sees(live_caddy, settings):
    status, _ = request(
        f"{live_caddy['url']}/bare",
        headers={"X-Forwarded-For": "203.0.113.66", "X-Forwarded-Proto": "https"},
    )
    assert status == 200
    forwarded = Upstream.seen["/bare"]["headers"]
    # Caddy replaced both headers with what it saw itself: the visitor (this test, on
    # 127.0.0.1) over plain http (this test's Caddy has no TLS; in production it says https).
    assert forwarded["X-Forwarded-For"] == "127.0.0.1"
    assert forwarded["X-Forwarded-Proto"] == "http"

    # And the portal, told that one proxy appends to the header, takes Caddy's entry.
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    seen_by_gunicorn = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded["X-Forwarded-For"]
    )
    assert client_ip(seen_by_gunicorn) == "127.0.0.1"


def test_no_security_header_is_sent_twice_and_missing_ones_are_added(live_caddy):
    names = ("Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy")
    for path in ("/django", "/bare"):
        status, headers = request(f"{live_caddy['url']}{path}")
        assert status == 200
        for name in (*names, "X-Frame-Options"):
            values = [v for k, v in headers if k.lower() == name.lower()]
            assert len(values) == 1, (path, name, values)
        assert not [v for k, v in headers if k.lower() == "server"], (path, headers)


def test_caddy_refuses_a_body_over_the_limit_before_it_reaches_gunicorn(live_caddy):
    Upstream.seen.pop("/upload", None)
    status, headers = request(f"{live_caddy['url']}/upload", method="POST", body=b"x" * 13_000_000)
    assert status == 413
    assert "/upload" not in Upstream.seen
    assert ("Strict-Transport-Security", HSTS) in headers

    status, _ = request(f"{live_caddy['url']}/upload", method="POST", body=b"x" * 11_000_000)
    assert status == 200
    assert Upstream.seen["/upload"]["body_length"] == 11_000_000


def chunks(total: int, size: int = 65536):
    for start in range(0, total, size):
        yield b"x" * min(size, total - start)


def test_a_body_without_a_length_over_the_limit_is_refused_not_passed_on_cut_short(live_caddy):
    Upstream.seen.pop("/chunked", None)
    status, _ = request(
        f"{live_caddy['url']}/chunked", method="POST", body=chunks(13_000_000), chunked=True
    )
    assert status == 413
    # (With buffer_requests but no larger max_buffer_size, Caddy 2.6.2 passes the first 12 MB
    # on as a whole request, and gunicorn would answer it.)
    assert "/chunked" not in Upstream.seen

    status, _ = request(
        f"{live_caddy['url']}/chunked", method="POST", body=chunks(11_000_000), chunked=True
    )
    assert status == 200
    assert Upstream.seen["/chunked"]["body_length"] == 11_000_000


# Stands in for the portal behind the web unit's gunicorn command: answers with the number of
# body bytes it read.
STAND_IN_APP = """
def application(environ, start_response):
    body = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(len(body)).encode()]
"""


def web_unit_command() -> list[str]:
    (exec_start,) = unit_directives(UNITS / "recovery-portal-web.service")["ExecStart"]
    return exec_start.split()


@pytest.fixture(scope="module")
def gunicorn_behind_caddy(tmp_path_factory):
    """The web unit's gunicorn command (its gunicorn.conf.py: sync workers), with one worker
    and the stand-in app, serving a unix socket handed to it the way recovery-portal-web.socket
    does (systemd-socket-activate); the kit's Caddyfile in front."""
    home = tmp_path_factory.mktemp("gunicorn")
    (home / "stand_in_app.py").write_text(STAND_IN_APP)
    sock = home / "gunicorn.sock"
    command = [part.replace(PREFIX, str(ROOT)) for part in web_unit_command()]
    assert command[1] == "recovery_portal.wsgi"
    command[1] = "stand_in_app:application"
    assert command[command.index("--bind") + 1] == f"unix:{SOCKET}"
    command[command.index("--bind") + 1] = f"unix:{sock}"
    command += ["--workers", "1", "--pythonpath", str(home)]
    log_path = home / "gunicorn.log"
    with open(log_path, "w") as log:
        gunicorn = subprocess.Popen(
            [tool("systemd-socket-activate"), "--listen", str(sock), *command],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 15
        while not sock.exists():
            if gunicorn.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{log_path.read_text()}")
            time.sleep(0.05)
        with caddy_in_front_of(sock, home) as caddy_server:
            yield {**caddy_server, "socket": sock, "log": log_path}
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=40)


def start_trickling(connection: socket.socket, *, announced: int, sent: int) -> None:
    connection.sendall(
        f"POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {announced}\r\n"
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + b"x" * sent
    )


def test_a_client_trickling_its_body_does_not_hold_up_the_portal(gunicorn_behind_caddy):
    url, sock = gunicorn_behind_caddy["url"], gunicorn_behind_caddy["socket"]
    # gunicorn has booted (its first answer may take a moment).
    assert request(f"{url}/warm-up", timeout=20)[0] == 200, gunicorn_behind_caddy["log"]

    # The danger, straight to gunicorn: a client that sends its body slowly keeps the sync
    # worker waiting, and a GET behind it gets no answer.
    with contextlib.ExitStack() as stack:
        slow = stack.enter_context(socket.socket(socket.AF_UNIX))
        slow.connect(str(sock))
        start_trickling(slow, announced=100, sent=1)
        time.sleep(0.3)
        waiting = stack.enter_context(socket.socket(socket.AF_UNIX))
        waiting.settimeout(1)
        waiting.connect(str(sock))
        waiting.sendall(b"GET /meanwhile HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        with pytest.raises(TimeoutError):
            waiting.recv(100)

    # Through Caddy: it reads the body itself, and gunicorn sees the request only when the
    # body is all there. The GET is answered at once.
    with socket.create_connection(("127.0.0.1", gunicorn_behind_caddy["port"])) as slow:
        start_trickling(slow, announced=100, sent=1)
        for _ in range(3):
            time.sleep(0.1)
            slow.sendall(b"x")
        started = time.monotonic()
        try:
            status, _ = request(f"{url}/meanwhile", timeout=3)
        except TimeoutError:
            pytest.fail("a GET got no answer while another client trickled its body")
        assert status == 200
        assert time.monotonic() - started < 2

        # The slow client's request, once its body is complete, arrives whole.
        slow.sendall(b"x" * 96)
        slow.settimeout(10)
        response = http.client.HTTPResponse(slow)
        response.begin()
        assert (response.status, response.read()) == (200, b"100")


def test_caddys_error_pages_carry_the_headers_and_its_log_holds_no_url(live_caddy):
    status, headers = request(
        f"{live_caddy['url']}/crash?q=Jane+Doe&dob=1980-02-03",
        headers={"Referer": "https://portal.example.org/clients/?q=Jane+Doe"},
    )
    assert status == 502
    header_names = {k.lower() for k, _ in headers}
    assert {"strict-transport-security", "x-frame-options", "content-security-policy"} <= (
        header_names
    )

    log = live_caddy["log"]
    deadline = time.monotonic() + 5
    while "http.log.error" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    errors = [line for line in log.read_text().splitlines() if "http.log.error" in line]
    assert errors, "Caddy wrote no error log entry for the 502: the check below proves nothing"
    assert "Jane" not in log.read_text() and "dob=" not in log.read_text()
    assert all('"uri"' not in line and '"headers"' not in line for line in errors)


# ---------------------------------------------------------------------------------- systemd


def unit_directives(path: Path) -> dict[str, list[str]]:
    """Key -> values of a unit file (systemd allows a key more than once)."""
    directives: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")):
            continue
        key, _, value = line.partition("=")
        directives.setdefault(key.strip(), []).append(value.strip())
    return directives


SERVICES = sorted(UNITS.glob("*.service"))
LONG_RUNNING = ["recovery-portal-web", "recovery-portal-worker", "recovery-portal-beat"]


def test_the_kit_has_web_worker_beat_and_backup_units():
    assert [p.stem for p in SERVICES] == [
        "recovery-portal-backup",
        "recovery-portal-beat",
        "recovery-portal-web",
        "recovery-portal-worker",
    ]
    assert (UNITS / "recovery-portal-backup.timer").exists()
    assert (UNITS / "recovery-portal-web.socket").exists()
    assert (UNITS / "recovery-portal.target").exists()


def test_the_units_pass_systemd_analyze_verify(tmp_path):
    # verify checks that each ExecStart binary exists: point the install prefix at this
    # checkout, whose .venv (made by scripts/test) has gunicorn, celery and python.
    venv_bin = ROOT / ".venv" / "bin"
    for binary in ("gunicorn", "celery", "python"):
        assert (venv_bin / binary).exists(), f"{venv_bin / binary} missing: run scripts/test"
    copies = []
    for unit in sorted(UNITS.glob("recovery-portal*")):
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text().replace(PREFIX, str(ROOT)))
        copies.append(str(copy))
    result = subprocess.run(
        [tool("systemd-analyze"), "verify", *copies],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SYSTEMD_LOG_COLOR": "0"},
    )
    # Unknown or misspelt keys are only warnings ("Unknown key ..., ignoring"): any output
    # fails the test.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize("service", SERVICES, ids=lambda p: p.stem)
def test_every_service_runs_hardened_as_the_portals_own_user(service):
    unit = unit_directives(service)
    one = {key: values[-1] for key, values in unit.items()}
    assert one["User"] == one["Group"] == "recovery-portal"
    assert one["WorkingDirectory"] == PREFIX
    assert unit["EnvironmentFile"][0] == "/etc/recovery-portal/portal.env"
    assert unit["ExecStart"][0].startswith(f"{PREFIX}/.venv/bin/")
    expected = {
        "UMask": "0027",
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "ProtectKernelTunables": "yes",
        "ProtectKernelModules": "yes",
        "ProtectKernelLogs": "yes",
        "ProtectControlGroups": "yes",
        "RestrictAddressFamilies": "AF_UNIX AF_INET AF_INET6",
        "CapabilityBoundingSet": "",
        "AmbientCapabilities": "",
    }
    assert {key: one.get(key) for key in expected} == expected
    assert unit["SystemCallFilter"][0] == "@system-service"
    # Writable: at most the uploaded scans and the backups.
    allowed = {"/var/lib/recovery-portal/media", "/var/backups/recovery-portal"}
    assert set(" ".join(unit.get("ReadWritePaths", [])).split()) <= allowed
    if service.stem in LONG_RUNNING:
        assert one["Restart"] == "on-failure"
        assert one["WantedBy"] == one["PartOf"] == "recovery-portal.target"
        # Neither the backups nor their key: code running in these processes reads neither.
        assert unit["InaccessiblePaths"] == [f"-{BACKUPS}"]
        assert unit["EnvironmentFile"] == ["/etc/recovery-portal/portal.env"]


def test_the_web_unit_runs_gunicorn_with_the_repos_config_on_its_socket_only():
    unit = unit_directives(UNITS / "recovery-portal-web.service")
    command = unit["ExecStart"][0].split()
    assert command[:2] == [f"{PREFIX}/.venv/bin/gunicorn", "recovery_portal.wsgi"]
    assert command[command.index("--config") + 1] == f"{PREFIX}/gunicorn.conf.py"
    # The socket systemd hands it; --bind names the same, so that gunicorn.conf.py's
    # 0.0.0.0:$PORT never applies.
    assert command[command.index("--bind") + 1] == f"unix:{SOCKET}"
    assert "recovery-portal-web.socket" in unit["Requires"]
    assert "recovery-portal-web.socket" in unit["After"]
    assert unit["Type"] == ["notify"]
    assert unit["ReadWritePaths"] == ["/var/lib/recovery-portal/media"]


def test_only_caddy_may_connect_to_gunicorns_socket():
    unit = unit_directives(UNITS / "recovery-portal-web.socket")
    assert unit["ListenStream"] == [SOCKET]
    # root's, group caddy (Debian's caddy package runs Caddy as user and group caddy), and
    # nobody else may connect: a local user cannot reach gunicorn and forge X-Forwarded-For.
    assert unit["SocketUser"] == ["root"]
    assert unit["SocketGroup"] == ["caddy"]
    assert unit["SocketMode"] == ["0660"]
    assert unit["PartOf"] == unit["WantedBy"] == ["recovery-portal.target"]
    tool("caddy")  # Debian's caddy package makes the group
    try:
        grp.getgrnam("caddy")
    except KeyError:
        pytest.fail("caddy is installed but there is no caddy group: not Debian's package?")


def test_the_worker_shuts_down_warm_within_its_stop_timeout():
    unit = unit_directives(UNITS / "recovery-portal-worker.service")
    assert "worker" in unit["ExecStart"][0].split()
    assert unit["KillSignal"] == ["SIGTERM"]
    # SIGTERM to the main process only: the pool's children finish their tasks.
    assert unit["KillMode"] == ["mixed"]
    timeout = int(unit["TimeoutStopSec"][0])
    assert timeout > settings.CELERY_TASK_TIME_LIMIT, (
        "a task may run CELERY_TASK_TIME_LIMIT seconds: the warm shutdown must wait for it"
    )


def test_the_backup_runs_nightly_through_manage_py_backup():
    unit = unit_directives(UNITS / "recovery-portal-backup.service")
    assert unit["Type"] == ["oneshot"]
    # The key is in backup.env (root only), which no other unit reads.
    assert unit["EnvironmentFile"] == [
        "/etc/recovery-portal/portal.env",
        "/etc/recovery-portal/backup.env",
    ]
    assert unit["ExecStart"] == [
        f"{PREFIX}/.venv/bin/python {PREFIX}/manage.py backup --output ${{BACKUP_DIR}}"
    ]
    assert unit["ReadWritePaths"] == ["/var/backups/recovery-portal"]
    timer = unit_directives(UNITS / "recovery-portal-backup.timer")
    assert timer["OnCalendar"] == ["*-*-* 02:30:00"]
    assert timer["Unit"] == ["recovery-portal-backup.service"]
    assert timer["Persistent"] == ["true"]


# ------------------------------------------------------------------------ environment file

# Read by settings.py but never wanted in a production environment file, with the reason.
NOT_FOR_PRODUCTION = {
    "DEMO_PASSWORD": "demo accounts only: manage.py seed_demo never runs against real data",
    "DEMO_TOTP_SECRET": "demo accounts only, like DEMO_PASSWORD",
}
# In the template ahead of the code that reads them (issue 12's backups are built alongside
# this kit): the template may name them before settings.py does.
READ_BY_PARALLEL_WORK = {"BACKUP_ENCRYPTION_KEY", "BACKUP_KEEP"}
ENV_HELPERS = {"envbool", "envint", "envlist", "envurl"}


def names_read_by(path: Path) -> set[str]:
    """Environment variable names a module reads: os.environ.get("X"), os.environ["X"],
    os.getenv("X") and the settings helpers envbool/envint/envlist/envurl("X", …)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        first = None
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            called = ast.unparse(func)
            if called in {"os.environ.get", "os.getenv"} or called in ENV_HELPERS:
                first = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            first = node.slice
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def names_read_by_units() -> set[str]:
    return {
        name
        for unit in UNITS.glob("*.service")
        for name in re.findall(r"\$\{(\w+)\}", unit.read_text())
    }


def template_names(template: Path = TEMPLATE) -> set[str]:
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", template.read_text(), re.MULTILINE))


def all_template_names() -> set[str]:
    return template_names(TEMPLATE) | template_names(BACKUP_TEMPLATE)


def settings_read() -> set[str]:
    return (
        names_read_by(ROOT / "recovery_portal" / "settings.py")
        | names_read_by(ROOT / "gunicorn.conf.py")
        | names_read_by_units()
    )


def test_the_name_scanner_finds_each_way_settings_are_read(tmp_path):
    module = tmp_path / "example.py"
    module.write_text(
        "import os\n"
        "A = os.environ.get('ONE', '')\nB = os.environ['TWO']\nC = os.getenv('THREE')\n"
        "D = envint('FOUR', 1)\nE = envbool('FIVE', True)\nF = envlist('SIX', [])\n"
        "G = envurl('SEVEN', '', parse)\nH = os.environ.setdefault('NOT_A_SETTING', 'x')\n"
    )
    assert names_read_by(module) == {"ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN"}


def test_the_environment_templates_name_every_setting_the_portal_reads():
    read = settings_read()
    assert len(read) > 40  # the scanner found settings.py's reads at all
    missing = sorted(read - all_template_names() - set(NOT_FOR_PRODUCTION))
    assert not missing, (
        f"deploy/portal.env.example lacks {', '.join(missing)}: add each with a comment "
        "(required or optional, its default, how to generate a secret); backup settings "
        "(BACKUP_...) go in deploy/backup.env.example"
    )


def test_the_environment_templates_name_nothing_the_portal_does_not_read():
    read = settings_read() | {"WORKER_CONCURRENCY"}  # the worker unit and the Procfile
    unknown = sorted(all_template_names() - read - READ_BY_PARALLEL_WORK)
    assert not unknown, f"deploy/*.env.example name settings nothing reads: {unknown}"
    assert not set(NOT_FOR_PRODUCTION) & all_template_names()


def test_the_backup_settings_and_their_key_are_in_the_backup_template_only():
    backup_names = template_names(BACKUP_TEMPLATE)
    assert "BACKUP_ENCRYPTION_KEY" in backup_names
    assert {name for name in backup_names if not name.startswith("BACKUP_")} == set()
    # The shared file, which web, worker and beat read, holds no backup setting and no key.
    assert {name for name in template_names(TEMPLATE) if name.startswith("BACKUP_")} == set()
    # Required, and empty until the administrator fills it in.
    assert re.search(r"^BACKUP_ENCRYPTION_KEY=$", BACKUP_TEMPLATE.read_text(), re.MULTILINE)


@pytest.mark.parametrize("template", [TEMPLATE, BACKUP_TEMPLATE], ids=lambda p: p.name)
def test_the_environment_template_reads_the_same_in_systemd_and_portal_manage(template):
    # NAME=value with nothing the two parse differently: no spaces around "=", no export, a
    # value with spaces in double quotes, no $ ` \ or single quotes.
    safe = re.compile(r'^[A-Z][A-Z0-9_]*=("[^"$`\\\']*"|[^\s"$`\\\'#]*)$')
    for number, line in enumerate(template.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        assert safe.match(line), f"{template.name} line {number}: {line!r}"
    for line in template.read_text().splitlines():
        if re.match(r"^# [A-Z][A-Z0-9_]*=", line):
            assert safe.match(line[2:]), f"commented example {line!r} could not be uncommented"


def filled_template(directory: Path) -> Path:
    """The template with its REQUIRED blanks filled in, as an administrator would."""
    text = TEMPLATE.read_text()
    fills = {
        "SECRET_KEY": "a-long-random-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "portal.example.org",
        "MFA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }
    for name, value in fills.items():
        text, count = re.subn(rf"^{name}=$", f"{name}={value}", text, flags=re.MULTILINE)
        assert count == 1, f"{name}= should be an empty, required line of the template"
    (directory / "portal.env").write_text(text)
    (directory / "owner.env").write_text(
        "DATABASE_URL=postgres://portal_owner:owner-secret@127.0.0.1:5432/recovery_portal\n"
    )
    return directory


def portal_manage_env(env_dir: Path, **paths: str) -> dict[str, str]:
    # Only what an administrator's root shell would have: PATH, and where things are. By
    # default both users are whoever runs the tests, so manage.py runs as it is.
    me = pwd.getpwuid(os.geteuid()).pw_name
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
        "PORTAL_PREFIX": str(ROOT),
        "PORTAL_ENV_DIR": str(env_dir),
        "PORTAL_USER": me,
        "PORTAL_OWNER_USER": me,
        **paths,
    }


def portal_manage(env_dir: Path, *args: str, **paths: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DEPLOY / "portal-manage"), *args],
        env=portal_manage_env(env_dir, **paths),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_filled_in_template_passes_djangos_deployment_checks(tmp_path):
    env_dir = filled_template(tmp_path)
    result = portal_manage(env_dir, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_template_as_shipped_does_not_start_without_a_secret_key(tmp_path):
    shutil.copy(TEMPLATE, tmp_path / "portal.env")
    result = portal_manage(tmp_path, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_portal_manage_uses_the_owner_role_only_when_asked(tmp_path):
    env_dir = filled_template(tmp_path)
    code = "from django.db import connection; print(connection.settings_dict['USER'])"
    show_user = ("shell", "--no-imports", "-c", code)
    assert portal_manage(env_dir, *show_user).stdout.strip() == "portal_app"
    assert portal_manage(env_dir, "--owner", *show_user).stdout.strip() == "portal_owner"


def test_portal_manage_runs_nothing_written_in_the_environment_file(tmp_path):
    env_dir = filled_template(tmp_path)
    witness = Path(tempfile.gettempdir()) / f"pwned-{secrets.token_hex(8)}"
    literal = {
        "SITE_NAME": f"Hope; touch {witness}",
        "CRISIS_LINE": f"988 & touch {witness} &",
        "CRISIS_LINE_TEXT": f"Call | text (day) <night> $(touch {witness}) `touch {witness}`",
        "DISCREET_SENDER_NAME": f"Member services; touch {witness}",
    }
    with open(env_dir / "portal.env", "a") as env_file:
        env_file.write(
            f"SITE_NAME={literal['SITE_NAME']}\n"
            f"  CRISIS_LINE = {literal['CRISIS_LINE']}  \n"
            f"CRISIS_LINE_TEXT='{literal['CRISIS_LINE_TEXT']}'\n"
            f'DISCREET_SENDER_NAME="{literal["DISCREET_SENDER_NAME"]}"\n'
        )
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {sorted(literal)}}}))"
    )
    result = portal_manage(env_dir, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    # Each value exactly as systemd's EnvironmentFile= reads it: one pair of surrounding quotes
    # removed, spaces around the line and the "=" dropped, nothing else touched.
    assert json.loads(result.stdout) == literal
    assert not witness.exists(), "portal-manage ran a command written in portal.env"


@pytest.mark.parametrize(
    "line",
    [
        'SITE_NAME="Hope \\"House\\""',  # systemd would undo the backslashes
        "SITE_NAME=Hope\\ House",
        'SITE_NAME="Hope" House',  # quotes that are not around the whole value
        "SITE_NAME='Hope",  # a quote systemd would continue on the next line
        "site_name=Hope",  # a lower-case name could change portal-manage's own variables
        "SITE_NAME Hope",
    ],
)
def test_portal_manage_refuses_a_line_systemd_could_read_differently(tmp_path, line):
    env_dir = filled_template(tmp_path)
    with open(env_dir / "portal.env", "a") as env_file:
        env_file.write(line + "\n")
    number = len((env_dir / "portal.env").read_text().splitlines())
    result = portal_manage(env_dir, "check")
    assert result.returncode == 2
    assert f"portal.env line {number}" in result.stderr
    assert "System check" not in result.stdout + result.stderr  # manage.py never ran


# A stand-in for the installed virtualenv's python: says which user runs it, with which
# database and backup key, and stays up a few seconds for `migrate` (long enough to look at
# its /proc/PID/environ).
STAND_IN_PYTHON = """#!/bin/sh
echo "user=$(id -un)"
echo "pid=$$"
echo "DATABASE_URL=$DATABASE_URL"
echo "BACKUP_ENCRYPTION_KEY=${BACKUP_ENCRYPTION_KEY:-}"
if [ "$2" = "migrate" ]; then exec sleep 5; fi
"""


@pytest.fixture
def stand_in_install(tmp_path):
    """An install prefix other users can enter (pytest's tmp_path is root's alone), with the
    stand-in python; the filled-in environment files (owner.env, backup.env) in tmp_path."""
    for name in ("daemon", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            pytest.fail(f"the system user {name} is missing (Debian's base-passwd makes it)")
    if os.geteuid() != 0:
        pytest.fail("portal-manage runs as root (it switches user with runuser): run as root")
    prefix = Path(tempfile.mkdtemp(prefix="portal-prefix-"))
    try:
        prefix.chmod(0o755)
        (prefix / ".venv" / "bin").mkdir(parents=True, mode=0o755)
        (prefix / ".venv").chmod(0o755)
        (prefix / ".venv" / "bin").chmod(0o755)
        (prefix / ".venv" / "bin" / "python").write_text(STAND_IN_PYTHON)
        (prefix / ".venv" / "bin" / "python").chmod(0o755)
        (prefix / "manage.py").write_text("")
        env_dir = filled_template(tmp_path)
        (env_dir / "backup.env").write_text("BACKUP_ENCRYPTION_KEY=the-backup-key\n")
        # As installed: the web, worker and beat user is "daemon" here; the owner, "nobody".
        paths = {
            "PORTAL_PREFIX": str(prefix),
            "PORTAL_USER": "daemon",
            "PORTAL_OWNER_USER": "nobody",
        }
        yield env_dir, paths
    finally:
        shutil.rmtree(prefix)


def reported(output: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in output.splitlines() if "=" in line)


def test_migrations_run_as_their_own_user_whose_environment_the_portals_user_cannot_read(
    stand_in_install,
):
    env_dir, paths = stand_in_install
    everyday = reported(portal_manage(env_dir, "check", **paths).stdout)
    assert everyday["user"] == "daemon"
    assert everyday["DATABASE_URL"].startswith("postgres://portal_app:")

    owner = subprocess.Popen(
        [str(DEPLOY / "portal-manage"), "--owner", "migrate"],
        env=portal_manage_env(env_dir, **paths),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first_lines = {}
        for _ in range(3):
            first_lines.update(reported(owner.stdout.readline()))
        assert first_lines["user"] == "nobody"
        assert first_lines["DATABASE_URL"].startswith("postgres://portal_owner:")
        environ = f"/proc/{first_lines['pid']}/environ"

        def read_as(user: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                ["runuser", "-u", user, "--", "cat", environ], capture_output=True, timeout=10
            )

        # The owner's own user can read it (so the check below can fail)...
        assert b"portal_owner:owner-secret" in read_as("nobody").stdout
        # ...the user web, worker and beat run as cannot, while migrate runs.
        as_portal = read_as("daemon")
        assert as_portal.returncode != 0 and b"owner-secret" not in as_portal.stdout
    finally:
        with contextlib.suppress(ProcessLookupError, KeyError, ValueError):
            os.kill(int(first_lines["pid"]), signal.SIGTERM)
        owner.wait(timeout=15)
        owner.stdout.close()


def test_only_backup_and_restore_get_the_backup_key(stand_in_install):
    env_dir, paths = stand_in_install
    for command in (["backup", "--output", "/tmp"], ["restore", "some-file"]):
        assert (
            reported(portal_manage(env_dir, *command, **paths).stdout)["BACKUP_ENCRYPTION_KEY"]
            == "the-backup-key"
        )
    for command in (["check"], ["shell"], ["--owner", "showmigrations"]):
        output = reported(portal_manage(env_dir, *command, **paths).stdout)
        assert output["BACKUP_ENCRYPTION_KEY"] == ""


# ------------------------------------------------------------------------------------ .ci/run


@pytest.mark.parametrize("machine_had_one", [False, True], ids=["ours", "the-machines"])
def test_ci_leaves_no_policy_rc_d_behind_when_apt_get_fails(tmp_path, machine_had_one):
    # .ci/run as it is, with the paths it touches moved into tmp_path: Chromium "missing",
    # policy-rc.d in tmp_path, and an apt-get that fails the install.
    policy = tmp_path / "policy-rc.d"
    script = (ROOT / ".ci" / "run").read_text()
    for real, stand_in in [
        ("/usr/sbin/policy-rc.d", str(policy)),
        ("/usr/bin/chromium", str(tmp_path / "no-chromium")),
        ('cd "$(dirname "$0")/.."', f"cd {tmp_path}"),
    ]:
        assert real in script
        script = script.replace(real, stand_in)
    (tmp_path / "run").write_text(script)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "apt-get").write_text(
        f'#!/bin/sh\n[ -e {policy} ] && echo "policy-rc.d present" >> {tmp_path}/apt.log\n'
        '[ "$1" = update ] && exit 0\necho "E: Unable to locate package" >&2\nexit 100\n'
    )
    (bin_dir / "apt-get").chmod(0o755)
    if machine_had_one:
        policy.write_text("#!/bin/sh\n# the machine's own\nexit 0\n")
    result = subprocess.run(
        ["bash", str(tmp_path / "run")],
        env={"PATH": f"{bin_dir}:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 100, result.stdout + result.stderr
    # apt-get ran with a policy-rc.d in place (the check below is not vacuous)...
    assert (tmp_path / "apt.log").read_text().count("policy-rc.d present") == 2
    # ...and afterwards ours is gone, the machine's own is kept.
    if machine_had_one:
        assert "the machine's own" in policy.read_text()
    else:
        assert not policy.exists()
