from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps

from recovery_portal.plugins import AccessEnder


class AccountsConfig(AppConfig):
    name = "recovery_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    access_enders = [
        AccessEnder(
            "sessions", "Signed-in sessions", "recovery_portal.accounts.access.sessions_end", 0
        ),
        AccessEnder(
            "password_reset",
            "Password-reset links",
            "recovery_portal.accounts.access.password_resets_end",
            10,
        ),
        AccessEnder(
            "staff_invitations",
            "Staff invitations",
            "recovery_portal.accounts.invitation.staff_invitations_end",
            20,
        ),
    ]

    def ready(self) -> None:
        from recovery_portal.accounts import receivers  # noqa: F401  (connects the sign-in audit receivers)


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, open to Administrators only and signed into through allauth."""

    default = False
    default_site = "recovery_portal.accounts.admin_site.PortalAdminSite"
