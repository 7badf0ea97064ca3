from django.contrib import admin

from .models import WorkerCheckIn


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
