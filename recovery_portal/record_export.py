"""Rows of a client's record as plain data, for a records request (the right of access): each
app declares the parts it keeps as ``record_export_parts`` on its AppConfig
(``recovery_portal/plugins.py``), each a loader ``(client) -> list[dict]`` usually written
with ``rows_of``; clients' export gathers them, so the copy a client asks for is the whole
record, whatever app keeps a part of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

# Never part of a copy: internal keys, token digests and chain hashes say nothing about the
# person and some are secrets.
SKIPPED = {"id", "client", "token_digest", "digest", "chain_hash", "nonce"}


def _plain(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | dict | str | int | float | bool) or value is None:
        return value
    return str(value)


def rows_of(
    queryset: QuerySet, *, skip: tuple[str, ...] = (), extra: Callable[[Any], dict] | None = None
) -> list[dict]:
    """Every row of ``queryset`` as ``{field's verbose name: plain value}``; choices by their
    label, related rows by their name. One query (relations are joined). ``extra(obj)`` adds
    columns of the caller's (e.g. the goals a note addresses, read beforehand)."""
    model = queryset.model
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED and f.name not in skip and not f.name.endswith("_digest")
    ]
    related = [f.name for f in fields if f.is_relation]
    rows = []
    for obj in queryset.select_related(*related):
        row = {}
        for field in fields:
            if field.choices:
                value = getattr(obj, f"get_{field.name}_display")()
            elif field.is_relation:
                target = getattr(obj, field.name)
                value = str(target) if target is not None else None
            else:
                value = getattr(obj, field.attname)
            row[str(field.verbose_name)] = _plain(value)
        if extra is not None:
            row.update({key: _plain(value) for key, value in extra(obj).items()})
        rows.append(row)
    return rows
