"""Staff pages: client list, intake, record, export."""

from django.urls import path

from .views import export, intake, records, screenings

urlpatterns = [
    path("clients/", records.client_list_page, name="list"),
    path("clients/export.csv", records.client_list_csv, name="list_csv"),
    path("clients/intake/new/", intake.intake_new, name="intake_new"),
    path("clients/<int:pk>/profile/", records.profile, name="profile"),
    path("clients/<int:pk>/profile/edit/", records.profile_edit, name="profile_edit"),
    path("clients/<int:pk>/status/", records.status, name="status"),
    path("clients/<int:pk>/assignments/", records.assignments, name="assignments"),
    path(
        "clients/<int:pk>/alerts/<int:alert_pk>/follow-up/",
        records.alert_follow_up,
        name="alert_follow_up",
    ),
    path("clients/<int:pk>/intake/", intake.intake_overview, name="intake"),
    path("clients/<int:pk>/intake/start/", intake.intake_begin, name="intake_start"),
    path("clients/<int:pk>/intake/resume/", intake.intake_resume, name="intake_resume"),
    path("clients/<int:pk>/intake/finish/", intake.intake_finish, name="intake_finish"),
    path("clients/<int:pk>/intake/<slug:step>/", intake.intake_step, name="intake_step"),
    path("clients/<int:pk>/screenings/", screenings.screening_list, name="screenings"),
    path(
        "clients/<int:pk>/screenings/new/<slug:code>/",
        screenings.screening_new,
        name="screening_new",
    ),
    path(
        "clients/<int:pk>/screenings/<int:screening_pk>/",
        screenings.screening_detail,
        name="screening",
    ),
    path("clients/<int:pk>/export.json", export.export_json, name="export_json"),
    path("clients/<int:pk>/export/", export.export_print, name="export_print"),
]
