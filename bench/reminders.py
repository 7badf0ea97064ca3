"""Benchmark of the reminder outbox (issue 3). Not a test: run it by hand, it rewrites the
results section of bench/README.md.

    .venv/bin/python bench/reminders.py            # DATABASE_URL defaults to …/rp_bench

1. Dispatch throughput: N due reminders sent by one dispatcher (the code one Celery worker
   runs) to a null channel (Django's dummy e-mail backend), beside the raw rate at which the
   same PostgreSQL, in the same run, takes N single-row UPDATEs from Python, each its own
   statement and commit — the least any per-reminder bookkeeping can cost.
2. Finding due reminders: the dispatcher's claim query with 10,000 and with 1,000,000 rows
   already sent. The partial index on scheduled rows keeps the two times close.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rp_bench")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
os.environ["DJANGO_SETTINGS_MODULE"] = "recovery_portal.test_settings"
os.environ["TEST_EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"


def ensure_database() -> None:
    import environ
    import psycopg2
    from psycopg2.extensions import ISOLATION_LEVEL_AUTOCOMMIT

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config.get("PASSWORD") or None,
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    admin.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    admin.close()


def setup_django():
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fresh_rows(n: int, *, state: str, due_in: timedelta = timedelta(0)) -> None:
    """``n`` reminders of one user and one source, written straight to the table (setting up
    a benchmark is not what it measures)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from recovery_portal.accounts.models import User
    from recovery_portal.notifications.models import CustomReminder

    user, _ = User.objects.get_or_create(email="bench@example.test", defaults={"full_name": "B"})
    now = timezone.now()
    custom, _ = CustomReminder.objects.get_or_create(
        recipient=user, note="bench", defaults={"at": now, "remind_at": now}
    )
    source_type = ContentType.objects.get_for_model(CustomReminder)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO notifications_reminder
              (recipient_id, kind, channel, source_type_id, source_id, send_at, due_at, state,
               attempts, last_error, note, subject, sent_at, claim_token, dedupe_key,
               created_at, updated_at)
            SELECT %s, 'other', 'email', %s, %s, %s, %s, %s, 0, '', '', '',
                   CASE WHEN %s = 'sent' THEN %s END, '',
                   md5(random()::text || clock_timestamp()::text || g::text) || md5(g::text),
                   %s, %s
            FROM generate_series(1, %s) AS g
            """,
            [
                user.pk,
                source_type.pk,
                str(custom.pk),
                now + due_in,
                now + due_in,
                state,
                state,
                now,
                now,
                now,
                n,
            ],
        )
        # Settle the table now, so autovacuum does not start in the middle of a measurement.
        cursor.execute("VACUUM ANALYZE notifications_reminder")


def empty_outbox() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE notifications_reminder")


def _time_dispatch(n: int) -> float:
    from recovery_portal.notifications.dispatch import dispatch_due_reminders

    empty_outbox()
    fresh_rows(n, state="scheduled", due_in=timedelta(seconds=-1))
    started = time.perf_counter()
    result = dispatch_due_reminders(time_budget=3600)
    seconds = time.perf_counter() - started
    assert result.counts.get("sent") == n, result
    return seconds


def _time_raw(n: int) -> float:
    """N single-row UPDATEs of fresh reminder rows (same width, same indexes): the least that
    recording each reminder can cost."""
    from django.db import connection

    empty_outbox()
    fresh_rows(n, state="scheduled", due_in=timedelta(days=1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM notifications_reminder ORDER BY id")
        ids = [row_id for (row_id,) in cursor.fetchall()]
    raw = connection.connection  # psycopg2, autocommit as Django leaves it
    started = time.perf_counter()
    with raw.cursor() as cursor:
        for row_id in ids:
            cursor.execute(
                "UPDATE notifications_reminder SET state = 'sent', sent_at = now(), "
                "updated_at = now() WHERE id = %s",
                [row_id],
            )
    return time.perf_counter() - started


def _time_narrow(n: int) -> float:
    """N single-row UPDATEs of a narrow table with only a key, for comparison."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw")
        cursor.execute(
            "CREATE TABLE bench_raw (id bigint PRIMARY KEY, state varchar(10), sent_at timestamptz)"
        )
        cursor.execute(
            "INSERT INTO bench_raw SELECT g, 'scheduled', NULL FROM generate_series(1, %s) g", [n]
        )
    started = time.perf_counter()
    with connection.connection.cursor() as cursor:
        for row_id in range(1, n + 1):
            cursor.execute(
                "UPDATE bench_raw SET state = 'sent', sent_at = now() WHERE id = %s", [row_id]
            )
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw")
    return seconds


