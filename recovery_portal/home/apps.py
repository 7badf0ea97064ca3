from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "recovery_portal.home"
    label = "home"
    verbose_name = "Home pages"
