from django.urls import path

from recovery_portal.notifications import views, webhooks

app_name = "notifications"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("settings/", views.preferences, name="preferences"),
    path("stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # The SMS provider's webhooks (signed; README "Two-way text messages").
    path("sms/inbound/", webhooks.sms_inbound, name="sms_inbound"),
    path("sms/status/", webhooks.sms_status, name="sms_status"),
]
