"""The hash chain that makes the audit trail tamper-evident.

Each event stores ``chain_hash = SHA-256(previous event's chain_hash + canonical JSON of its own
fields)``; the first event follows ``GENESIS``. One row, ``AuditChainHead``, holds the hash and id
of the latest event. So:

- an altered event no longer matches its own hash;
- a removed event breaks the link of the one after it;
- a forged event (inserted by hand) does not carry the right hash;
- removing the latest events leaves the head pointing at an event that is gone.

Writers take the head row ``FOR UPDATE`` (see ``services.audit_record``), so two transactions
never chain to the same predecessor: the second waits until the first commits or rolls back.
On SQLite there is one writer at a time anyway.

The database refuses UPDATE, DELETE and TRUNCATE (migrations 0002 and 0003); the chain catches
what gets past that (someone with the table owner's rights disabling the triggers).
``manage.py audit_verify`` checks the whole chain, streaming events in id order.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

# The fields that are chained, in this order. Adding one means a new chain version.
CHAINED_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "actor_role",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "client_id",
    "ip",
    "details",
)


def _canonical_at(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


@functools.lru_cache(maxsize=4096)
def _canonical_ip(value: str | None) -> str | None:
    # PostgreSQL's inet may print an address differently from how it was given.
    return str(ipaddress.ip_address(value)) if value else None


def _number(text: str) -> int | float:
    # PostgreSQL's jsonb keeps numbers as decimals and prints 1e16 as 10000000000000000, which
    # reads back as an int: store a whole float as that int in the first place.
    value = float(text)
    return int(value) if value.is_integer() else value


def stored_details(details: dict[str, Any] | None) -> dict[str, Any]:
    """``details`` as they come back from the database (a JSON round trip: integer keys become
    strings, tuples lists, whole floats ints), so the hash made before the insert matches the
    stored event. ``audit_record`` stores this form."""
    return json.loads(json.dumps(details or {}, allow_nan=False), parse_float=_number)


def canonical_fields(values: dict[str, Any]) -> bytes:
    """The event's chained fields as canonical JSON (sorted keys, no spaces, UTF-8).
    ``details`` must be as stored (``stored_details``)."""
    document = {
        "at": _canonical_at(values["at"]),
        "actor_id": values["actor_id"],
        "actor_label": values["actor_label"],
        "actor_role": values["actor_role"],
        "action": values["action"],
        "target_type": values["target_type"],
        "target_id": values["target_id"],
        "target_label": values["target_label"],
        "client_id": values["client_id"],
        "ip": _canonical_ip(values["ip"]),
        "details": values["details"],
    }
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def link_hash(previous: str, event) -> str:
    """The chain hash of ``event`` (a model instance or a dict of ``CHAINED_FIELDS``)."""
    values = event if isinstance(event, dict) else {f: getattr(event, f) for f in CHAINED_FIELDS}
    return hashlib.sha256(previous.encode() + canonical_fields(values)).hexdigest()


@dataclass
class VerifyResult:
    checked: int = 0
    broken_at: int | None = None
    message: str = ""
    last_hash: str = GENESIS
    last_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.message


def verify_rows(rows: Iterable[tuple], head: tuple[int | None, str] | None) -> VerifyResult:
    """Check ``rows`` (``(id, chain_hash, *CHAINED_FIELDS)`` in id order) against each other
    and against the head ``(event id, hash)``; stop at the first broken link."""
    result = VerifyResult()
    previous = GENESIS
    for row in rows:
        event_id, stored = row[0], row[1]
        expected = link_hash(previous, dict(zip(CHAINED_FIELDS, row[2:], strict=True)))
        if stored != expected:
            result.broken_at = event_id
            result.message = (
                f"event {event_id} does not match the chain: it was altered or forged, "
                "or an event before it was removed"
            )
            return result
        previous = stored
        result.checked += 1
        result.last_id = event_id
    result.last_hash = previous
    head_id, head_hash = head or (None, GENESIS)
    if (head_id, head_hash) != (result.last_id, previous):
        result.message = (
            f"the chain ends at event {result.last_id} but the latest event recorded was "
            f"{head_id}: events at the end were removed or added outside the portal"
        )
    return result


def _postgres_rows(connection, chunk_size: int):
    # A server-side cursor straight from the driver: three times faster than the ORM's
    # iterator for a million rows, and memory stays flat.
    columns = ", ".join(("id", "chain_hash", *CHAINED_FIELDS))
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM audit_auditevent ORDER BY id")  # noqa: S608
        while rows := cursor.fetchmany(chunk_size):
            for row in rows:
                details = row[-1]
                yield (*row[:-1], json.loads(details) if isinstance(details, str) else details)


def chain_verify(*, chunk_size: int = 5000) -> VerifyResult:
    """Verify the whole trail, streaming events in id order (a server-side cursor on
    PostgreSQL), so memory does not grow with the trail."""
    from django.db import connection

    from recovery_portal.audit.models import AuditChainHead, AuditEvent

    head = AuditChainHead.objects.filter(pk=AuditChainHead.SINGLETON).values_list(
        "event_id", "hash"
    )
    if connection.vendor == "postgresql":
        rows = _postgres_rows(connection, chunk_size)
    else:
        rows = (
            AuditEvent.objects.order_by("pk")
            .values_list("pk", "chain_hash", *CHAINED_FIELDS)
            .iterator(chunk_size=chunk_size)
        )
    return verify_rows(rows, head.first())
