"""The deployment kit in deploy/: what can be checked on a machine without systemd running.

- The Caddyfile: `caddy validate`, its adapted JSON (headers, proxy, body limit, log filter),
  and Caddy really running it in front of a stub upstream: a spoofed X-Forwarded-For or
  X-Forwarded-Proto does not get through, the portal's client_ip() sees the real visitor with
  TRUSTED_PROXY_COUNT=1, no header is sent twice, large bodies stop at Caddy, and its error log
  holds no URL.
- The systemd units: `systemd-analyze verify` (with /opt/recovery-portal pointed at this
  checkout, so the ExecStart binaries exist) and their hardening directives.
- The environment-file template: every setting the portal reads is in it, its syntax reads the
  same in systemd and the shell, and, filled in, it passes `check --deploy` through
  deploy/portal-manage.

Caddy and systemd-analyze come from Debian's packages; .ci/run installs Caddy. A missing tool
fails these tests (it never skips them).
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import RequestFactory

from recovery_portal.audit.services import client_ip

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
CADDYFILE = DEPLOY / "Caddyfile"
UNITS = DEPLOY / "systemd"
TEMPLATE = DEPLOY / "portal.env.example"
PREFIX = "/opt/recovery-portal"
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


def test_caddy_serves_the_host_over_tls_and_proxies_to_gunicorn_on_loopback(tmp_path):
    config = adapted("portal.example.org", tmp_path)
    server = config["apps"]["http"]["servers"]["srv0"]
    assert server["listen"] == [":443"]  # automatic HTTPS (and the redirect from port 80)
    assert server["routes"][0]["match"] == [{"host": ["portal.example.org"]}]
    proxies = [h for h in handlers(server["routes"]) if h["handler"] == "reverse_proxy"]
    assert [p["upstreams"] for p in proxies] == [[{"dial": "127.0.0.1:8000"}]]
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
    """Stands in for gunicorn: records what Caddy forwarded; /django answers with the headers
    Django sets, /bare with none, /crash hangs up (Caddy answers 502)."""

    seen: dict[str, dict] = {}

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def live_caddy(tmp_path_factory):
    """deploy/Caddyfile run by Caddy on a free plain-http port (a site address of
    http://127.0.0.1:PORT, as PORTAL_HOST), proxying to the stub upstream. Only three things
    of the adapted config change: the upstream's address, the admin endpoint (off, so no port
    2019 is needed) and the log level (DEBUG, so the error log of a 502 is written)."""
    home = tmp_path_factory.mktemp("caddy")
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = free_port()
    config = adapted(f"http://127.0.0.1:{port}", home)
    server = config["apps"]["http"]["servers"]["srv0"]
    (proxy,) = [h for h in handlers(server["routes"]) if h["handler"] == "reverse_proxy"]
    assert proxy["upstreams"] == [{"dial": "127.0.0.1:8000"}]
    proxy["upstreams"] = [{"dial": f"127.0.0.1:{upstream.server_port}"}]
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
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Caddy did not start:\n{log_path.read_text()}")
                time.sleep(0.1)
        yield {"url": f"http://127.0.0.1:{port}", "log": log_path, "process": process}
    finally:
        process.terminate()
        process.wait(timeout=10)
        upstream.shutdown()


def request(url: str, *, method: str = "GET", headers=None, body: bytes | None = None):
    """One HTTP/1.1 request, returning (status, headers as a list of pairs); http.client
    rather than urllib, which raises on error statuses and merges repeated headers."""
    import http.client
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        # A server that answers early (413) hangs up before the whole body is sent.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.request(method, path, body=body, headers=headers or {})
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
    assert one["EnvironmentFile"] == "/etc/recovery-portal/portal.env"
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


def test_the_web_unit_runs_gunicorn_with_the_repos_config_on_loopback_only():
    unit = unit_directives(UNITS / "recovery-portal-web.service")
    command = unit["ExecStart"][0].split()
    assert command[:2] == [f"{PREFIX}/.venv/bin/gunicorn", "recovery_portal.wsgi"]
    assert command[command.index("--config") + 1] == f"{PREFIX}/gunicorn.conf.py"
    assert command[command.index("--bind") + 1] == "127.0.0.1:8000"
    assert unit["Type"] == ["notify"]
    assert unit["ReadWritePaths"] == ["/var/lib/recovery-portal/media"]


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


def template_names() -> set[str]:
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", TEMPLATE.read_text(), re.MULTILINE))


def test_the_name_scanner_finds_each_way_settings_are_read(tmp_path):
    module = tmp_path / "example.py"
    module.write_text(
        "import os\n"
        "A = os.environ.get('ONE', '')\nB = os.environ['TWO']\nC = os.getenv('THREE')\n"
        "D = envint('FOUR', 1)\nE = envbool('FIVE', True)\nF = envlist('SIX', [])\n"
        "G = envurl('SEVEN', '', parse)\nH = os.environ.setdefault('NOT_A_SETTING', 'x')\n"
    )
    assert names_read_by(module) == {"ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN"}


def test_the_environment_template_names_every_setting_the_portal_reads():
    read = (
        names_read_by(ROOT / "recovery_portal" / "settings.py")
        | names_read_by(ROOT / "gunicorn.conf.py")
        | names_read_by_units()
    )
    assert len(read) > 40  # the scanner found settings.py's reads at all
    missing = sorted(read - template_names() - set(NOT_FOR_PRODUCTION))
    assert not missing, (
        f"deploy/portal.env.example lacks {', '.join(missing)}: add each with a comment "
        "(required or optional, its default, how to generate a secret)"
    )


def test_the_environment_template_names_nothing_the_portal_does_not_read():
    read = (
        names_read_by(ROOT / "recovery_portal" / "settings.py")
        | names_read_by(ROOT / "gunicorn.conf.py")
        | names_read_by_units()
        | {"WORKER_CONCURRENCY"}  # the worker unit and the Procfile
    )
    unknown = sorted(template_names() - read - READ_BY_PARALLEL_WORK)
    assert not unknown, f"deploy/portal.env.example names settings nothing reads: {unknown}"
    assert not set(NOT_FOR_PRODUCTION) & template_names()


def test_the_environment_template_reads_the_same_in_systemd_and_the_shell():
    # NAME=value with nothing the two parse differently: no spaces around "=", no export, a
    # value with spaces in double quotes, no $ ` \ or single quotes.
    safe = re.compile(r'^[A-Z][A-Z0-9_]*=("[^"$`\\\']*"|[^\s"$`\\\'#]*)$')
    for number, line in enumerate(TEMPLATE.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        assert safe.match(line), f"portal.env.example line {number}: {line!r}"
    for line in TEMPLATE.read_text().splitlines():
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


def portal_manage(env_dir: Path, *args: str) -> subprocess.CompletedProcess:
    # Only what an administrator's root shell would have: PATH, and where things are.
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "PORTAL_PREFIX": str(ROOT),
        "PORTAL_ENV_DIR": str(env_dir),
        "PORTAL_USER": pwd.getpwuid(os.geteuid()).pw_name,
    }
    return subprocess.run(
        [str(DEPLOY / "portal-manage"), *args],
        env=env,
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
