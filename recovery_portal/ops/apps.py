from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "recovery_portal.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from recovery_portal.ops import checkins  # noqa: F401  (connects the worker and beat check-in signals)
