from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "recovery_portal.notifications"
    label = "notifications"
    verbose_name = "Reminders and notifications"
