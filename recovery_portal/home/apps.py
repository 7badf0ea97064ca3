from django.apps import AppConfig

from recovery_portal.plugins import Audience, NavLink


class HomeConfig(AppConfig):
    name = "recovery_portal.home"
    label = "home"
    verbose_name = "Home pages"

    nav_links = [
        NavLink("Today", "home:today", Audience.STAFF, order=0),
        NavLink("My recovery", "home:my_recovery", Audience.CLIENT, order=100),
    ]

    def ready(self) -> None:
        from recovery_portal import checks  # noqa: F401  (registers the system checks)
        from recovery_portal.forms import bound_every_date_field, keep_one_line_fields_on_one_line

        bound_every_date_field()
        keep_one_line_fields_on_one_line()
