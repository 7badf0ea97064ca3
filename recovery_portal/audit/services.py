"""The one way to write an audit event. Call it inside the transaction of the change it records,
so the change and its record commit or roll back together."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from recovery_portal.audit.chain import GENESIS, link_hash, stored_details
from recovery_portal.audit.models import AuditChainHead, AuditEvent
from recovery_portal.http import client_ip


def audit_label(target: models.Model) -> str:
    """How an event names its target: the model's own ``audit_label`` where it has one (a
    client: "client record 42"), otherwise its kind and number ("screening 42"). Never its
    ``str()``: that often carries a name or clinical content ("AUDIT-C 7 (…)", a contact's
    name), which must not outlive the record in the trail."""
    label = getattr(target, "audit_label", None)
    if label is None:
        label = f"{target._meta.verbose_name} {target.pk}"
    return str(label)[:200]


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

    Events outlive the records they are about (a client's record may be destroyed under the
    retention policy; its events stay, unchangeable), so they name people and objects by
    number, never by name or clinical content: the target by ``audit_label`` (below), the
    actor by ``User.audit_label`` (staff by e-mail, a client by record number). ``details``
    must not hold record contents either: say *which* part was seen or changed, what kind of
    action, which ids, never the values themselves (no answers, scores, reasons typed in words,
    descriptions, names).
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if client_id is None and target is not None:
        # A client's record names itself; the records a client owns name it through
        # ``ClientOwned`` (recovery_portal/audit/owned.py).
        client_id = getattr(target, "audit_client_id", None)
    event = AuditEvent(
        actor=actor,
        actor_label=actor.audit_label if actor else "",
        actor_role=actor.role_label if actor else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=audit_label(target) if target is not None else "",
        client_id=client_id,
        ip=client_ip(request),
        details=stored_details(details),
    )
    # savepoint=False: one query less per event inside a caller's transaction; a failed insert
    # fails the caller's transaction anyway, as its change must not commit unrecorded.
    with transaction.atomic(savepoint=False):
        event.chain_hash = link_hash(_locked_chain_head(), event)
        # A database trigger moves the chain's head to this event (migration 0003).
        event.save(force_insert=True)
    return event


def _locked_chain_head() -> str:
    """The hash of the latest event, with the head row locked until this transaction ends: a
    concurrent writer waits here instead of chaining to the same predecessor (chain.py)."""
    heads = AuditChainHead.objects.select_for_update().filter(pk=AuditChainHead.SINGLETON)
    head = heads.values_list("hash", flat=True).first()
    if head is None:  # a new database (or one a test emptied): make the row to lock
        row, _ = heads.get_or_create(pk=AuditChainHead.SINGLETON, defaults={"hash": GENESIS})
        head = row.hash
    return head
