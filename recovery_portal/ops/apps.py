from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "recovery_portal.ops"
    label = "ops"
    verbose_name = "Operations"
