"""The restore drill, as a test (README, "Backups and restoring"): the demo organization is
seeded into a scratch PostgreSQL database, backed up, the database dropped and made again
empty, the backup restored, and every table's row count, every uploaded file and the audit
chain must come back as they were. Around it: the ways a restore must refuse (a wrong key, a
damaged file, a database or media folder that is not empty, an archive that tries to write
outside MEDIA_ROOT) and keeping only the newest backups.

Everything runs as the administrator would: ``manage.py`` in subprocesses with the production
settings (``DEBUG`` off), against databases of their own (``rp_drill_<random>``, not pytest's
test database), dropped at the end.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg2
import pyrage
import pytest
from django.conf import settings
from psycopg2 import sql

ROOT = Path(__file__).resolve().parents[2]


def _server() -> dict:
    database = settings.DATABASES["default"]
    return {
        "host": database.get("HOST") or "127.0.0.1",
        "port": int(database.get("PORT") or 5432),
        "user": database.get("USER") or "postgres",
        "password": database.get("PASSWORD") or None,
    }


def _connect(dbname: str):
    connection = psycopg2.connect(dbname=dbname, **_server())
    connection.autocommit = True
    return connection


def new_key() -> str:
    return str(pyrage.x25519.Identity.generate())


class Scratch:
    """A database of its own (PostgreSQL, or a SQLite file), a MEDIA_ROOT and a VAR_DIR under
    ``folder``, and ``manage.py`` run against them with the production settings."""

    def __init__(self, folder: Path, *, key: str | None, sqlite: bool = False):
        self.folder = folder
        self.name = f"rp_drill_{uuid.uuid4().hex[:12]}"
        self.sqlite_file = folder / "portal.sqlite3" if sqlite else None
        self.media = folder / "media"
        self.key = key
        folder.mkdir(parents=True, exist_ok=True)

    # The database ---------------------------------------------------------------------------

    def create(self) -> Scratch:
        if not self.sqlite_file:
            admin = _connect("postgres")
            try:
                with admin.cursor() as cursor:
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
            finally:
                admin.close()
        return self

    def drop(self) -> None:
        if self.sqlite_file:
            self.sqlite_file.unlink(missing_ok=True)
            return
        admin = _connect("postgres")
        try:
            with admin.cursor() as cursor:
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(self.name)
                    )
                )
        finally:
            admin.close()

    def counts(self) -> dict[str, int]:
        """Rows in every table, counted here (not by the code under test)."""
        if self.sqlite_file:
            with sqlite3.connect(self.sqlite_file) as db:
                tables = [
                    row[0]
                    for row in db.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%'"
                    )
                ]
                return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        connection = _connect(self.name)
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                )
                tables = [row[0] for row in cursor.fetchall()]
                counts = {}
                for table in tables:
                    cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
                    counts[table] = cursor.fetchone()[0]
                return counts
        finally:
            connection.close()

    def query(self, statement: str):
        if self.sqlite_file:
            with sqlite3.connect(self.sqlite_file) as db:
                return db.execute(statement).fetchall()
        connection = _connect(self.name)
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
                return cursor.fetchall() if cursor.description else None
        finally:
            connection.close()

    # manage.py ------------------------------------------------------------------------------

    @property
    def database_url(self) -> str:
        if self.sqlite_file:
            return f"sqlite:///{self.sqlite_file}"
        server = _server()
        password = f":{server['password']}" if server["password"] else ""
        return (
            f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{self.name}"
        )

    def env(self, **overrides: str | None) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "BACKUP_", "TEST_", "PYTEST_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="recovery_portal.settings",
            DEBUG="false",
            SECRET_KEY="restore-drill-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            ALLOWED_HOSTS="localhost",
            DATABASE_URL=self.database_url,
            CELERY_BROKER_URL="memory://",
            CACHE_URL="locmemcache://restore-drill",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            MEDIA_ROOT=str(self.media),
            VAR_DIR=str(self.folder / "var"),
            BACKUP_DIR=str(self.folder / "backup-work"),
        )
        if self.key:
            env["BACKUP_ENCRYPTION_KEY"] = self.key
        for key, value in overrides.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def manage(
        self, *args: str, expect: int | None = 0, answer: str = "", **env
    ) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=300,
            input=answer,
        )
        if expect is not None:
            assert result.returncode == expect, (
                f"manage.py {' '.join(args)} exited {result.returncode}\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result


def media_contents(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


ADD_UPLOAD = """
import os
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
default_storage.save("consents/drill/large-scan.pdf", ContentFile(os.urandom(3 * 1024 * 1024)))
"""


# One xdist worker runs the whole module (--dist loadgroup): the seeded scratch database
# (``seeded``, module-scoped) is made once.
pytestmark = pytest.mark.xdist_group("backup_restore")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The demo organization in a scratch database, with its consent scans and one larger
    upload, and one backup of it. Counts and files are taken before the backup."""
    key = subprocess.run(
        [sys.executable, "manage.py", "backup", "--generate-key"],
        cwd=ROOT,
        env=Scratch(tmp_path_factory.mktemp("keygen"), key=None).env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[-1]
    source = Scratch(tmp_path_factory.mktemp("seeded"), key=key).create()
    try:
        source.manage("migrate", "--no-input", "-v", "0")
        source.manage("seed_demo", "--force")
        source.manage("shell", "-c", ADD_UPLOAD)
        before = {"counts": source.counts(), "media": media_contents(source.media)}
        output = source.folder / "backups"
        source.manage("backup", "--output", str(output))
        (backup,) = sorted(output.glob("recovery-portal-backup-*.tar.age"))
        yield source, backup, before
    finally:
        source.drop()


@pytest.fixture
def empty_target(tmp_path, seeded):
    """An empty database and media folder, with the seeded backup's key."""
    source, _, _ = seeded
    target = Scratch(tmp_path / "target", key=source.key).create()
    yield target
    target.drop()


def test_the_restore_drill_brings_back_every_row_every_file_and_an_intact_audit_trail(seeded):
    source, backup, before = seeded
    assert len(before["media"]) > 2, "the demo should have made consent scans"
    assert before["counts"]["audit_auditevent"] > 0
    assert oct(backup.stat().st_mode & 0o777) == "0o600"

    source.drop()
    source.create()
    shutil.rmtree(source.media)
    result = source.manage("restore", str(backup), "--no-input")

    assert "every check passed" in result.stdout
    assert "scripts/db_roles.sql" in result.stdout
    restored = source.counts()
    # Every table as it was, plus the restore's own audit event.
    assert restored == {
        **before["counts"],
        "audit_auditevent": before["counts"]["audit_auditevent"] + 1,
    }
    ((action, actor),) = source.query(
        "SELECT action, actor_id FROM audit_auditevent ORDER BY id DESC LIMIT 1"
    )
    assert (action, actor) == ("backup.restore", None)
    restored_media = media_contents(source.media)
    assert restored_media.keys() == before["media"].keys()
    for name, content in before["media"].items():
        assert restored_media[name] == content, name
    verified = source.manage("audit_verify")
    assert "Audit trail intact" in verified.stdout
    # The append-only triggers came back after the rows (pg_restore's post-data section).
    with pytest.raises(psycopg2.Error, match="append-only"):
        source.query("UPDATE audit_auditevent SET action = 'rewritten' WHERE id = 1")


def test_a_backup_records_an_audit_event_without_clinical_content(seeded, tmp_path):
    source, _, _ = seeded
    source.manage("backup", "--output", str(tmp_path / "out"))
    ((action, actor, target, client, details),) = source.query(
        "SELECT action, actor_id, target_type, client_id, details FROM audit_auditevent "
        "ORDER BY id DESC LIMIT 1"
    )
    assert (action, actor, target, client) == ("backup.create", None, "", None)
    assert set(details) == {"file", "bytes", "tables", "files", "audit_head"}


def test_a_backup_is_an_age_file_that_holds_the_dump_the_uploads_and_a_manifest(seeded):
    source, backup, before = seeded
    identity = pyrage.x25519.Identity.from_str(source.key)
    plain = pyrage.decrypt(backup.read_bytes(), [identity])
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[0] == "database.pgdump" and names[-1] == "manifest.json"
    assert {name.removeprefix("media/") for name in names[1:-1]} == before["media"].keys()
    assert manifest["database"]["engine"] == "postgresql"
    assert manifest["tables"] == before["counts"]
    assert manifest["audit"]["intact"] is True
    assert manifest["migrations"]["audit"] == "0003_chain"


def test_restoring_with_another_key_fails_and_changes_nothing(seeded, empty_target):
    _, backup, _ = seeded
    other_key = new_key()
    result = empty_target.manage(
        "restore", str(backup), "--no-input", expect=1, BACKUP_ENCRYPTION_KEY=other_key
    )
    assert "not made with this key" in result.stderr
    assert other_key not in result.stdout + result.stderr
    assert empty_target.counts() == {}
    assert media_contents(empty_target.media) == {}


def _truncated(data: bytes) -> bytes:
    return data[:-1000]


def _halved(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flipped(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


def _last_byte_flipped(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0x80])


def _extended(data: bytes) -> bytes:
    return data + b"\x00" * 4096


@pytest.mark.parametrize(
    "damage",
    [_truncated, _halved, _flipped, _last_byte_flipped, _extended],
    ids=lambda damage: damage.__name__.strip("_"),
)
def test_a_damaged_backup_is_refused_before_the_database_is_touched(seeded, empty_target, damage):
    _, backup, _ = seeded
    damaged = empty_target.folder / backup.name
    damaged.write_bytes(damage(backup.read_bytes()))

    result = empty_target.manage("restore", str(damaged), "--no-input", expect=1)

    assert "Restore failed" in result.stderr
    assert "cannot be trusted" in result.stderr
    assert empty_target.counts() == {}
    assert media_contents(empty_target.media) == {}
    check = empty_target.manage("restore", str(damaged), "--check", expect=1)
    assert "Restore failed" in check.stderr


def test_restore_asks_first_and_anything_but_yes_changes_nothing(seeded, empty_target):
    _, backup, _ = seeded
    result = empty_target.manage("restore", str(backup), expect=1, answer="no\n")

    assert "Verified: it decrypts" in result.stdout and "Type 'yes'" in result.stdout
    assert "cancelled" in result.stderr
    assert empty_target.counts() == {}
    assert media_contents(empty_target.media) == {}


def test_restoring_into_a_database_that_is_not_empty_is_refused(seeded, tmp_path):
    source, backup, _ = seeded
    counts = source.counts()
    target = Scratch(tmp_path / "busy", key=source.key)
    target.name = source.name  # the seeded database itself

    result = target.manage("restore", str(backup), "--no-input", expect=1)

    assert "is not empty" in result.stderr and "Nothing was changed" in result.stderr
    assert source.counts() == counts
    assert media_contents(target.media) == {}


def test_restoring_into_a_media_folder_with_files_is_refused(seeded, empty_target):
    _, backup, _ = seeded
    (empty_target.media / "consents").mkdir(parents=True)
    (empty_target.media / "consents" / "kept.pdf").write_bytes(b"someone's scan")

    result = empty_target.manage("restore", str(backup), "--no-input", expect=1)

    assert "MEDIA_ROOT" in result.stderr and "already holds files" in result.stderr
    assert empty_target.counts() == {}
    assert media_contents(empty_target.media) == {"consents/kept.pdf": b"someone's scan"}


def _encrypted_archive(key: str, members: list[tuple[tarfile.TarInfo, bytes]]) -> bytes:
    plain = io.BytesIO()
    with tarfile.open(fileobj=plain, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, content in members:
            tar.addfile(info, io.BytesIO(content) if info.isfile() else None)
    identity = pyrage.x25519.Identity.from_str(key)
    return pyrage.encrypt(plain.getvalue(), [identity.to_public()])


def _file(name: str, content: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    return info, content


def _link(name: str, target: str) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type = tarfile.SYMTYPE
    info.linkname = target
    return info, b""


@pytest.mark.parametrize(
    ("evil", "reason"),
    [
        (_file("media/../../escaped.txt", b"outside"), "unsafe path"),
        (_file("/tmp/escaped.txt", b"outside"), "unsafe path"),
        (_file("media/consents/../../../escaped.txt", b"outside"), "unsafe path"),
        (_link("media/consents/link.pdf", "/etc/passwd"), "not a plain file"),
        (_file("escaped.txt", b"not a member of ours"), "unexpected member"),
    ],
    ids=["dot-dot", "absolute", "dot-dot-deeper", "symlink", "unexpected-name"],
)
def test_an_archive_member_that_would_land_outside_media_root_is_refused(
    seeded, empty_target, evil, reason
):
    dump = b"not really a dump"
    manifest = {
        "format": "recovery-portal-backup",
        "format_version": 1,
        "created_at": "2026-01-01T00:00:00+00:00",
        "portal_version": "0.1.0",
        "database": {
            "engine": "postgresql",
            "member": "database.pgdump",
            "size": len(dump),
            "sha256": hashlib.sha256(dump).hexdigest(),
        },
        "migrations": {},
        "tables": {},
        "files": [
            {
                "path": evil[0].name.removeprefix("media/"),
                "size": len(evil[1]),
                "sha256": hashlib.sha256(evil[1]).hexdigest(),
            }
        ],
        "audit": {"intact": True, "events": 0, "head_id": None, "head_hash": "0" * 64},
    }
    crafted = empty_target.folder / "recovery-portal-backup-20260101T000000Z.tar.age"
    crafted.write_bytes(
        _encrypted_archive(
            empty_target.key,
            [
                _file("database.pgdump", dump),
                evil,
                _file("manifest.json", json.dumps(manifest).encode()),
            ],
        )
    )

    result = empty_target.manage("restore", str(crafted), "--no-input", expect=1)

    assert reason in result.stderr and "refused" in result.stderr
    assert not (empty_target.folder / "escaped.txt").exists()
    assert not Path("/tmp/escaped.txt").exists()
    assert media_contents(empty_target.media) == {}
    assert empty_target.counts() == {}


def test_only_the_newest_backups_are_kept_and_nothing_else_is_deleted(seeded, tmp_path):
    source, _, _ = seeded
    output = tmp_path / "backups"
    output.mkdir()
    old = [f"recovery-portal-backup-2020010{day}T020000Z.tar.age" for day in range(1, 6)]
    foreign = [
        "notes.txt",
        "recovery-portal-backup-20200101T020000Z.tar.age.copy",
        "recovery-portal-backup-latest.tar.age",
        "my-recovery-portal-backup-20200101T020000Z.tar.age",
    ]
    for name in old + foreign:
        (output / name).write_bytes(b"x")
    (output / "recovery-portal-backup-20190101T020000Z.tar.age").mkdir()

    result = source.manage("backup", "--output", str(output), BACKUP_KEEP="3")

    ours = sorted(p.name for p in output.glob("recovery-portal-backup-2*Z.tar.age"))
    assert len(ours) == 4  # the folder that looks like a backup is left alone
    assert ours[0] == "recovery-portal-backup-20190101T020000Z.tar.age"
    assert ours[1:3] == old[3:]  # the two newest old ones, then the new one
    for name in foreign:
        assert (output / name).exists(), name
    assert result.stdout.count("Removed an older backup") == 3
    assert not [p for p in output.iterdir() if p.name.startswith(".")]


def test_production_refuses_to_back_up_without_a_key(seeded, tmp_path):
    source, _, _ = seeded
    result = source.manage(
        "backup", "--output", str(tmp_path / "out"), expect=1, BACKUP_ENCRYPTION_KEY=None
    )
    assert "BACKUP_ENCRYPTION_KEY is not set" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_demo_without_a_key_uses_a_development_key_of_its_own(seeded, tmp_path):
    source, _, _ = seeded
    result = source.manage(
        "backup", "--output", str(tmp_path / "out"), BACKUP_ENCRYPTION_KEY=None, DEBUG="true"
    )
    key_file = source.folder / "var" / "backup-development.key"
    assert "development key" in result.stderr
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    (backup,) = (tmp_path / "out").glob("*.tar.age")
    checked = source.manage(
        "restore", str(backup), "--check", BACKUP_ENCRYPTION_KEY=None, DEBUG="true"
    )
    assert "every checksum matches" in checked.stdout
    key_file.unlink()


def test_production_refuses_to_restore_without_a_key(seeded, empty_target):
    _, backup, _ = seeded
    result = empty_target.manage(
        "restore", str(backup), "--no-input", expect=1, BACKUP_ENCRYPTION_KEY=None
    )
    assert "BACKUP_ENCRYPTION_KEY is not set" in result.stderr
    assert empty_target.counts() == {}


def test_a_missing_pg_dump_fails_cleanly_and_leaves_no_file(seeded, tmp_path):
    source, _, _ = seeded
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    output = tmp_path / "out"

    result = source.manage("backup", "--output", str(output), expect=1, PATH=str(empty_path))

    assert "pg_dump was not found" in result.stderr
    assert list(output.iterdir()) == []
    assert source.key not in result.stdout + result.stderr


SQLITE_DATA = """
import os
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from recovery_portal.audit.services import audit_record
from recovery_portal.accounts.models import User
with transaction.atomic():
    user = User.objects.create_user(email="drill@example.org", password="drill-password-1")
    audit_record(actor=user, action="drill.sqlite")
default_storage.save("consents/drill/scan.pdf", ContentFile(os.urandom(200_000)))
"""


def test_the_embedded_sqlite_mode_is_backed_up_and_restored_too(seeded, tmp_path):
    source = Scratch(tmp_path / "embedded", key=new_key(), sqlite=True)
    source.manage("migrate", "--no-input", "-v", "0")
    source.manage("shell", "-c", SQLITE_DATA)
    before = {"counts": source.counts(), "media": media_contents(source.media)}
    source.manage("backup", "--output", str(tmp_path / "out"))
    (backup,) = (tmp_path / "out").glob("*.tar.age")

    source.drop()
    shutil.rmtree(source.media)
    result = source.manage("restore", str(backup), "--no-input")

    assert "every check passed" in result.stdout
    assert source.counts() == {
        **before["counts"],
        "audit_auditevent": before["counts"]["audit_auditevent"] + 1,
    }
    assert media_contents(source.media) == before["media"]
    source.manage("audit_verify")

    # A SQLite backup does not go into PostgreSQL (nor the other way round).
    postgres = Scratch(tmp_path / "postgres", key=source.key).create()
    try:
        refused = postgres.manage("restore", str(backup), "--no-input", expect=1)
        assert "SQLite backup" in refused.stderr
        assert postgres.counts() == {}
    finally:
        postgres.drop()
    _, postgres_backup, _ = seeded
    empty = Scratch(tmp_path / "empty-sqlite", key=seeded[0].key, sqlite=True)
    refused = empty.manage("restore", str(postgres_backup), "--no-input", expect=1)
    assert "PostgreSQL backup" in refused.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BACKUP_ENCRYPTION_KEY", "AGE-SECRET-KEY-1-my-own-made-up-secret-not-a-key"),
        ("BACKUP_ENCRYPTION_KEY", "hunter2"),
        ("BACKUP_KEEP", "0"),
    ],
)
def test_a_bad_backup_setting_stops_start_up_without_repeating_it(tmp_path, name, value):
    result = Scratch(tmp_path, key=None).manage("check", expect=1, **{name: value})
    assert name in result.stderr
    if name == "BACKUP_ENCRYPTION_KEY":
        assert value not in result.stdout + result.stderr


def test_a_database_that_cannot_be_reached_fails_with_a_message_not_a_traceback(tmp_path):
    missing = Scratch(tmp_path, key=new_key())  # never created
    result = missing.manage("restore", str(tmp_path / "any.tar.age"), "--no-input", expect=1)
    assert "Restore failed: the database could not be used" in result.stderr
    assert "Traceback" not in result.stderr
    result = missing.manage("backup", "--output", str(tmp_path / "out"), expect=1)
    assert "Backup failed: the database could not be used" in result.stderr
    assert "Traceback" not in result.stderr
