from django.urls import path

from clients.views import record
from recovery_portal.home import views

app_name = "home"
urlpatterns = [
    path("", views.index, name="index"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("today/", views.today, name="today"),
    path("today/safety/", views.today_live, name="today_live"),
    path("my/", views.my_recovery, name="my_recovery"),
    # The record's overview and Reminders tab are the clients app's pages; their URL names
    # keep the home namespace they have always had.
    path("clients/<int:pk>/", record.client_overview, name="client_overview"),
    path("clients/<int:pk>/reminders/", record.client_reminders, name="client_reminders"),
]
