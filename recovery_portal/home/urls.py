from django.urls import path

from recovery_portal.home import views

app_name = "home"
urlpatterns = [
    path("", views.index, name="index"),
    path("today/", views.today, name="today"),
    path("my/", views.my_recovery, name="my_recovery"),
    path("clients/<int:pk>/", views.client_overview, name="client_overview"),
    path("clients/<int:pk>/reminders/", views.client_reminders, name="client_reminders"),
]
