from django.contrib import admin, messages
from django.utils import timezone

from recovery_portal.notifications.models import (
    CustomReminder,
    InboundText,
    Preference,
    Reminder,
    ReminderState,
)
from recovery_portal.notifications.services import (
    custom_reminder_cancel,
    custom_reminder_create,
    custom_reminder_move,
    reminders_retry,
)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The outbox. Rows are written by services and the dispatcher only; admins read them and
    may retry failed ones."""

    list_display = (
        "pk",
        "recipient",
        "kind",
        "channel",
        "send_at",
        "due_at",
        "state",
        "attempts",
        "sent_at",
        "delivery_status",
        "last_error",
    )
    list_filter = ("state", "kind", "channel", "delivery_status")
    search_fields = ("recipient__email", "recipient__full_name")
    list_select_related = ("recipient",)
    date_hierarchy = "send_at"
    actions = ["retry_failed"]
    readonly_fields = [f.name for f in Reminder._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Retry the selected failed reminders now", permissions=["change"])
    def retry_failed(self, request, queryset):
        failed = list(queryset.filter(state=ReminderState.FAILED))
        n = reminders_retry(reminders=failed, actor=request.user, request=request)
        self.message_user(
            request, f"{n} failed reminder(s) will be sent again shortly.", messages.SUCCESS
        )


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email_enabled", "sms_enabled", "discreet", "quiet_start", "quiet_end")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    readonly_fields = ("user", "updated_at")

    def has_add_permission(self, request):
        return False


@admin.register(CustomReminder)
class CustomReminderAdmin(admin.ModelAdmin):
    list_display = ("recipient", "at", "remind_at", "cancelled_at", "author")
    search_fields = ("recipient__email",)
    list_select_related = ("recipient", "author")
    autocomplete_fields = ("recipient",)
    readonly_fields = ("author", "cancelled_at", "created_at")
    actions = ["cancel"]

    @admin.action(description="Cancel the selected reminders", permissions=["change"])
    def cancel(self, request, queryset):
        for custom in queryset.filter(cancelled_at__isnull=True):
            custom_reminder_cancel(custom=custom, actor=request.user, request=request)
        self.message_user(
            request, "Cancelled; nothing more will be sent for them.", messages.SUCCESS
        )

    def save_model(self, request, obj, form, change):
        # Through the services, so the outbox rows are written in the same transaction.
        if change:
            custom_reminder_move(
                custom=obj,
                at=obj.at,
                remind_at=obj.remind_at,
                note=obj.note,
                actor=request.user,
                request=request,
            )
        else:
            created = custom_reminder_create(
                author=request.user,
                recipient=obj.recipient,
                at=obj.at,
                remind_at=obj.remind_at or timezone.now(),
                note=obj.note,
                request=request,
            )
            obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InboundText)
class UnmatchedTextAdmin(admin.ModelAdmin):
    """Texts from numbers of no active client, kept SMS_UNMATCHED_KEEP_DAYS for administrators
    (a wrong number, a former client, someone asking about the service). Texts from clients are
    not listed here: their case managers read them, scoped to their caseload."""

    list_display = ("pk", "received_at", "from_number", "outcome", "body")
    list_filter = ("outcome",)
    date_hierarchy = "received_at"
    readonly_fields = [f.name for f in InboundText._meta.fields if f.name != "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(sender__isnull=True)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
