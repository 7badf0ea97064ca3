"""The backup file's encryption: the age format (age-encryption.org/v1), through pyrage.

Why age rather than something of our own: it is a small, reviewed, widely used standard with its
own command-line tool, so an organization can open a backup without the portal at all
(``age -d -i key.txt FILE > backup.tar``). It encrypts in 64 KiB chunks, each authenticated and
numbered, the last one flagged as last (the STREAM construction), so a file that was altered,
reordered or cut short does not decrypt.

The key (``BACKUP_ENCRYPTION_KEY``) is an age X25519 identity, ``AGE-SECRET-KEY-1…``, the line
``age-keygen`` (or ``manage.py backup --generate-key``) prints; files are encrypted to its public
half (``age1…``).

pyrage reads and writes Python file objects. The tar stream is written (or read) in this thread
while pyrage encrypts (or decrypts) in another, the two joined by an OS pipe: memory stays flat
whatever the size of the backup.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import BinaryIO

import pyrage


class BackupError(Exception):
    """A backup or restore stopped. The message says why, in words for the operator."""


def identity_from_key(key: str):
    try:
        return pyrage.x25519.Identity.from_str(key.strip())
    except Exception:
        # Never repeat the value: it is (or was meant to be) a secret.
        raise BackupError(
            "the backup key is not an age secret key (one line starting AGE-SECRET-KEY-1). "
            "Make one with: manage.py backup --generate-key"
        ) from None


def generate_key() -> str:
    """A new key in the layout of ``age-keygen``'s key file (usable with ``age -i``)."""
    identity = pyrage.x25519.Identity.generate()
    return (
        f"# created: {datetime.now(UTC).isoformat(timespec='seconds')}\n"
        f"# public key: {identity.to_public()}\n"
        f"{identity}\n"
    )


class _Worker(threading.Thread):
    def __init__(self, target):
        super().__init__(daemon=True)
        self._target_call = target
        self.error: BaseException | None = None

    def run(self):
        try:
            self._target_call()
        except BaseException as exc:  # reported by the caller, in its own words
            self.error = exc


@contextmanager
def encrypting_writer(out: BinaryIO, identity) -> Iterator[BinaryIO]:
    """A file to write the plain stream to; it is encrypted into ``out`` as it comes.

    Raises ``BackupError`` when encryption failed. pyrage's very last write cannot report a
    failure (a full disk): callers read the finished file back (``restore.backup_verify``).
    """
    read_fd, write_fd = os.pipe()
    reader = os.fdopen(read_fd, "rb")
    writer = os.fdopen(write_fd, "wb")

    def encrypt():
        try:
            pyrage.encrypt_io(reader, out, [identity.to_public()])
        finally:
            reader.close()  # a writer still writing gets a broken pipe instead of waiting

    worker = _Worker(encrypt)
    worker.start()
    failure: BaseException | None = None
    try:
        yield writer
    except BaseException as exc:
        failure = exc
    finally:
        with suppress(BrokenPipeError):
            writer.close()  # the end of the plain stream: the worker writes the last chunk
        worker.join()
    if worker.error is not None:
        raise BackupError(f"encrypting the backup failed: {worker.error}") from None
    if failure is not None:
        raise failure


@contextmanager
def decrypting_reader(source: BinaryIO, identity) -> Iterator[BinaryIO]:
    """A file to read the plain stream from, decrypted from ``source`` as it is read.

    The caller must read to the end (``drain``): only the last chunk proves the file was not cut
    short. Raises ``BackupError`` when the key does not fit or the file was damaged or changed,
    whatever the caller's own reading raised (the decryption's reason is the true one).
    """
    read_fd, write_fd = os.pipe()
    reader = os.fdopen(read_fd, "rb")
    writer = os.fdopen(write_fd, "wb")

    def decrypt():
        try:
            pyrage.decrypt_io(source, writer, [identity])
        finally:
            with suppress(BrokenPipeError):
                writer.close()

    worker = _Worker(decrypt)
    worker.start()
    failure: BaseException | None = None
    try:
        yield reader
    except BaseException as exc:
        failure = exc
    finally:
        reader.close()  # a worker still writing gets a broken pipe and stops
        worker.join()
    if worker.error is not None and not (failure is not None and _broken_pipe(worker.error)):
        raise BackupError(_decryption_message(worker.error)) from None
    if failure is not None:
        raise failure


def drain(stream: BinaryIO) -> int:
    """Read ``stream`` to its end; the number of bytes that were not zero (tar's padding)."""
    stray = 0
    while chunk := stream.read(1 << 16):
        stray += len(chunk) - chunk.count(0)
    return stray


def _broken_pipe(error: BaseException) -> bool:
    # The reader stopped early on purpose (it refused the archive): not the file's fault.
    return isinstance(error, BrokenPipeError) or "Broken pipe" in str(error)


def _decryption_message(error: BaseException) -> str:
    text = str(error)
    if "No matching keys" in text:
        return (
            "this backup was not made with this key (BACKUP_ENCRYPTION_KEY): "
            "nothing was changed. Use the key that was set when the backup was made"
        )
    if "Header MAC" in text or "header" in text.lower():
        return "the backup file's header is damaged or was changed: it cannot be trusted"
    return (
        "the backup file is damaged, cut short or was changed after it was made "
        f"({text}): it cannot be trusted"
    )
