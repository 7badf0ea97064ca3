"""Benchmark of ``manage.py audit_verify`` (issue 8, point 12). Not a test: run it by hand, it
rewrites the audit section of bench/README.md.

    .venv/bin/python bench/audit_verify.py         # DATABASE_URL defaults to …/rp_bench_audit

1. Writes N audit events (default 1,000,000) straight into the table with COPY, each carrying
   the chain hash ``audit_record`` would have given it, and points the chain's head at the last.
2. Times ``chain_verify()`` (what ``audit_verify`` runs) over all of them, and the peak memory
   of the process before and after, to show events are streamed (server-side cursor), not
   loaded. Exits non-zero if verifying takes a minute or more, or does not find the chain
   intact, or (a second pass) does not find one altered event.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rp_bench_audit")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
os.environ["DJANGO_SETTINGS_MODULE"] = "recovery_portal.test_settings"

LIMIT_SECONDS = 60.0


def setup_django() -> None:
    from reminders import ensure_database  # same helper as the outbox benchmark

    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def write_events(n: int) -> None:
    """``n`` events of one staff member viewing parts of 500 clients, chained, via COPY (the
    test settings allow the TRUNCATE that empties the trail first; production never does)."""
    import json

    from django.db import connection
    from django.utils import timezone

    from recovery_portal.accounts.models import User
    from recovery_portal.audit.chain import CHAINED_FIELDS, GENESIS, link_hash

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent, audit_auditchainhead RESTART IDENTITY")
        # The head is set once at the end, not moved by the trigger a million times.
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_chain_advance")
    user, _ = User.objects.get_or_create(
        email="bench@example.test", defaults={"full_name": "Bench"}
    )
    start = timezone.now() - timedelta(days=365)
    parts = ("profile", "intake", "screenings", "consents", "plan", "notes")
    columns = ", ".join((*CHAINED_FIELDS, "chain_hash"))
    previous = GENESIS
    raw = connection.connection
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for i in range(1, n + 1):
        values = _event(i, user=user, start=start, parts=parts)
        previous = link_hash(previous, values)
        row = [values[f] for f in CHAINED_FIELDS]
        row[0] = row[0].isoformat()
        row[-1] = json.dumps(row[-1])
        writer.writerow([*row, previous])
        if i % 100_000 == 0 or i == n:
            buffer.seek(0)
            with raw.cursor() as cursor:
                cursor.copy_expert(
                    f"COPY audit_auditevent ({columns}) FROM STDIN WITH (FORMAT csv)",
                    buffer,
                )
            if not raw.autocommit:
                raw.commit()
            buffer = io.StringIO()
            writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditchainhead (id, event_id, hash) "
            "SELECT 1, max(id), %s FROM audit_auditevent",
            [previous],
        )
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_chain_advance")
        cursor.execute("VACUUM ANALYZE audit_auditevent")


def _event(i: int, *, user, start, parts: tuple[str, ...]) -> dict:
    """The chained fields of the ``i``-th event: the staff member viewing a part of one of 500
    clients, 30 seconds after the one before."""
    return {
        "at": start + timedelta(seconds=i * 30),
        "actor_id": user.pk,
        "actor_label": user.email,
        "actor_role": "Case manager",
        "action": "client.record.view",
        "target_type": "clients.client",
        "target_id": str(i % 500 + 1),
        "target_label": f"Client {i % 500 + 1}",
        "client_id": i % 500 + 1,
        "ip": f"192.0.2.{i % 250 + 1}",
        "details": {"part": parts[i % len(parts)]},
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_verify() -> tuple[float, object]:
    from recovery_portal.audit.chain import chain_verify

    started = time.perf_counter()
    result = chain_verify()
    return time.perf_counter() - started, result


def alter_one(n: int) -> int:
    from django.db import connection

    event_id = n // 2
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute("UPDATE audit_auditevent SET target_id = 'x' WHERE id = %s", [event_id])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
    return event_id


def write_results(n: int, seconds: float, rss_before: float, rss_after: float, found: bool):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = f"""<!-- audit-results: written by bench/audit_verify.py -->
Run on {when}, PostgreSQL {version}, Python {sys.version.split()[0]}, {os.cpu_count()} CPU cores.

| | |
| --- | ---: |
| events verified | {n:,} |
| `chain_verify()`, what `audit_verify` runs (limit {LIMIT_SECONDS:.0f} s) | **{seconds:.1f} s** |
| events per second | {n / seconds:,.0f} |
| peak memory of the process before / after verifying | {rss_before:.0f} MB / {rss_after:.0f} MB |
| one altered event in the middle found | {"yes" if found else "NO"} |
<!-- /audit-results -->"""
    readme = Path(__file__).with_name("README.md")
    body = readme.read_text()
    body = re.sub(
        r"<!-- audit-results:.*?<!-- /audit-results -->", lambda _: text, body, flags=re.S
    )
    readme.write_text(body)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    setup_django()
    print(f"writing {args.events:,} chained events …", flush=True)
    write_events(args.events)
    rss_before = peak_rss_mb()
    seconds, result = time_verify()
    rss_after = peak_rss_mb()
    print(f"verified {result.checked:,} events in {seconds:.1f} s: {result.message or 'intact'}")
    altered = alter_one(args.events)
    _, tampered = time_verify()
    found = tampered.broken_at == altered
    print(write_results(args.events, seconds, rss_before, rss_after, found))
    intact = result.ok and result.checked == args.events
    return 0 if intact and seconds < LIMIT_SECONDS and found else 1


if __name__ == "__main__":
    sys.exit(main())