def bench_throughput(n: int, rounds: int = 5) -> dict:
    """The three measurements take turns, ``rounds`` times on n/rounds rows each, so a change
    in the machine's load during the run weighs on all three alike."""
    size = n // rounds
    totals = {"dispatch": 0.0, "raw": 0.0, "narrow": 0.0}
    for _ in range(rounds):
        totals["dispatch"] += _time_dispatch(size)
        totals["raw"] += _time_raw(size)
        totals["narrow"] += _time_narrow(size)
    empty_outbox()
    n = size * rounds
    return {
        "n": n,
        "dispatch_rate": n / totals["dispatch"],
        "raw_rate": n / totals["raw"],
        "ratio": totals["raw"] / totals["dispatch"],
        "narrow_rate": n / totals["narrow"],
        "narrow_ratio": totals["narrow"] / totals["dispatch"],
    }


CLAIM_SQL = """
SELECT id FROM notifications_reminder
WHERE state = 'scheduled' AND due_at <= now()
ORDER BY due_at LIMIT 100 FOR UPDATE SKIP LOCKED
"""


def time_claim_query(repeats: int = 100, *, without_index: bool = False) -> tuple[float, str]:
    from django.db import connection, transaction

    times = []
    for attempt in range(repeats + 5):  # the first five warm the cache and are not counted
        with transaction.atomic(), connection.cursor() as cursor:
            if without_index:  # what the same query costs as a scan, for comparison
                cursor.execute("SET LOCAL enable_indexscan = off")
                cursor.execute("SET LOCAL enable_bitmapscan = off")
            started = time.perf_counter()
            cursor.execute(CLAIM_SQL)
            rows = cursor.fetchall()
            if attempt >= 5:
                times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
        assert len(rows) == 100
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + CLAIM_SQL)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    return statistics.median(times), plan


def bench_due_query(small: int, large: int) -> dict:
    empty_outbox()
    fresh_rows(small, state="sent", due_in=timedelta(days=-30))
    fresh_rows(1_000, state="scheduled", due_in=timedelta(seconds=-1))
    small_time, small_plan = time_claim_query()
    fresh_rows(large - small, state="sent", due_in=timedelta(days=-30))
    large_time, large_plan = time_claim_query()
    scan_time, _ = time_claim_query(5, without_index=True)
    empty_outbox()
    return {
        "small": small,
        "large": large,
        "small_ms": small_time * 1000,
        "large_ms": large_time * 1000,
        "ratio": large_time / small_time,
        "scan_ms": scan_time * 1000,
        "plan": large_plan,
        "uses_index": all("reminder_due_scheduled" in p for p in (small_plan, large_plan)),
    }


def write_results(throughput: dict, due: dict) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    t = throughput
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    python = sys.version.split()[0]
    text = f"""<!-- results: written by bench/reminders.py -->
Run on {when}, PostgreSQL {version}, Python {python}, {os.cpu_count()} CPU cores.

**Dispatch throughput** ({throughput["n"]:,} reminders, one dispatcher, null e-mail backend)

| | per second |
| --- | ---: |
| dispatcher: claim, render, send, record | {throughput["dispatch_rate"]:,.0f} |
| raw: single-row UPDATEs of reminder rows, one commit each | {t["raw_rate"]:,.0f} |
| **ratio** (dispatcher / raw; at least 0.3) | **{throughput["ratio"]:.2f}** |
| for comparison: raw UPDATEs of a narrow table with only a key | {t["narrow_rate"]:,.0f} |
| ratio to that | {t["narrow_ratio"]:.2f} |

**Finding due reminders** (the claim query, 100 of 1,000 due rows; median of 100)

| rows already sent | time |
| ---: | ---: |
| {due["small"]:,} | {due["small_ms"]:.2f} ms |
| {due["large"]:,} | {due["large_ms"]:.2f} ms |
| **ratio** | **{due["ratio"]:.2f}** |
| {due["large"]:,}, planner told not to use the index (a scan) | {due["scan_ms"]:.1f} ms |

Sub-millisecond times are mostly the round trip, so the ratio wobbles around 1 from run to
run; what matters is that it does not grow with the sent history, while a scan does.

Plan with {due["large"]:,} sent rows (the partial index `reminder_due_scheduled`):

```
{due["plan"]}
```
<!-- /results -->"""
    readme = Path(__file__).with_name("README.md")
    body = readme.read_text()
    body = re.sub(r"<!-- results:.*?<!-- /results -->", lambda _: text, body, flags=re.S)
    readme.write_text(body)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=5_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--throughput-only", action="store_true", help="print, write nothing")
    args = parser.parse_args()
    setup_django()
    throughput = bench_throughput(args.reminders)
    if args.throughput_only:
        print(throughput)
        return 0
    due = bench_due_query(args.small, args.large)
    print(write_results(throughput, due))
    ok = throughput["ratio"] >= 0.3 and due["uses_index"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
