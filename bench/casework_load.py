"""Casework under load (issue 9). Not a test: run it by hand on a quiet machine; it rewrites
the casework section of bench/README.md.

    .venv/bin/python bench/casework_load.py          # DATABASE_URL defaults to …/rp_casework_bench

1. Build the large organization with ``manage.py seed_demo --scale`` (bulk inserts) and time it.
2. Make signed-in sessions for case managers (500 and 20 clients each) and client accounts.
3. Start gunicorn on 127.0.0.1 with production settings (DEBUG off) on PostgreSQL.
4. Run the locust scenario (bench/locustfile.py) headless for ``--duration`` seconds.
5. Compare the 95th percentiles: Today against /healthz?scope=web, and Today at 500 against
   20 clients.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_VAR = Path(tempfile.gettempdir()) / "rp-casework-bench"
ENV = {
    "DATABASE_URL": os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rp_casework_bench"
    ),
    "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/4"),
    "DJANGO_SETTINGS_MODULE": "recovery_portal.settings",
    # Production settings (DEBUG off), reachable over plain HTTP on 127.0.0.1 only.
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdefghij",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "MFA_ENCRYPTION_KEY": "YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZy0wMTI=",
    "VAR_DIR": str(BENCH_VAR),
    "LOG_LEVEL": "WARNING",
    # The yardstick is /healthz?scope=web doing its work (one query, a broker ping) on every
    # request, not answering from the result it keeps for a few seconds in production.
    "HEALTHZ_CACHE_SECONDS": "0",
}
os.environ.update(ENV)
PYTHON = sys.executable
README = ROOT / "bench" / "README.md"


def manage(*args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=os.environ, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def drop_database() -> None:
    """Start from nothing, so the build is timed on an empty database every run."""
    import environ
    import psycopg2
    from psycopg2.extensions import ISOLATION_LEVEL_AUTOCOMMIT

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    admin = psycopg2.connect(
        dbname="postgres", user=config["USER"], host=config["HOST"], port=config["PORT"] or 5432
    )
    admin.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
    admin.close()


def analyze() -> None:
    import environ
    import psycopg2

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    connection = psycopg2.connect(
        dbname=config["NAME"], user=config["USER"], host=config["HOST"], port=config["PORT"] or 5432
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def build(args) -> tuple[float, str]:
    from bench.reminders import ensure_database

    drop_database()
    ensure_database()
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    output = manage(
        "seed_demo",
        "--force",
        f"--scale={args.clients}",
        f"--managers={args.managers}",
        f"--small-managers={args.small_managers}",
    )
    # Bulk inserts leave the planner without statistics until autovacuum comes by; a live
    # database has them, so measure with them.
    analyze()
    found = re.search(r"Large organization built in ([\d.]+) s: (.*)\.", output)
    if not found:
        return 0.0, output.strip().splitlines()[1] if output else ""
    return float(found.group(1)), found.group(2)


def sessions(path: Path) -> dict:
    """Sessions as a real sign-in leaves them (user, backend, password hash)."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from casework.demo.scale import bench_email
    from recovery_portal.accounts.models import User

    def made(emails):
        keys = []
        for user in User.objects.filter(email__in=emails):
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            keys.append(store.session_key)
        return keys

    found = {
        "large": made([bench_email("cm", i) for i in range(10)]),
        "small": made([bench_email("cm-small", i) for i in range(10)]),
        "client": made([bench_email("client", i) for i in range(50)]),
    }
    path.write_text(json.dumps(found))
    return found


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def check_signed_in(port: int, session_key: str) -> None:
    """Make sure the server answering is ours and the sessions work (Today, no redirect)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/today/", headers={"Cookie": f"sessionid={session_key}"}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    except urllib.error.HTTPError as error:
        sys.exit(f"Today answered {error.code} for a bench session: not our server?")
    if response.status != 200 or b"Referrals waiting for news" not in response.read():
        sys.exit("Today did not show the casework card for a bench session.")


def serve(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "recovery_portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--access-logfile=/dev/null",
        ],
        cwd=ROOT,
        env=os.environ,
    )
    for _ in range(60):
        if server.poll() is not None:
            sys.exit(f"gunicorn exited ({server.returncode}); is port {port} taken?")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz?scope=web", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.send_signal(signal.SIGTERM)
    sys.exit("gunicorn did not start")


def load(port: int, args, session_file: Path) -> dict[str, dict]:
    prefix = BENCH_VAR / "locust"
    subprocess.run(
        [
            str(Path(PYTHON).parent / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            f"--users={args.users}",
            "--spawn-rate=5",
            f"--run-time={args.duration}s",
            f"--host=http://127.0.0.1:{port}",
            f"--csv={prefix}",
            "--only-summary",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_SESSIONS": str(session_file)},
        check=False,
    )
    with open(f"{prefix}_stats.csv") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats) if row["Name"] != "Aggregated"}


def report(stats: dict, seconds: float, built: str, args) -> str:
    def p95(name):
        return float(stats[name]["95%"])

    rows = []
    for name in sorted(stats):
        row = stats[name]
        rows.append(
            f"| {name} | {int(row['Request Count']):,} | {int(row['Failure Count'])} | "
            f"{float(row['Median Response Time']):.0f} | {p95(name):.0f} |"
        )
    yard = p95("healthz (yardstick)")
    large, small = p95("Today, 500 clients"), p95("Today, 20 clients")
    import platform

    return "\n".join(
        [
            f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python "
            f"{platform.python_version()}, {os.cpu_count()} CPU cores shared with other work, "
            f"gunicorn 2 workers, {args.users} locust users for {args.duration} s.",
            "",
            f"**Building the large organization** (bulk inserts): {seconds:.1f} s for {built}.",
            "",
            "| page | requests | failures | median ms | p95 ms |",
            "| --- | ---: | ---: | ---: | ---: |",
            *rows,
            "",
            "| ratio of 95th percentiles | value | aim |",
            "| --- | ---: | ---: |",
            f"| Today (500 clients) / healthz | {large / yard:.2f} | ≤ 3 |",
            f"| Today (500 clients) / Today (20 clients) | {large / small:.2f} | ≤ 1.2 |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--managers", type=int, default=10, help="sharing --clients")
    parser.add_argument("--small-managers", type=int, default=40, help="20 clients each")
    parser.add_argument("--users", type=int, default=6, help="concurrent locust users")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--port", type=int, default=0, help="default: any free port")
    args = parser.parse_args()
    seconds, built = build(args)
    session_file = BENCH_VAR / "sessions.json"
    keys = sessions(session_file)
    port = args.port or free_port()
    server = serve(port)
    try:
        check_signed_in(port, keys["large"][0])
        stats = load(port, args, session_file)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    text = report(stats, seconds, built, args)
    print(text)
    failed = sum(int(row["Failure Count"]) for row in stats.values())
    if failed:
        sys.exit(f"{failed} requests failed: results not written (see {BENCH_VAR}/locust_*.csv)")
    readme = README.read_text()
    start, end = "<!-- casework results -->", "<!-- /casework results -->"
    if start in readme:
        before, rest = readme.split(start, 1)
        readme = before + start + "\n" + text + "\n" + end + rest.split(end, 1)[1]
        README.write_text(readme)


if __name__ == "__main__":
    main()
