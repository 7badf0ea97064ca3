from django.apps import AppConfig

from recovery_portal.plugins import Audience, NavLink


class NotificationsConfig(AppConfig):
    name = "recovery_portal.notifications"
    label = "notifications"
    verbose_name = "Reminders and notifications"

    nav_links = [NavLink("My reminders", "notifications:mine", Audience.CLIENT, order=190)]
    demo_seeders = ["recovery_portal.notifications.demo.seed_reminders"]
