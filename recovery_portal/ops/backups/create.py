"""``manage.py backup``: the database and the uploaded files in one encrypted file.

1. PostgreSQL: open a read-only REPEATABLE READ transaction and export its snapshot, so the
   dump, the row counts and the audit chain's head all describe the same moment. SQLite: copy
   the file with the online backup API and read the counts and chain from the copy.
2. Dump the database into a private work folder next to the backups (``pg_dump --snapshot``),
   count every table's rows, verify the audit chain.
3. Stream into the encrypted file, under a temporary name with mode 0600: the dump, every file
   under MEDIA_ROOT, the manifest last (crypto.py, archive.py).
4. Read the whole file back and check it as a restore would (it decrypts, every checksum
   matches): a backup is only kept once it has been read.
5. Rename it into place, record an audit event (no clinical content), and delete the oldest of
   our own backups beyond ``BACKUP_KEEP``; files not named like ours are never touched.
"""

from __future__ import annotations

import os
import re
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from recovery_portal.audit.chain import chain_verify
from recovery_portal.audit.services import audit_record
from recovery_portal.ops.backups import database
from recovery_portal.ops.backups.archive import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
    add_bytes,
    add_file,
    manifest_bytes,
    media_files,
)
from recovery_portal.ops.backups.crypto import (
    BackupError,
    encrypting_writer,
    generate_key,
    identity_from_key,
)
from recovery_portal.ops.backups.restore import backup_verify

BACKUP_NAME = re.compile(r"^recovery-portal-backup-\d{8}T\d{6}Z\.tar\.age$")
DEVELOPMENT_KEY_FILE = "backup-development.key"


def backup_filename(at: datetime) -> str:
    return f"recovery-portal-backup-{at.astimezone(UTC):%Y%m%dT%H%M%SZ}.tar.age"


