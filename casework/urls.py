from django.urls import path

from .views import appointment, caseload, referral, resource

app_name = "casework"

urlpatterns = [
    path("caseload/", caseload.caseload, name="caseload"),
    # Appointments
    path("appointments/week/", appointment.week, name="week"),
    path("my/appointments/", appointment.mine, name="my_appointments"),
    path("my/appointments/<int:pk>/reschedule/", appointment.my_reschedule, name="my_reschedule"),
    path(
        "clients/<int:pk>/appointments/",
        appointment.client_appointments,
        name="client_appointments",
    ),
    path("clients/<int:pk>/appointments/new/", appointment.appointment_new, name="appointment_new"),
    path(
        "clients/<int:pk>/appointments/<int:appointment_pk>/",
        appointment.appointment_detail,
        name="appointment",
    ),
    path(
        "clients/<int:pk>/appointments/<int:appointment_pk>/status/",
        appointment.appointment_status,
        name="appointment_status",
    ),
    path(
        "clients/<int:pk>/appointments/<int:appointment_pk>/answer-request/",
        appointment.reschedule_request_answer,
        name="reschedule_request_answer",
    ),
    path(
        "clients/<int:pk>/appointments/<int:appointment_pk>/move/",
        appointment.appointment_move,
        name="appointment_move",
    ),
    # Referrals
    path("referrals/", referral.open_referrals, name="open_referrals"),
    path("clients/<int:pk>/referrals/", referral.client_referrals, name="client_referrals"),
    path("clients/<int:pk>/referrals/new/", referral.referral_new, name="referral_new"),
    path(
        "clients/<int:pk>/referrals/<int:referral_pk>/",
        referral.referral_detail,
        name="referral",
    ),
    # Resource directory
    path("resources/", resource.resources, name="resources"),
    path("resources/new/", resource.resource_new, name="resource_new"),
    path("resources/export.json", resource.resources_export, name="resources_export"),
    path("resources/import/", resource.resources_import, name="resources_import"),
    path("resources/<int:pk>/", resource.resource_detail, name="resource"),
    path("resources/<int:pk>/edit/", resource.resource_edit, name="resource_edit"),
    path("resources/<int:pk>/verify/", resource.resource_verify_view, name="resource_verify"),
]
