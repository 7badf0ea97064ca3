from django.apps import AppConfig

from recovery_portal.plugins import Audience, ExportPart, NavLink, Panel, RecordTab


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework: caseloads, plans, notes and referrals"

    record_tabs = [
        RecordTab(
            "recovery plan",
            "Plan",
            "casework:plan",
            order=200,
            section="plan",
            also=("plan review", "plan versions", "plan history", "recovery plan (printed)"),
        ),
        RecordTab(
            "progress notes",
            "Notes",
            "casework:notes",
            order=210,
            also=("progress note",),
            section="plan",
        ),
        RecordTab(
            "appointments",
            "Appointments",
            "casework:client_appointments",
            order=220,
            section="plan",
            also=("appointment", "new appointment", "move appointment"),
        ),
        RecordTab(
            "referrals",
            "Referrals",
            "casework:client_referrals",
            order=230,
            section="plan",
            also=("referral", "new referral"),
        ),
    ]
    overview_panels = [
        Panel(
            "plan",
            "Recovery plan",
            "casework/panels/_plan.html",
            "casework.panels.plan",
            order=200,
        ),
        Panel(
            "appointments",
            "Appointments and referrals",
            "casework/panels/_appointments.html",
            "casework.panels.appointments",
            order=220,
        ),
    ]
    today_items = [
        Panel(
            "plans_to_review",
            "Plans to review",
            "casework/today/_plans_to_review.html",
            "casework.panels.plans_to_review",
            order=200,
        ),
        Panel(
            "casework_today",
            "Casework today",
            "casework/today/_casework.html",
            "casework.panels.today",
            order=220,
        ),
    ]
    client_home_items = [
        Panel(
            "my_plan",
            "My plan",
            "casework/my/_plan_card.html",
            "casework.panels.my_plan",
            order=200,
        ),
        Panel(
            "my_appointments",
            "My appointments",
            "casework/my/_home_appointments.html",
            "casework.panels.my_appointments",
            order=220,
        ),
    ]
    nav_links = [
        NavLink("Caseload", "casework:caseload", Audience.CLINICAL, order=20),
        NavLink("My week", "casework:week", Audience.CLINICAL, order=22),
        NavLink("Referrals", "casework:open_referrals", Audience.CLINICAL, order=23),
        NavLink(
            "Resources",
            "casework:resources",
            Audience.STAFF,
            order=24,
            also=(
                "casework:resource",
                "casework:resource_new",
                "casework:resource_edit",
                "casework:resources_import",
            ),
        ),
        NavLink(
            "My appointments",
            "casework:my_appointments",
            Audience.CLIENT,
            order=105,
            also=("casework:my_reschedule",),
        ),
        NavLink(
            "My plan",
            "casework:my_plan",
            Audience.CLIENT,
            order=102,
            also=("casework:my_plan_acknowledge", "casework:my_step", "casework:my_notes"),
        ),
    ]
    record_export_parts = [
        ExportPart(
            "plans",
            "Recovery plans",
            "casework.export.plans",
            order=200,
            models=("casework.RecoveryPlan",),
        ),
        # Each plan as shared with the client, whole: first, and at each revision.
        ExportPart(
            "plan_versions",
            "Versions of the recovery plan (as shared with the client)",
            "casework.export.plan_versions",
            order=201,
            models=("casework.PlanVersion",),
            template="casework/export/_plan_versions.html",
        ),
        ExportPart("goals", "Goals", "casework.export.goals", order=202, models=("casework.Goal",)),
        ExportPart(
            "steps",
            "Action steps",
            "casework.export.steps",
            order=203,
            models=("casework.ActionStep",),
        ),
        # The client's comments on their steps, with those later changed (kept in history only).
        ExportPart(
            "step_comments",
            "Comments on action steps, as written (earlier ones too)",
            "casework.export.step_comments",
            order=204,
            models=("casework.HistoricalActionStep",),
        ),
        ExportPart(
            "barriers",
            "Barriers",
            "casework.export.barriers",
            order=205,
            models=("casework.Barrier",),
        ),
        ExportPart(
            "strategies",
            "Strategies",
            "casework.export.strategies",
            order=206,
            models=("casework.Strategy",),
        ),
        ExportPart(
            "plan_reviews",
            "Plan reviews",
            "casework.export.reviews",
            order=207,
            models=("casework.PlanReview",),
        ),
        ExportPart(
            "plan_acknowledgements",
            "Plan acknowledgements",
            "casework.export.acknowledgements",
            order=208,
            models=("casework.PlanAcknowledgement",),
        ),
        ExportPart(
            "notes",
            "Progress notes",
            "casework.export.notes",
            order=209,
            models=("casework.ProgressNote", "casework.NoteGoal"),
        ),
        ExportPart(
            "note_addenda",
            "Addenda to progress notes",
            "casework.export.addenda",
            order=210,
            models=("casework.NoteAddendum",),
        ),
        ExportPart(
            "appointments",
            "Appointments",
            "casework.export.appointments",
            order=211,
            models=("casework.Appointment",),
        ),
        ExportPart(
            "reschedule_requests",
            "Requests to move an appointment",
            "casework.export.reschedule_requests",
            order=212,
            models=("casework.RescheduleRequest",),
        ),
        ExportPart(
            "referrals",
            "Referrals",
            "casework.export.referrals",
            order=213,
            models=("casework.Referral",),
        ),
    ]
    calendar_sources = ["casework.calendar.appointment_items"]
    # A closed record stops the reminders of the client's appointments still ahead.
    record_closers = ["casework.services.appointment.appointment_reminders_end_on_record_closed"]
    contact_sources = [
        "casework.selectors.caseload.completed_appointments",
        "casework.selectors.caseload.progress_notes",
    ]
    demo_seeders = ["casework.demo.plan.seed", "casework.demo.referral.seed_appointments_referrals"]
