"""Admin pages for consents, disclosures, support contacts and invitations: read-only. These
records are made in the portal (with their audit events), never edited or deleted here."""

from django.contrib import admin

from .models import Consent, Disclosure, PortalInvitation, SupportContact


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
