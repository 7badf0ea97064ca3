"""Casework pages. Staff pages of a record live under ``clients/<pk>/`` beside the clients app's
own; the client's pages under ``my/``; the caseload, week, referrals and directory at the top."""

from django.urls import path

from casework.views import appointment, caseload, mine, note, plan, referral, resource

app_name = "casework"

_plan = "clients/<int:client_pk>/plan/"
_notes = "clients/<int:client_pk>/notes/"

urlpatterns = [
    path(_plan, plan.plan, name="plan"),
    path(f"{_plan}start/", plan.plan_start_page, name="plan_start"),
    path(f"{_plan}goals/new/", plan.goal_new, name="goal_new"),
    path(f"{_plan}goals/<int:pk>/", plan.goal_edit, name="goal_edit"),
    path(f"{_plan}goals/<int:goal_pk>/steps/new/", plan.step_new, name="step_new"),
    path(f"{_plan}steps/<int:pk>/", plan.step_edit, name="step_edit"),
    path(f"{_plan}goals/<int:goal_pk>/barriers/new/", plan.barrier_new, name="barrier_new"),
    path(
        f"{_plan}barriers/<int:barrier_pk>/strategies/new/",
        plan.strategy_new,
        name="strategy_new",
    ),
    path(f"{_plan}share/", plan.share, name="plan_share"),
    path(f"{_plan}review/", plan.review, name="plan_review"),
    path(f"{_plan}versions/", plan.versions, name="plan_versions"),
    path(f"{_plan}versions/<int:number>/", plan.version, name="plan_version"),
    path(f"{_plan}history/", plan.history, name="plan_history"),
    path(f"{_plan}print/", plan.print_plan, name="plan_print"),
    path(f"{_plan}fhir.json", plan.fhir_export, name="plan_fhir"),
    path(_notes, note.notes, name="notes"),
    path(f"{_notes}new/", note.note_new, name="note_new"),
    path(f"{_notes}<int:pk>/", note.note, name="note"),
    path(f"{_notes}<int:pk>/edit/", note.note_edit, name="note_edit"),
    path(f"{_notes}<int:pk>/sign/", note.sign, name="note_sign"),
    path(f"{_notes}<int:pk>/cosign/", note.cosign, name="note_cosign"),
    path(f"{_notes}<int:pk>/addenda/", note.addendum, name="note_addendum"),
    path("my/plan/", mine.my_plan, name="my_plan"),
    path("my/plan/acknowledge/", mine.my_plan_acknowledge, name="my_plan_acknowledge"),
    path("my/plan/steps/<int:pk>/", mine.my_step, name="my_step"),
    path("my/notes/", mine.my_notes, name="my_notes"),
    # Caseload, appointments, referrals and the resource directory
    path("caseload/", caseload.caseload, name="caseload"),
    # Appointments
    path("appointments/week/", appointment.week, name="week"),
    path("my/appointments/", mine.my_appointments, name="my_appointments"),
    path("my/appointments/<int:pk>/reschedule/", mine.my_reschedule, name="my_reschedule"),
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
    path(
        "resources/import/<int:pk>/",
        resource.resources_import_status,
        name="resources_import_status",
    ),
    path("resources/<int:pk>/", resource.resource_detail, name="resource"),
    path("resources/<int:pk>/edit/", resource.resource_edit, name="resource_edit"),
    path("resources/<int:pk>/refer/", resource.resource_refer, name="resource_refer"),
    path("resources/<int:pk>/verify/", resource.resource_verify_view, name="resource_verify"),
]
