from django.contrib import admin

from recovery_portal.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail can be searched and filtered, never edited or deleted."""

    list_display = (
        "at",
        "actor_label",
        "actor_role",
        "action",
        "target_type",
        "target_id",
        "client_id",
        "ip",
    )
    list_filter = ("action", "actor_role", "target_type")
    search_fields = ("actor_label", "target_id", "target_label", "=client_id", "ip")
    date_hierarchy = "at"
    list_select_related = False
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