def configured_identity(*, create_development_key: bool = False) -> tuple[object, str | None]:
    """The key from ``BACKUP_ENCRYPTION_KEY``. Production (``DEBUG`` off) has no other; the
    demo (``DEBUG`` on) falls back to a key file under ``VAR_DIR``, made by the first backup
    (``create_development_key``). Returns the identity and a note to show when the fallback
    was used."""
    if settings.BACKUP_ENCRYPTION_KEY:
        return identity_from_key(settings.BACKUP_ENCRYPTION_KEY), None
    if not settings.DEBUG and not create_development_key:
        raise BackupError(
            "BACKUP_ENCRYPTION_KEY is not set: set it to the key the backup was made with"
        )
    if not settings.DEBUG:
        raise BackupError(
            "BACKUP_ENCRYPTION_KEY is not set, and backups are never written unencrypted. "
            "Make a key with `manage.py backup --generate-key`, keep a copy away from this "
            "machine, and set it (README, 'Backups and restoring')"
        )
    path = Path(settings.VAR_DIR) / DEVELOPMENT_KEY_FILE
    if not path.exists():
        if not create_development_key:
            raise BackupError(f"BACKUP_ENCRYPTION_KEY is not set and there is no {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(generate_key())
    lines = [line for line in path.read_text().splitlines() if line and not line.startswith("#")]
    note = f"No BACKUP_ENCRYPTION_KEY: using the development key in {path} (DEBUG only)."
    return identity_from_key(lines[-1] if lines else ""), note


def portal_version() -> str:
    try:
        return metadata.version("recovery-portal")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: dict
    pruned: list[Path] = field(default_factory=list)


def backup_create(*, identity, output_dir: Path | None = None, keep: int | None = None):
    """Write one backup into ``output_dir`` (``BACKUP_DIR``) and prune to ``keep``
    (``BACKUP_KEEP``). Steps in the module docstring."""
    output = Path(output_dir or settings.BACKUP_DIR).resolve()
    keep = settings.BACKUP_KEEP if keep is None else keep
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if output.is_relative_to(media_root):
        raise BackupError(
            f"the backup folder {output} is inside MEDIA_ROOT: choose a folder outside it"
        )
    vendor = database.engine()
    if transaction.get_connection().in_atomic_block:
        raise BackupError("a backup cannot be made inside another transaction")
    try:
        output.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise BackupError(f"cannot create the backup folder {output}: {exc.strerror}")
    created = datetime.now(UTC).replace(microsecond=0)
    final = output / backup_filename(created)
    if final.exists():
        raise BackupError(f"{final} already exists: wait a second and run again")
    partial = output / f".{final.name}.partial"

    with tempfile.TemporaryDirectory(prefix=".recovery-portal-work-", dir=output) as work:
        dump = Path(work) / database.DUMP_MEMBER[vendor]
        facts = _dump(vendor, dump)  # 1, 2
        try:
            manifest, files = _archive_write(  # 3
                partial, identity, created=created, vendor=vendor, dump=dump, facts=facts
            )
            backup_verify(partial, identity, expected=manifest)  # 4
            os.replace(partial, final)  # 5
            _fsync_folder(output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise

    size = final.stat().st_size
    with transaction.atomic():
        audit_record(
            action="backup.create",
            details={
                "file": final.name,
                "bytes": size,
                "tables": len(manifest["tables"]),
                "files": len(files),
                "audit_head": manifest["audit"]["head_hash"],
            },
        )
    return BackupResult(path=final, size=size, manifest=manifest, pruned=prune(output, keep))


def _archive_write(
    partial: Path, identity, *, created: datetime, vendor: str, dump: Path, facts: dict
) -> tuple[dict, list[dict]]:
    """Step 3: the encrypted archive at ``partial`` (created, never overwritten): the dump
    (deleted once in, the space is needed for the files), the uploaded files, and the
    manifest, synced to disk. Returns the manifest and the files' entries."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        with (
            encrypting_writer(out, identity) as plain,
            tarfile.open(fileobj=plain, mode="w|", format=tarfile.PAX_FORMAT) as tar,
        ):
            dumped = add_file(tar, database.DUMP_MEMBER[vendor], dump)
            dump.unlink()  # the space is needed for the files
            files = [
                {"path": relative, **add_file(tar, MEDIA_PREFIX + relative, path)}
                for relative, path in media_files(media_root)
            ]
            manifest = _manifest(created, vendor, facts, dumped, files)
            add_bytes(tar, MANIFEST, manifest_bytes(manifest), mtime=created.timestamp())
        out.flush()
        os.fsync(out.fileno())
    return manifest, files


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups in ``folder``. Only files whose names are
    exactly ours are considered (the UTC timestamp in the name sorts them)."""
    ours = sorted(
        path for path in folder.iterdir() if path.is_file() and BACKUP_NAME.match(path.name)
    )
    old = ours[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


def _dump(vendor: str, dump: Path) -> dict:
    if vendor == database.SQLITE:
        database.sqlite_copy(target=dump)
        with database.sqlite_opened(dump):
            return _facts(details={})
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        details = database.pg_dump(snapshot=snapshot, target=dump)
        return _facts(details=details)


def _facts(*, details: dict) -> dict:
    return {
        "database": details,
        "tables": database.table_counts(),
        "migrations": database.latest_migrations(),
        "chain": chain_verify(),
    }


def _manifest(created: datetime, vendor: str, facts: dict, dumped: dict, files: list) -> dict:
    chain = facts["chain"]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": created.isoformat(),
        "portal_version": portal_version(),
        "database": {
            "engine": vendor,
            "member": database.DUMP_MEMBER[vendor],
            **dumped,
            **facts["database"],
        },
        "migrations": facts["migrations"],
        "tables": facts["tables"],
        "files": files,
        "audit": {
            "intact": chain.ok,
            "events": chain.checked,
            "head_id": chain.last_id,
            "head_hash": chain.last_hash,
            "problem": chain.message,
        },
    }


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
