from allauth.account.decorators import secure_admin_login
from django.contrib import admin

from .roles import Role


class PortalAdminSite(admin.AdminSite):
    site_header = "Recovery Portal administration"
    site_title = "Recovery Portal admin"
    index_title = "Staff, roles and settings"

    def has_permission(self, request) -> bool:
        # Only Administrators: supervisors and case managers work in the portal itself.
        user = request.user
        return user.is_active and user.is_staff and user.has_role(Role.ADMINISTRATOR)

    def login(self, request, extra_context=None):
        # The admin signs in through allauth: TOTP, rate limits and audit apply there too.
        return secure_admin_login(super().login)(request, extra_context)
