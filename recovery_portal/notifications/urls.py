from django.urls import path

from recovery_portal.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("settings/", views.preferences, name="preferences"),
    path("stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
