from django.contrib import admin

from recovery_portal.audit.services import audit_record
from recovery_portal.ops.models import WorkerCheckIn


@admin.register(WorkerCheckIn)
class WorkerCheckInAdmin(admin.ModelAdmin):
    """The workers and beats the watchdog knows. Rows are written by the processes themselves;
    an administrator deletes the row of a worker retired on purpose, so the watchdog stops
    waiting for it (a running worker's row comes back at its next check-in)."""

    list_display = ("name", "kind", "started_at", "last_seen", "stopped_at")
    list_filter = ("kind",)
    readonly_fields = ("name", "kind", "started_at", "last_seen", "stopped_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # Deleting a row silences the watchdog for that process: on the audit trail, like every
    # other administrative act that changes what the portal watches.
    def delete_model(self, request, obj):
        _audit_forgotten(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        _audit_forgotten(request, list(queryset))
        super().delete_queryset(request, queryset)


def _audit_forgotten(request, rows) -> None:
    for row in rows:
        audit_record(
            actor=request.user,
            action="ops.checkin_forgotten",
            target=row,
            request=request,
            details={"name": row.name, "kind": row.kind},
        )
