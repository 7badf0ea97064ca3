from django.apps import AppConfig

from recovery_portal.plugins import AccessEnder, Audience, NavLink


class NotificationsConfig(AppConfig):
    name = "recovery_portal.notifications"
    label = "notifications"
    verbose_name = "Reminders and notifications"

    nav_links = [
        NavLink("My reminders", "notifications:mine", Audience.CLIENT, order=190, menu="My record")
    ]
    access_enders = [
        AccessEnder(
            "unsubscribe",
            "One-click unsubscribe links",
            "recovery_portal.notifications.messages.unsubscribe_links_end",
            100,
        )
    ]
    demo_seeders = [
        "recovery_portal.notifications.demo.seed_reminders",
        "recovery_portal.notifications.demo.seed_texts",
    ]
