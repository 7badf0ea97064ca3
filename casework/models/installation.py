"""This portal installation's own identity: a random UUID made once (by the migration) and kept
in the database, so the ids the exports derive from it are stable within this portal, survive
a change of ``SECRET_KEY`` and a restore from backup, and differ from every other portal's
(docs/exports.md, "Ids")."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q


class Installation(models.Model):
    """The one row (pk 1) naming this installation."""

    namespace = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="one_installation_row")]

    def __str__(self) -> str:
        return f"installation {self.namespace}"


def installation_namespace() -> uuid.UUID:
    """The installation's UUID, made on first use if the migration's row is gone (a test that
    flushed the database)."""
    row, _ = Installation.objects.get_or_create(pk=1)
    return row.namespace
