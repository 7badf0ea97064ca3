"""``manage.py restore``: a backup back into an empty database and an empty media folder.

1. Refuse a target that is not empty: a database with any table (PostgreSQL: in its public
   schema), or a MEDIA_ROOT holding any file. Nothing is ever overwritten.
2. Verify the whole file before anything is written (``backup_verify``): it decrypts with this
   key to its authenticated end, every member's name is safe, every checksum matches the
   manifest, the manifest's engine is this database's and its migrations are known here.
3. Ask (unless ``--no-input``).
4. Decrypt again, writing the dump to a private work folder and the files into MEDIA_ROOT,
   checking each checksum again; then ``pg_restore --no-owner --no-acl --single-transaction``
   (all or nothing; the audit trail's triggers are created after its rows are loaded, so the
   rows go in as they were and the chain's head comes back with them), or the SQLite file is
   put in place. If anything fails here, the files written are removed again.
5. Check the row count of every table against the manifest and verify the audit chain, which
   must end where it ended when the backup was made.
6. Record an audit event (no clinical content) and return the report.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.migrations.loader import MigrationLoader

from recovery_portal.audit.chain import chain_verify
from recovery_portal.audit.services import audit_record
from recovery_portal.ops.backups import database
from recovery_portal.ops.backups.archive import (
    MANIFEST,
    MEDIA_PREFIX,
    media_destination,
    media_files,
    parse_manifest,
    read_member,
    safe_member_name,
)
from recovery_portal.ops.backups.crypto import BackupError, decrypting_reader, drain

MANIFEST_LIMIT = 256 << 20


@dataclass
class RestoreReport:
    manifest: dict
    target: str
    files: int = 0
    mismatched_tables: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    audit_ok: bool = False
    audit_message: str = ""
    audit_events: int = 0
    audit_head: str = ""

    @property
    def ok(self) -> bool:
        return self.audit_ok and not self.mismatched_tables


def backup_verify(path: Path, identity, *, expected: dict | None = None) -> dict:
    """Decrypt ``path`` to its end and check every member against the manifest, writing
    nothing; the manifest. ``expected``: the manifest it must hold (a backup just written)."""
    manifest, _ = _read(path, identity, on_member=None)
    if expected is not None and manifest != expected:
        raise BackupError("the backup just written does not read back as written")
    return manifest


def backup_check_target() -> None:
    """Step 1: refuse unless the database and MEDIA_ROOT are empty."""
    tables = database.existing_tables()
    if tables:
        raise BackupError(
            f"{database.describe_target()} is not empty: it already has tables "
            f"({', '.join(tables)}…). Restore only into an empty database: create a new one "
            "(createdb) or drop and re-create this one. Nothing was changed"
        )
    root = Path(settings.MEDIA_ROOT)
    if next(iter(media_files(root)), None) is not None:
        raise BackupError(
            f"MEDIA_ROOT ({root}) already holds files. Restore into an empty folder (move "
            "these away first). Nothing was changed"
        )


def backup_check_compatible(manifest: dict) -> None:
    """Step 2's last part: the same engine, and no migration this code does not know."""
    vendor = database.engine()
    made_on = manifest["database"]["engine"]
    if made_on != vendor:
        names = {database.POSTGRESQL: "PostgreSQL", database.SQLITE: "SQLite"}
        raise BackupError(
            f"this is a {names.get(made_on, made_on)} backup and the configured database is "
            f"{names[vendor]}: restore it into a {names.get(made_on, made_on)} database "
            "(set DATABASE_URL). Nothing was changed"
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            f"this backup was made by a newer version of the portal "
            f"({manifest.get('portal_version')}; migrations {', '.join(unknown[:3])} are not "
            "in this one): install that version or newer first. Nothing was changed"
        )


