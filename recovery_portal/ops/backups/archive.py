"""What is inside a backup file, once decrypted: a tar stream of

    database.pgdump  or  database.sqlite3    the database (pg_dump's custom format, or a copy)
    media/<path>                              each uploaded file under MEDIA_ROOT
    manifest.json                             last: what the rest is, with a SHA-256 of each

The manifest comes last because the checksums are taken while the members are written (one
read of each file). A reader trusts no name in the archive: ``safe_member_name`` refuses
absolute paths, ``..``, links and devices before anything is written anywhere.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tarfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from recovery_portal.ops.backups.crypto import BackupError

FORMAT = "recovery-portal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = ("database.pgdump", "database.sqlite3")
CHUNK = 1 << 20


class HashingReader:
    """Reads through a file, hashing what passes (tarfile reads members through it)."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def add_file(tar: tarfile.TarFile, name: str, path: Path) -> dict[str, object]:
    """Stream one file into the archive; its size and checksum as written."""
    with open(path, "rb") as stream:
        status = os.fstat(stream.fileno())
        info = tarfile.TarInfo(name)
        info.size = status.st_size
        info.mtime = status.st_mtime
        info.mode = stat.S_IMODE(status.st_mode) & 0o666
        reader = HashingReader(stream)
        try:
            tar.addfile(info, reader)
        except OSError as exc:
            raise BackupError(f"{name} changed while it was being backed up ({exc}); run again")
    return {"size": reader.size, "sha256": reader.sha256.hexdigest()}


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes, *, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = mtime
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Every regular file under MEDIA_ROOT as (posix path relative to it, path), sorted.
    Symbolic links are not followed: an upload is never a link."""
    if not root.is_dir():
        return
    for folder, folders, files in os.walk(root):
        folders.sort()
        for name in sorted(files):
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def safe_member_name(member: tarfile.TarInfo) -> str:
    """The member's name, if it is one a backup of ours can hold; refuses anything else."""
    name = member.name
    if not (member.isfile() or member.isdir()):
        raise BackupError(f"the backup holds {name!r}, which is not a plain file: refused")
    parts = PurePosixPath(name).parts
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(part in ("..", ".", "") for part in parts)
    ):
        raise BackupError(f"the backup holds an unsafe path {name!r}: refused")
    if member.isdir():
        if name.rstrip("/") != MEDIA_PREFIX.rstrip("/") and not name.startswith(MEDIA_PREFIX):
            raise BackupError(f"the backup holds an unexpected folder {name!r}: refused")
        return name
    if name in (MANIFEST, *DATABASE_MEMBERS):
        return name
    if name.startswith(MEDIA_PREFIX) and len(parts) > 1:
        return name
    raise BackupError(f"the backup holds an unexpected member {name!r}: refused")


def media_destination(root: Path, name: str) -> Path:
    """Where ``media/<path>`` goes under ``root``; checked again after resolving, in case."""
    relative = name[len(MEDIA_PREFIX) :]
    destination = (root / relative).resolve()
    if not destination.is_relative_to(root.resolve()):
        raise BackupError(f"the backup holds a path outside the media folder {name!r}: refused")
    return destination


def read_member(tar: tarfile.TarFile, member: tarfile.TarInfo) -> Iterator[bytes]:
    stream = tar.extractfile(member)
    if stream is None:
        return
    while chunk := stream.read(CHUNK):
        yield chunk


def manifest_bytes(manifest: dict) -> bytes:
    return json.dumps(manifest, indent=2, sort_keys=True).encode()


def parse_manifest(data: bytes) -> dict:
    try:
        manifest = json.loads(data)
    except ValueError:
        raise BackupError("the backup's manifest is not readable: refused")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("this is not a Recovery Portal backup: refused")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"this backup has format version {manifest.get('format_version')}, which this "
            "version of the portal does not read: install the version that made it"
        )
    return manifest
