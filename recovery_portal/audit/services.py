"""The one way to write an audit event. Call it inside the transaction of the change it records,
so the change and its record commit or roll back together."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def client_ip(request) -> str | None:
    """The caller's address. Behind the reverse proxy, REMOTE_ADDR is the proxy itself; the
    proxy is trusted to set X-Forwarded-For, and its last entry is the one it appended."""
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor=None,
    action: str,
    target: models.Model | None = None,
    client_id: int | None = None,
    request=None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` to ``target`` (optionally about a client).

    ``details`` must not hold record contents: say *which* part was seen or changed, never the
    values themselves.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if client_id is None and target is not None:
        client_id = getattr(target, "audit_client_id", None)
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor.email if actor else "",
        actor_role=actor.role_label if actor else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        client_id=client_id,
        ip=client_ip(request),
        details=details or {},
    )
