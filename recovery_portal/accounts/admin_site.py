from allauth.account.decorators import secure_admin_login
from django.contrib import admin

from recovery_portal.accounts.roles import Role
from recovery_portal.ops.health import check_health, explain

# Models the admin's front page leaves out: django-celery-beat's schedules (the portal's
# periodic tasks are set in code, recovery_portal/beat_schedule.py; "Periodic tasks" stays to
# see when each last ran). Each is still reachable from a periodic task's form.
HIDDEN_MODELS = {
    ("django_celery_beat", "clockedschedule"),
    ("django_celery_beat", "solarschedule"),
    ("django_celery_beat", "intervalschedule"),
    ("django_celery_beat", "crontabschedule"),
}


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

    def get_app_list(self, request, app_label=None):
        """The apps and models administrators manage, with Django's auth "Groups" called what
        they are in the portal: roles (peer groups are something else)."""
        apps = []
        for app in super().get_app_list(request, app_label):
            app["models"] = [
                model
                for model in app["models"]
                if (app["app_label"], model["object_name"].lower()) not in HIDDEN_MODELS
            ]
            if app["app_label"] == "auth":
                app["name"] = "Roles and their permissions"
                for model in app["models"]:
                    if model["object_name"] == "Group":
                        model["name"] = "Roles"
            if app["models"]:
                apps.append(app)
        return apps

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
