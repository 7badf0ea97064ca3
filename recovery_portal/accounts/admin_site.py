from allauth.account.decorators import secure_admin_login
from django.contrib import admin

from recovery_portal.accounts.roles import Role
from recovery_portal.ops.health import check_health, explain


class PortalAdminSite(admin.AdminSite):
    site_header = "Recovery Portal administration"
    site_title = "Recovery Portal admin"
    index_title = "Staff, roles and settings"
    # The front page starts with the watchdog's panel (recovery_portal/ops/health.py).
    index_template = "ops/admin_index.html"

    def has_permission(self, request) -> bool:
        # Only Administrators: supervisors and case managers work in the portal itself.
        user = request.user
        return user.is_active and user.is_staff and user.has_role(Role.ADMINISTRATOR)

    def login(self, request, extra_context=None):
        # The admin signs in through allauth: TOTP, rate limits and audit apply there too.
        return secure_admin_login(super().login)(request, extra_context)

    def index(self, request, extra_context=None):
        health = check_health(detailed=True)
        parts = explain(health)
        context = {
            "health": health,
            "health_parts": parts,
            "health_problems": [part for part in parts if not part["ok"]],
            **(extra_context or {}),
        }
        return super().index(request, context)