def backup_restore(
    path: Path, identity, *, confirm: Callable[[dict], bool] = lambda manifest: True
) -> RestoreReport:
    """Steps 1–6 of the module docstring."""
    backup_check_target()  # 1
    manifest = backup_verify(path, identity)  # 2
    backup_check_compatible(manifest)
    if not confirm(manifest):  # 3
        raise BackupError("restore cancelled: nothing was changed")

    backup_folder = Path(settings.BACKUP_DIR)
    backup_folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    media_root = Path(settings.MEDIA_ROOT)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix=".recovery-portal-work-", dir=backup_folder) as work:
        dump = Path(work) / manifest["database"]["member"]
        try:  # 4
            _read(
                path,
                identity,
                on_member=lambda name, member, tar: _extract(
                    name, member, tar, work=Path(work), media_root=media_root, written=written
                ),
                expected=manifest,
            )
            if database.engine() == database.POSTGRESQL:
                database.pg_restore(dump=dump)
            else:
                database.sqlite_install(copy=dump)
        except BaseException:
            for file in written:
                file.unlink(missing_ok=True)
            raise

    report = RestoreReport(manifest=manifest, target=database.describe_target())  # 5
    report.files = len(written)
    counts = database.table_counts()
    for table, count in manifest["tables"].items():
        if counts.get(table) != count:
            report.mismatched_tables[table] = (count, counts.get(table))
    for table in counts.keys() - manifest["tables"].keys():
        report.mismatched_tables[table] = (0, counts[table])
    chain = chain_verify()
    report.audit_events, report.audit_head = chain.checked, chain.last_hash
    report.audit_ok = chain.ok and chain.last_hash == manifest["audit"]["head_hash"]
    report.audit_message = chain.message or (
        "" if report.audit_ok else "the restored trail does not end where the backup's did"
    )
    with transaction.atomic():  # 6
        audit_record(
            action="backup.restore",
            details={
                "file": path.name,
                "backup_created_at": manifest["created_at"],
                "tables": len(counts),
                "files": report.files,
                "checks_passed": report.ok,
            },
        )
    return report


def _read(path: Path, identity, *, on_member, expected: dict | None = None):
    """Decrypt ``path`` and walk its members; each plain file is passed to ``on_member`` (or
    just hashed). Checks names, the manifest and every checksum; the manifest."""
    seen: dict[str, tuple[int, str]] = {}
    manifest_data = None
    try:
        with open(path, "rb") as source, decrypting_reader(source, identity) as plain:
            try:
                with tarfile.open(fileobj=plain, mode="r|") as tar:
                    for member in tar:
                        name = safe_member_name(member)
                        if member.isdir():
                            continue
                        if name in seen or manifest_data is not None:
                            raise BackupError(f"the backup holds {name!r} twice or out of place")
                        if name == MANIFEST:
                            if member.size > MANIFEST_LIMIT:
                                raise BackupError("the backup's manifest is too large: refused")
                            manifest_data = tar.extractfile(member).read()
                            continue
                        if on_member is None:
                            seen[name] = _hash(read_member(tar, member))
                        else:
                            seen[name] = on_member(name, member, tar)
                stray = drain(plain)
            except tarfile.TarError as exc:
                raise BackupError(f"the backup's contents are not a readable archive ({exc})")
    except FileNotFoundError:
        raise BackupError(f"there is no file {path}")
    except IsADirectoryError:
        raise BackupError(f"{path} is a folder, not a backup file")
    if stray:
        raise BackupError("the backup has data after its end: refused")
    if manifest_data is None:
        raise BackupError("the backup has no manifest (was it cut short?): refused")
    manifest = parse_manifest(manifest_data)
    if expected is not None and manifest != expected:
        raise BackupError("the backup file changed since it was verified: refused")
    _compare(manifest, seen)
    return manifest, seen


def _compare(manifest: dict, seen: dict[str, tuple[int, str]]) -> None:
    database_entry = manifest["database"]
    listed = {database_entry["member"]: (database_entry["size"], database_entry["sha256"])}
    for entry in manifest["files"]:
        listed[MEDIA_PREFIX + entry["path"]] = (entry["size"], entry["sha256"])
    if listed == seen:
        return
    missing = sorted(listed.keys() - seen.keys())
    extra = sorted(seen.keys() - listed.keys())
    changed = sorted(name for name in listed.keys() & seen.keys() if listed[name] != seen[name])
    problems = []
    if missing:
        problems.append(f"missing {', '.join(missing[:3])}")
    if extra:
        problems.append(f"not in the manifest: {', '.join(extra[:3])}")
    if changed:
        problems.append(f"checksum differs: {', '.join(changed[:3])}")
    raise BackupError(f"the backup does not match its manifest ({'; '.join(problems)}): refused")


def _hash(chunks) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _extract(name, member, tar, *, work: Path, media_root: Path, written: list[Path]):
    if name.startswith(MEDIA_PREFIX):
        destination = media_destination(media_root, name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        mode = (member.mode & 0o666) | 0o600
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            descriptor = os.open(destination, flags, mode)
        except FileExistsError:
            raise BackupError(f"{destination} already exists: refused to overwrite it")
        written.append(destination)
        with os.fdopen(descriptor, "wb") as out:
            result = _copy(read_member(tar, member), out)
        os.utime(destination, (member.mtime, member.mtime))
        return result
    descriptor = os.open(work / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        return _copy(read_member(tar, member), out)


def _copy(chunks, out) -> tuple[int, str]:
    def passing():
        for chunk in chunks:
            out.write(chunk)
            yield chunk

    return _hash(passing())
