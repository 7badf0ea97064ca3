"""Benchmark of the directory import (issue 21, item 6). Not a test: run it by hand; it
rewrites the HSDS section of bench/README.md.

    .venv/bin/python bench/hsds_import.py          # DATABASE_URL defaults to …/rp_bench_hsds

Generates a file of 27,000 small valid services (tests/casework/hsds_generate.py: about 4 MB,
the size of the file that used to time a web worker out), stores it as an upload would, and
runs the import's task body (``directory_import_run``: decode, pre-scan, parse, schema check,
save in one transaction) in this process on an empty directory, timing each phase. Reports
rows per second.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rp_bench_hsds")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
os.environ["DJANGO_SETTINGS_MODULE"] = "recovery_portal.test_settings"


def setup_django() -> None:
    from reminders import ensure_database  # same helper as the outbox benchmark

    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def phases(text: str) -> dict[str, float]:
    """Each phase of the run alone, on the same text (no writes but the last)."""
    from casework.hsds_file import parse, prescan
    from casework.services.resource import directory_check

    timings = {}
    started = time.perf_counter()
    prescan(text)
    timings["pre-scan (depth, records, lines)"] = time.perf_counter() - started
    started = time.perf_counter()
    data = parse(text)
    timings["parse (json.loads, NaN refused)"] = time.perf_counter() - started
    started = time.perf_counter()
    directory_check(data)
    timings["HSDS schema check of every record"] = time.perf_counter() - started
    return timings


def run(count: int) -> tuple[float, int, int]:
    from django.core.files.base import ContentFile

    from casework.models import Category, DirectoryImport, Organization, Resource
    from casework.models.resource import categories_ensure
    from casework.services.directory_import import directory_import_run
    from recovery_portal.accounts.models import User
    from tests.casework.hsds_generate import generated

    Resource.objects.all().delete()
    Organization.objects.all().delete()
    Category.objects.exists() or categories_ensure()
    user, _ = User.objects.get_or_create(email="bench@example.test", defaults={"full_name": "B"})
    content = generated(count)
    job = DirectoryImport(created_by=user, file_name="bench.json", size=len(content))
    job.file.save("bench.json", ContentFile(content), save=False)
    job.save()
    started = time.perf_counter()
    state = directory_import_run(job_pk=job.pk)
    seconds = time.perf_counter() - started
    assert state == "done", DirectoryImport.objects.get(pk=job.pk).message
    return seconds, len(content), Resource.objects.count()


def write_results(count, seconds, size, timings, note) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows = "\n".join(f"| {name} | {value:.1f} s |" for name, value in timings.items())
    text = f"""<!-- hsds-results: written by bench/hsds_import.py -->
Run on {when}, PostgreSQL {version}, Python {sys.version.split()[0]}, {os.cpu_count()} CPU cores.
{note}

| | |
| --- | ---: |
| services imported (one file of {size / 1e6:.1f} MB, empty directory) | {count:,} |
| whole task (`directory_import_run`) | {seconds:.1f} s |
| **rows per second** | **{count / seconds:,.0f}** |
{rows}
<!-- /hsds-results -->"""
    readme = Path(__file__).with_name("README.md")
    body = readme.read_text()
    if "<!-- hsds-results:" not in body:
        body += "\n## Directory import (`hsds_import.py`)\n\n" + text + "\n"
    body = re.sub(r"<!-- hsds-results:.*?<!-- /hsds-results -->", lambda _: text, body, flags=re.S)
    readme.write_text(body)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=27_000)
    parser.add_argument("--note", default="", help="a line on the machine's load, kept")
    args = parser.parse_args()
    setup_django()
    from tests.casework.hsds_generate import generated

    timings = phases(generated(args.services).decode())
    print(timings, flush=True)
    seconds, size, count = run(args.services)
    timings["the whole task, for comparison: saving is the rest"] = seconds
    print(write_results(count, seconds, size, timings, args.note))
    return 0 if count == args.services else 1


if __name__ == "__main__":
    sys.exit(main())
