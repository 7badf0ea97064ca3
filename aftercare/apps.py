from django.apps import AppConfig

from recovery_portal.plugins import Audience, ExportPart, NavLink, Panel, RecordTab, StatusStep


class AftercareConfig(AppConfig):
    name = "aftercare"
    verbose_name = "Aftercare: follow-ups and check-ins"

    record_tabs = [
        RecordTab(
            "follow-ups",
            "Follow-ups",
            "aftercare:followups",
            order=400,
            section="aftercare",
            also=("aftercare plan", "follow-up", "outcome", "check-ins"),
        ),
    ]
    overview_panels = [
        Panel(
            "aftercare",
            "Aftercare",
            "aftercare/panels/_overview.html",
            "aftercare.panels.overview",
            order=400,
        ),
    ]
    today_items = [
        # Help-now requests, then check-in alerts: live cards, first on Today and refreshed
        # every minute (recovery_portal/plugins.py, Panel.live).
        Panel(
            "help_now",
            "Talk to someone now",
            "aftercare/today/_help.html",
            "aftercare.panels.today_help",
            order=400,
            live=True,
        ),
        Panel(
            "checkin_alerts",
            "Check-ins to look at",
            "aftercare/today/_checkins.html",
            "aftercare.panels.today_checkins",
            order=410,
            live=True,
        ),
        Panel(
            "without_aftercare",
            "Discharged without aftercare",
            "aftercare/today/_without_aftercare.html",
            "aftercare.discharge.today_without_aftercare",
            order=415,
        ),
        Panel(
            "followups",
            "Follow-ups this week",
            "aftercare/today/_followups.html",
            "aftercare.panels.today_followups",
            order=420,
        ),
    ]
    client_home_items = [
        Panel(
            "aftercare",
            "Check-ins and follow-ups",
            "aftercare/my/_home.html",
            "aftercare.panels.my_recovery",
            order=400,
        ),
    ]
    nav_links = [
        NavLink(
            "Follow-up compliance",
            "aftercare:compliance",
            Audience.SUPERVISION,
            order=400,
            also=("aftercare:compliance_csv",),
            menu="Reports",
        ),
        NavLink("Outcomes", "aftercare:outcomes", Audience.SUPERVISION, order=410, menu="Reports"),
        NavLink(
            "My check-ins",
            "aftercare:my_checkins",
            Audience.CLIENT,
            order=450,
            also=("aftercare:my_settings",),
        ),
        NavLink("My follow-ups", "aftercare:my_followups", Audience.CLIENT, order=460),
    ]
    record_export_parts = [
        ExportPart(
            "aftercare_plans",
            "Aftercare plans",
            "aftercare.export.plans",
            order=400,
            models=("aftercare.AftercarePlan",),
        ),
        ExportPart(
            "aftercare_not_started",
            "Why aftercare was not started",
            "aftercare.export.not_started",
            order=410,
            models=("aftercare.AftercareNotStarted",),
        ),
        ExportPart(
            "followups",
            "Follow-ups",
            "aftercare.export.followups",
            order=401,
            models=("aftercare.FollowUp",),
        ),
        ExportPart(
            "contact_attempts",
            "Follow-up contact attempts",
            "aftercare.export.attempts",
            order=402,
            models=("aftercare.ContactAttempt",),
        ),
        ExportPart(
            "outcomes",
            "Follow-up outcomes",
            "aftercare.export.outcomes",
            order=403,
            models=("aftercare.Outcome",),
        ),
        ExportPart(
            "followup_needs",
            "Needs found at follow-up",
            "aftercare.export.needs",
            order=404,
            models=("aftercare.FollowUpNeed",),
        ),
        ExportPart(
            "checkins",
            "Check-ins",
            "aftercare.export.checkins",
            order=405,
            models=("aftercare.CheckIn",),
        ),
        ExportPart(
            "checkin_alerts",
            "Check-in alerts",
            "aftercare.export.alerts",
            order=406,
            models=("aftercare.CheckInAlert",),
        ),
        ExportPart(
            "help_requests",
            "Requests for help",
            "aftercare.export.help_requests",
            order=407,
            models=("aftercare.HelpRequest",),
        ),
        ExportPart(
            "milestones",
            "Milestones",
            "aftercare.export.milestones",
            order=408,
            models=("aftercare.Milestone",),
        ),
        # The restarted count of days in recovery that staff see, and the check-in choices.
        ExportPart(
            "aftercare_settings",
            "Check-in choices and the count of days in recovery",
            "aftercare.export.settings",
            order=409,
            models=("aftercare.ClientSettings",),
        ),
    ]
    # Leaving treatment (Discharged or Aftercare) starts aftercare: offered, on by default, on
    # the record's status form.
    status_steps = [
        StatusStep(
            "aftercare_plan",
            "Start an aftercare plan from today's discharge",
            "Applies when the new status is Discharged or Aftercare: with the organization's "
            "default follow-ups, held by the client's case manager.",
            "aftercare.discharge.discharge_offer",
            "aftercare.discharge.discharge_run",
            order=400,
            statuses=("discharged", "aftercare"),
        ),
    ]
    demo_seeders = ["aftercare.demo.seed", "aftercare.demo_gpra.seed"]
    # A closed record closes the client's aftercare plan (its open follow-ups end).
    record_closers = ["aftercare.services.plan.plans_close_on_record_closed"]
    contact_sources = ["aftercare.selectors.followup.reached_attempts"]
    # "No one is on call now" on the admin's system status and in /healthz.
    status_notes = ["aftercare.panels.on_call_note"]
    # GPRA: the intake-anchored follow-ups are scheduled when an intake is completed.
    intake_completed = ["aftercare.services.intake.followups_at_intake"]
