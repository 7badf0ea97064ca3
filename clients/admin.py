"""Admin pages of client records. Records are made and changed in the portal, with their
history and audit events: here administrators look things up (e.g. to link an account);
consents, disclosures, support contacts and invitations are read-only."""

from django.contrib import admin

from .models import (
    CaseAssignment,
    Client,
    ClientStatusChange,
    Consent,
    Disclosure,
    PortalInvitation,
    Program,
    SupportContact,
)


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


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("client", "recipient_name", "purpose", "signed_at", "revoked_at", "expires_on")
    list_filter = ("purpose", "signature_method")
    search_fields = ("client__legal_last_name", "recipient_name")
    list_select_related = ("client",)
    exclude = ("scan",)  # scans are opened through the portal's scoped view only


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    list_display = ("client", "recipient_name", "disclosed_at", "channel", "disclosed_by")
    list_filter = ("channel",)
    list_select_related = ("client", "disclosed_by")


@admin.register(SupportContact)
class SupportContactAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "client", "may_contact", "removed_at")
    list_filter = ("kind", "may_contact")
    list_select_related = ("client",)


@admin.register(PortalInvitation)
class PortalInvitationAdmin(ReadOnlyAdmin):
    list_display = ("client", "email", "created_at", "expires_at", "accepted_at", "withdrawn_at")
    exclude = ("token_hash",)
    list_select_related = ("client",)
