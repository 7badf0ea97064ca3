from django.apps import AppConfig

from recovery_portal.plugins import Audience, NavLink, Panel, RecordTab


class AftercareConfig(AppConfig):
    name = "aftercare"
    verbose_name = "Aftercare: follow-ups and check-ins"

    record_tabs = [
        RecordTab(
            "follow-ups",
            "Follow-ups",
            "aftercare:followups",
            order=400,
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
        # Help-now requests first of aftercare's cards: they are the most urgent thing here.
        Panel(
            "help_now",
            "Talk to someone now",
            "aftercare/today/_help.html",
            "aftercare.panels.today_help",
            order=400,
        ),
        Panel(
            "checkin_alerts",
            "Check-ins to look at",
            "aftercare/today/_checkins.html",
            "aftercare.panels.today_checkins",
            order=410,
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
        ),
        NavLink("Outcomes", "aftercare:outcomes", Audience.SUPERVISION, order=410),
        NavLink(
            "My check-ins",
            "aftercare:my_checkins",
            Audience.CLIENT,
            order=400,
            also=("aftercare:my_settings",),
        ),
        NavLink("My follow-ups", "aftercare:my_followups", Audience.CLIENT, order=410),
    ]
    demo_seeders = ["aftercare.demo.seed"]
