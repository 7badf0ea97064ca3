"""Only the resource directory is in the Django admin: administrators may correct entries and
categories. Plans, progress notes, appointments and referrals are clinical records and stay out
of it (minimum necessary: administrators see no clinical record); staff read and write them in
the portal, where every access is scoped and audited, and signed notes and plan versions cannot
be changed anywhere (database triggers)."""

from django.contrib import admin

from casework.models import Category, Organization, Resource


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "website", "email"]
    search_fields = ["name", "alternate_name"]
    readonly_fields = ["hsds_id"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "status", "city", "last_verified_on"]
    list_filter = ["status", "categories"]
    search_fields = ["name", "organization__name", "city"]
    list_select_related = ["organization"]
    readonly_fields = ["hsds_id", "created_at", "updated_at"]
    filter_horizontal = ["categories"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    readonly_fields = ["hsds_id"]
