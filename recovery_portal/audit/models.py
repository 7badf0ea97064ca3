from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who viewed, changed, exported or disclosed what, and when. Append-only.

    The database refuses UPDATE and DELETE on this table (see migration 0002), so not even a
    bulk ``QuerySet.update()`` or a bug can rewrite history. ``client_id`` is a plain number,
    not a foreign key: the audit app knows no domain app (DESIGN.md §2).
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
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

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client_id", "-at"], name="audit_client_at")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or 'anonymous'} {self.action}"
