from django.apps import AppConfig

from recovery_portal.plugins import (
    AccessEnder,
    Audience,
    ExportPart,
    NavLink,
    Panel,
    RecordTab,
)


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients: intake, record and consent"

    access_enders = [
        AccessEnder(
            "invitation",
            "Portal invitations not yet used",
            "clients.services.invitation.invitations_end",
            200,
        ),
        AccessEnder(
            "emergency_access",
            "Emergency access to a record (break the glass) still running",
            "clients.services.emergency.emergency_accesses_end",
            210,
        ),
    ]
    record_tabs = [
        RecordTab("overview", "Overview", "home:client_overview", order=0),
        RecordTab("profile", "Profile", "clients:profile", order=10),
        RecordTab("intake", "Intake", "clients:intake", order=20),
        RecordTab(
            "screenings", "Screenings", "clients:screenings", order=30, also=("screening answers",)
        ),
        RecordTab("status history", "Status", "clients:status", order=40),
        RecordTab("assignment history", "Case managers", "clients:assignments", order=50),
        RecordTab(
            "consents",
            "Consents and disclosures",
            "clients:consent_list",
            order=60,
            section="contact",
            also=("consent", "new consent", "revoke consent", "disclosures", "new disclosure"),
        ),
        RecordTab(
            "support network",
            "Support network",
            "clients:support_network",
            order=70,
            section="contact",
        ),
        RecordTab(
            "portal access", "Portal access", "clients:invitation", order=80, section="contact"
        ),
        RecordTab(
            "export",
            "Export (records request)",
            "clients:export_print",
            order=990,
            supervision_only=True,
            section="contact",
        ),
        RecordTab("reminders", "Reminders", "home:client_reminders", order=900, section="contact"),
    ]
    overview_panels = [
        Panel("about", "About", "clients/panels/_about.html", "clients.panels.about", order=10),
        Panel(
            "intake",
            "Intake and needs",
            "clients/panels/_intake.html",
            "clients.panels.intake",
            order=20,
        ),
        Panel(
            "screenings",
            "Latest screenings",
            "clients/panels/_screenings.html",
            "clients.panels.screenings",
            order=30,
        ),
        Panel(
            "consents",
            "Consents in effect",
            "clients/panels/_consents.html",
            "clients.panels.consents",
            order=60,
        ),
        Panel(
            "support_network",
            "Support network",
            "clients/panels/_support.html",
            "clients.panels.support_network",
            order=70,
        ),
    ]
    client_home_items = [
        Panel(
            "record_closed",
            "Your record is closed",
            "clients/panels/_record_closed.html",
            "clients.panels.record_closed",
            order=0,
        )
    ]
    today_items = [
        Panel(
            "text_inbox",
            "Texts from clients",
            "clients/today/_texts.html",
            "clients.panels.text_inbox",
            order=15,
        ),
        Panel(
            "clients",
            "My clients",
            "clients/today/_caseload.html",
            "clients.panels.today",
            order=10,
        ),
        Panel(
            "emergency_access",
            "Emergency access",
            "clients/today/_emergency.html",
            "clients.panels.emergency",
            order=5,
        ),
    ]
    nav_links = [
        NavLink(
            "Clients",
            "clients:list",
            Audience.CLINICAL,
            order=10,
            also=("clients:*", "home:client_overview", "home:client_reminders"),
        ),
        NavLink(
            "My consents",
            "clients:my_consents",
            Audience.CLIENT,
            order=110,
            also=("clients:my_consent",),
            menu="My record",
        ),
        NavLink(
            "My support network",
            "clients:my_support_network",
            Audience.CLIENT,
            order=120,
            menu="My record",
        ),
        NavLink(
            "Who has seen my record",
            "clients:my_record_views",
            Audience.CLIENT,
            order=130,
            menu="My record",
        ),
    ]
    record_export_parts = [
        ExportPart(
            "consents",
            "Consents",
            "clients.selectors.export.consents_export",
            order=60,
            models=("clients.Consent",),
        ),
        ExportPart(
            "disclosures",
            "Disclosures (what was shared, with whom, on what basis)",
            "clients.selectors.export.disclosures_export",
            order=61,
            models=("clients.Disclosure",),
        ),
        ExportPart(
            "support_contacts",
            "Support network",
            "clients.selectors.export.support_contacts_export",
            order=70,
            models=("clients.SupportContact",),
        ),
        ExportPart(
            "texts",
            "Text messages sent to us",
            "clients.selectors.export.texts_export",
            order=80,
            models=("notifications.InboundText",),
        ),
    ]
    demo_seeders = [
        "clients.demo.record.seed_clients",
        "clients.demo.consent.seed_consents",
        "clients.demo.emergency.seed_emergency_access",
    ]
