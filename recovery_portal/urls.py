from django.contrib import admin
from django.urls import include, path

from recovery_portal.accounts import views as accounts_views
from recovery_portal.home import views as home_views

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path(
        "accounts/welcome/<str:token>/",
        accounts_views.staff_invitation_accept_view,
        name="staff_invitation_accept",
    ),
    path("accounts/", include("allauth.urls")),
    path("reminders/", include("recovery_portal.notifications.urls")),
    path("", include("recovery_portal.home.urls")),
    path("", include("clients.urls")),
    path("", include("casework.urls")),
    path("", include("groups.urls")),
    path("", include("aftercare.urls")),
]

handler400 = "recovery_portal.home.errors.bad_request"
handler403 = "recovery_portal.home.errors.permission_denied"
handler404 = "recovery_portal.home.errors.page_not_found"
handler500 = "recovery_portal.home.errors.server_error"
