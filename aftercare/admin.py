"""Administrators keep the follow-up templates and the on-call rota here. Client data
(plans, follow-ups, check-ins) is worked on in the portal, where scope and audit apply."""

from django.contrib import admin

from aftercare.models import FollowUpStep, FollowUpTemplate, OnCallShift


class FollowUpStepInline(admin.TabularInline):
    model = FollowUpStep
    extra = 0
    fields = (
        "label",
        "due_months",
        "due_days",
        "opens_months",
        "opens_days",
        "closes_months",
        "closes_days",
    )


@admin.register(FollowUpTemplate)
class FollowUpTemplateAdmin(admin.ModelAdmin):
    """Changes apply to plans started afterwards; existing follow-ups keep their dates."""

    list_display = ("name", "is_default")
    inlines = [FollowUpStepInline]


@admin.register(OnCallShift)
class OnCallShiftAdmin(admin.ModelAdmin):
    list_display = ("staff", "starts_at", "ends_at", "note")
    list_filter = ("staff",)
    date_hierarchy = "starts_at"
    autocomplete_fields = ("staff",)
