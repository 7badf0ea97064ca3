from django.contrib import admin

from .models import CaseAssignment, Client, ClientStatusChange, Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "location", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "location")


class CaseAssignmentInline(admin.TabularInline):
    model = CaseAssignment
    fk_name = "client"
    extra = 0
    fields = ("case_manager", "is_primary", "started_at", "ended_at", "reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # assignments are made in the portal, with their history


class StatusChangeInline(admin.TabularInline):
    model = ClientStatusChange
    extra = 0
    fields = ("at", "from_status", "to_status", "reason", "changed_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    """Administrators can look up a record (e.g. to link an account); casework is in the portal."""

    list_display = ("display_name", "status", "program", "created_at")
    list_filter = ("status", "program")
    search_fields = ("legal_first_name", "legal_last_name", "preferred_name", "email", "phone")
    readonly_fields = ("created_at", "created_by", "updated_at", "status")
    inlines = [CaseAssignmentInline, StatusChangeInline]
    list_select_related = ("program",)

    def has_delete_permission(self, request, obj=None):
        return False


from . import admin_consent  # noqa: E402, F401  (consents, disclosures, contacts, invitations)
