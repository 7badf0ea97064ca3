from django.apps import AppConfig

from recovery_portal.plugins import Audience, NavLink, RecordTab


class HomeConfig(AppConfig):
    name = "recovery_portal.home"
    label = "home"
    verbose_name = "Home pages"

    record_tabs = [
        RecordTab("overview", "Overview", "home:client_overview", order=0),
        RecordTab("reminders", "Reminders", "home:client_reminders", order=900),
    ]
    nav_links = [
        NavLink("Today", "home:today", Audience.STAFF, order=0),
        NavLink("My recovery", "home:my_recovery", Audience.CLIENT, order=100),
    ]

    def ready(self) -> None:
        from recovery_portal import checks  # noqa: F401  (registers the system checks)
