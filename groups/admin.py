from django.contrib import admin
from django.db import models

from groups.models import PeerGroup, Schedule, Session


class ScheduleInline(admin.StackedInline):
    model = Schedule
    extra = 0
    can_delete = False


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin):
    """Groups are scheduled in the portal (Groups → New group); the admin is for looking up.
    Its form runs the model's rules too: a group for clients only cannot be listed publicly."""

    list_display = (
        "name",
        "kind",
        "audience",
        "is_public",
        "in_meeting_apps",
        "capacity",
        "is_active",
    )
    list_filter = ("kind", "audience", "is_public", "in_meeting_apps", "is_active")
    search_fields = ("name", "slug")
    readonly_fields = ("slug", "created_at", "updated_at")
    filter_horizontal = ("facilitators",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ScheduleInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("group", "starts_at", "status", "detached")
    list_filter = ("status",)
    date_hierarchy = "starts_at"
    readonly_fields = [f.name for f in Session._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
