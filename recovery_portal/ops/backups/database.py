"""The database's part of a backup: dump and restore, per engine, plus the facts the manifest
keeps (row counts, latest migrations) and the "is this database empty?" question.

PostgreSQL goes through ``pg_dump --format=custom`` and ``pg_restore``; the connection details
reach them as libpq environment variables (the password never appears on a command line). The
embedded mode's SQLite file is copied with SQLite's online backup API.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from recovery_portal.ops.backups.crypto import BackupError

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
DUMP_MEMBER = {POSTGRESQL: "database.pgdump", SQLITE: "database.sqlite3"}

# libpq's environment variables for the OPTIONS Django passes on (SSL and the like).
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMP_MEMBER:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    return vendor


def describe_target() -> str:
    """Where the database is, for messages (never the password)."""
    settings = connection.settings_dict
    if engine() == SQLITE:
        return f"the SQLite file {settings['NAME']}"
    host = settings.get("HOST") or "the local socket"
    return f"database {settings['NAME']!r} on {host}"


def table_counts() -> dict[str, int]:
    """Rows in every table (views left out), by table name, read in the current transaction."""
    with connection.cursor() as cursor:
        tables = sorted(
            info.name
            for info in connection.introspection.get_table_list(cursor)
            if info.type == "t"
        )
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def latest_migrations() -> dict[str, str]:
    """The newest applied migration of each app (names sort in order: 0001_…, 0002_…)."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def existing_tables(limit: int = 5) -> list[str]:
    """Some of the tables already in the target database (PostgreSQL: its public schema)."""
    if engine() == SQLITE:
        path = Path(connection.settings_dict["NAME"])
        if not path.exists() or path.stat().st_size == 0:
            return []
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name LIMIT ?",
                (limit,),
            ).fetchall()
        return [row[0] for row in rows]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') "
            "ORDER BY c.relkind = 'S', c.relname LIMIT %s",
            [limit],
        )
        return [row[0] for row in cursor.fetchall()]


# PostgreSQL ------------------------------------------------------------------------------------


def libpq_environment() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    for option, variable in _LIBPQ_OPTIONS.items():
        if settings.get("OPTIONS", {}).get(option):
            env[variable] = str(settings["OPTIONS"][option])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found. Install PostgreSQL's client tools in the version of the "
            "server or newer (Debian/Ubuntu: apt-get install postgresql-client)"
        )
    return path


def _tool_major_version(path: str) -> int:
    output = subprocess.run(  # noqa: S603
        [path, "--version"], capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if not match:
        raise BackupError(f"could not tell the version of {path} ({output.strip()!r})")
    return int(match.group(1))


def server_major_version() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def pg_dump(*, snapshot: str, target: Path) -> dict[str, object]:
    """Dump the database as of ``snapshot`` (an exported snapshot of the caller's open
    transaction, so the dump and the manifest's counts see the same rows)."""
    path = _tool("pg_dump")
    tool, server = _tool_major_version(path), server_major_version()
    if tool < server:
        raise BackupError(
            f"pg_dump is version {tool} but the server is version {server}: pg_dump must be "
            "the server's version or newer (install the newer postgresql-client)"
        )
    _run(
        [path, "--format=custom", f"--snapshot={snapshot}", "--no-password", f"--file={target}"],
        what="pg_dump",
    )
    return {"server_version": server, "pg_dump_version": tool}


def pg_restore(*, dump: Path) -> None:
    """Restore into the (empty) configured database in one transaction: all or nothing.
    ``--no-owner --no-acl``: the tables belong to the role that restores; grants are the
    organization's (scripts/db_roles.sql), not the old machine's."""
    path = _tool("pg_restore")
    _run(
        [
            path,
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        what="pg_restore",
    )


def _run(command: list[str], *, what: str) -> None:
    result = subprocess.run(  # noqa: S603
        command, env=libpq_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-3:]
        raise BackupError(f"{what} failed (exit {result.returncode}): " + " / ".join(detail))


# SQLite ----------------------------------------------------------------------------------------


def sqlite_copy(*, target: Path) -> None:
    """Copy the SQLite database with the online backup API: one step, under a read lock, so
    the copy is consistent even while the demo's web and worker processes write. (Not inside a
    transaction of the same connection: SQLite's backup then waits for itself for ever.)"""
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("a SQLite backup cannot be made inside a transaction")
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


@contextmanager
def sqlite_opened(path: Path) -> Iterator[None]:
    """Point the default connection at another SQLite file for a moment, so the manifest's
    counts and audit chain are read from the copy itself, by the same code as everywhere."""
    connection.close()
    configured = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = configured


def sqlite_install(*, copy: Path) -> None:
    """Put the restored file in place of the configured (empty or missing) SQLite file."""
    path = Path(connection.settings_dict["NAME"])
    connection.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.restoring")
    shutil.copyfile(copy, staged)
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    os.replace(staged, path)
