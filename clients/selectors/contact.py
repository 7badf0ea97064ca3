"""A client's last contact, computed from every app's ``contact_sources`` (plugins.py).

Pages read the stored ``Client.last_contact_at``; this computation is what the services store
(``clients.services.contact.last_contact_refresh``) and what the tests compare it with.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import DateTimeField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, NullIf

from recovery_portal.plugins import contact_sources

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _column(queryset) -> str:
    query = queryset.query
    return next(iter(query.values_select or query.annotation_select))


def computed_last_contact(sources=None):
    """An expression: the latest moment of contact with the client (``OuterRef("pk")``) across
    every source (NULL: never). ``sources`` defaults to every app's ``contact_sources``."""
    latest = []
    for source in contact_sources() if sources is None else sources:
        moments = source(OuterRef("pk"))
        column = _column(moments)
        latest.append(Subquery(moments.order_by(f"-{column}").values(column)[:1]))
    if len(latest) == 1:
        return latest[0]
    # Greatest() is NULL on SQLite when any argument is: compare against a far past instead.
    epoch = Value(_EPOCH, output_field=DateTimeField())
    return NullIf(Greatest(*(Coalesce(each, epoch) for each in latest)), epoch)
