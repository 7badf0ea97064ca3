from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "recovery_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from recovery_portal.accounts import receivers  # noqa: F401  (connects the sign-in audit receivers)


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, open to Administrators only and signed into through allauth."""

    default = False
    default_site = "recovery_portal.accounts.admin_site.PortalAdminSite"
