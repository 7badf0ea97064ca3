from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """Who viewed, changed, exported or disclosed what, and when. Append-only.

    The database refuses UPDATE, DELETE and TRUNCATE on this table (migrations 0002, 0003), so
    not even a bulk ``QuerySet.update()``, ``manage.py flush`` or a bug can rewrite history;
    each event is chained to the one before by a hash (``chain.py``), so what gets past that is
    detected by ``manage.py audit_verify``. ``client_id`` is a plain number, not a foreign
    key: the audit app knows no domain app (docs/architecture.md §1).
    """

    # Set before the insert (not auto_now_add) because it is part of the chained hash.
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # people are deactivated, never deleted
        related_name="+",
    )
    # The actor as they were at that moment (names and roles change).
    actor_label = models.CharField(max_length=254, blank=True)
    actor_role = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    client_id = models.BigIntegerField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    chain_hash = models.CharField(max_length=64, default="", editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client_id", "-at"], name="audit_client_at")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or 'anonymous'} {self.action}"


class AuditChainHead(models.Model):
    """One row: the latest event of the chain. Writers lock it (``SELECT … FOR UPDATE``) so
    concurrent events are chained one after the other; a database trigger moves it on every
    insert (migration 0003); ``audit_verify`` compares the end of the chain with it, so removing
    the latest events is detected too."""

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON, editable=False)
    event_id = models.BigIntegerField(null=True, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"audit chain head: event {self.event_id}"
