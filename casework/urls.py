"""Casework pages. Staff pages of a record live under ``clients/<client_pk>/`` beside the
clients app's own; the client's pages under ``my/``."""

from django.urls import path

from .views import my_plan, note, plan

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
    path("my/plan/", my_plan.my_plan, name="my_plan"),
    path("my/plan/acknowledge/", my_plan.my_plan_acknowledge, name="my_plan_acknowledge"),
    path("my/plan/steps/<int:pk>/", my_plan.my_step, name="my_step"),
    path("my/notes/", my_plan.my_notes, name="my_notes"),
]
