"""Administrators keep the follow-up templates, the exclusion reasons and the on-call rota
here. Client data (plans, follow-ups, check-ins) is worked on in the portal, where scope and
audit apply."""

from django.contrib import admin

from aftercare.models import ExclusionReason, FollowUpStep, FollowUpTemplate, OnCallShift


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
        "is_reported",
    )


@admin.register(FollowUpTemplate)
class FollowUpTemplateAdmin(admin.ModelAdmin):
    """Changes apply to plans started afterwards; existing follow-ups keep their dates."""

    list_display = ("name", "counts_from", "is_default")
    inlines = [FollowUpStepInline]


@admin.register(ExclusionReason)
class ExclusionReasonAdmin(admin.ModelAdmin):
    """Mark a reason excludable only where the funder allows it (SAMHSA's GPRA: a death)."""

    list_display = ("label", "code", "excludable")
    list_editable = ("excludable",)


@admin.register(OnCallShift)
class OnCallShiftAdmin(admin.ModelAdmin):
    list_display = ("staff", "starts_at", "ends_at", "note")
    list_filter = ("staff",)
    date_hierarchy = "starts_at"
    autocomplete_fields = ("staff",)
