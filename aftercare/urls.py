from django.urls import path

from aftercare.views import checkin, followup, mine, reports

app_name = "aftercare"
urlpatterns = [
    # Staff pages of one client's record (the Follow-ups tab).
    path("clients/<int:pk>/follow-ups/", followup.followups, name="followups"),
    path("clients/<int:pk>/follow-ups/plan/", followup.plan_edit, name="plan_edit"),
    path("clients/<int:pk>/follow-ups/plan/close/", followup.plan_close, name="plan_close"),
    path(
        "clients/<int:pk>/follow-ups/not-started/",
        followup.not_started,
        name="not_started",
    ),
    path("clients/<int:pk>/follow-ups/<int:followup_pk>/", followup.followup, name="followup"),
    path(
        "clients/<int:pk>/follow-ups/<int:followup_pk>/attempts/",
        followup.attempt_add,
        name="attempt_add",
    ),
    path(
        "clients/<int:pk>/follow-ups/<int:followup_pk>/outcome/",
        followup.outcome,
        name="outcome",
    ),
    path(
        "clients/<int:pk>/follow-ups/<int:followup_pk>/close/",
        followup.followup_close,
        name="followup_close",
    ),
    path(
        "clients/<int:pk>/follow-ups/<int:followup_pk>/call/",
        followup.followup_call,
        name="followup_call",
    ),
    path(
        "clients/<int:pk>/follow-ups/needs/<int:need_pk>/done/",
        followup.need_done,
        name="need_done",
    ),
    path(
        "clients/<int:pk>/follow-ups/needs/<int:need_pk>/refer/",
        followup.need_refer,
        name="need_refer",
    ),
    path("clients/<int:pk>/check-ins/", checkin.checkins, name="checkins"),
    path(
        "clients/<int:pk>/check-ins/alerts/<int:alert_pk>/handled/",
        checkin.alert_handle,
        name="alert_handle",
    ),
    # Today.
    path("help-requests/<int:pk>/answered/", checkin.help_handle, name="help_handle"),
    path("alerts/<int:pk>/handled/", checkin.alert_handle_today, name="alert_handle_today"),
    # Supervisors' reports.
    path("reports/follow-up-compliance/", reports.compliance, name="compliance"),
    path("reports/follow-up-compliance.csv", reports.compliance_csv, name="compliance_csv"),
    path("reports/aftercare-outcomes/", reports.outcomes, name="outcomes"),
    path("reports/aftercare-outcomes.csv", reports.outcomes_csv, name="outcomes_csv"),
    # The client's own pages. Under "my/" like the client's other pages: their addresses
    # appear in reminder messages, which must not say "aftercare" on a lock screen.
    path("my/check-ins/", mine.my_checkins, name="my_checkins"),
    path("my/check-ins/settings/", mine.my_settings, name="my_settings"),
    path("my/talk-now/", mine.help_now, name="help_now"),
    path("my/follow-ups/", mine.my_followups, name="my_followups"),
]
