from django.apps import AppConfig

from recovery_portal.plugins import Audience, NavLink, Panel, RecordTab


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework: caseloads, plans, notes and referrals"

    record_tabs = [
        RecordTab(
            "recovery plan",
            "Plan",
            "casework:plan",
            order=200,
            also=("plan review", "plan versions", "plan history", "recovery plan (printed)"),
        ),
        RecordTab("progress notes", "Notes", "casework:notes", order=210, also=("progress note",)),
    ]
    overview_panels = [
        Panel(
            "plan",
            "Recovery plan",
            "casework/panels/_plan.html",
            "casework.selectors.plan_panel",
            order=200,
        ),
    ]
    today_items = [
        Panel(
            "plans_to_review",
            "Plans to review",
            "casework/today/_plans_to_review.html",
            "casework.selectors.plans_to_review",
            order=200,
        ),
    ]
    client_home_items = [
        Panel(
            "my_plan",
            "My plan",
            "casework/my/_plan_card.html",
            "casework.selectors.my_plan_card",
            order=200,
        ),
    ]
    nav_links = [
        NavLink(
            "My plan",
            "casework:my_plan",
            Audience.CLIENT,
            order=200,
            also=("casework:my_plan_acknowledge", "casework:my_step", "casework:my_notes"),
        ),
    ]
    demo_seeders = ["casework.demo.seed"]
