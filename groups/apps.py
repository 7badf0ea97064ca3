from django.apps import AppConfig

from recovery_portal.plugins import (
    AccessEnder,
    Audience,
    ExportPart,
    NavLink,
    Panel,
    RecordTab,
)


class GroupsConfig(AppConfig):
    name = "groups"
    label = "peer_groups"  # "groups" would be confused with django.contrib.auth's groups
    verbose_name = "Peer groups and meetings"

    access_enders = [
        AccessEnder(
            "calendar_feed",
            "Private calendar links",
            "groups.services.feed.calendar_feeds_end",
            300,
        )
    ]
    record_tabs = [
        RecordTab("meetings", "Meetings", "groups:record_meetings", order=300, section="aftercare")
    ]
    overview_panels = [
        Panel(
            "meetings",
            "Meetings",
            "groups/panels/_meetings.html",
            "groups.panels.meetings",
            order=300,
        )
    ]
    client_home_items = [
        Panel(
            "my_meetings",
            "My meetings",
            "groups/panels/_my_meetings.html",
            "groups.panels.my_meetings",
            order=300,
        )
    ]
    today_items = [
        Panel(
            "groups_today",
            "My groups this week",
            "groups/panels/_today.html",
            "groups.panels.today",
            order=300,
        )
    ]
    nav_links = [
        # Every staff role either runs groups or is clinical staff (groups_staff_required):
        # one link, so a person holding both roles does not see it twice.
        NavLink("Groups", "groups:list", Audience.STAFF, order=300, also=("groups:*",)),
        NavLink(
            "My meetings",
            "groups:mine",
            Audience.CLIENT,
            order=350,
            also=("groups:outside_log", "groups:calendar_link"),
        ),
    ]
    record_export_parts = [
        ExportPart(
            "enrollments",
            "Group enrollments",
            "groups.export.enrollments",
            order=300,
            models=("peer_groups.Enrollment",),
        ),
        ExportPart(
            "rsvps",
            "Replies to meetings",
            "groups.export.rsvps",
            order=301,
            models=("peer_groups.RSVP",),
        ),
        ExportPart(
            "attendance",
            "Group attendance",
            "groups.export.attendance",
            order=302,
            models=("peer_groups.Attendance",),
        ),
        ExportPart(
            "outside_meetings",
            "Meetings outside the organization",
            "groups.export.outside_meetings",
            order=303,
            models=("peer_groups.OutsideMeeting",),
        ),
    ]
    # A closed record ends the client's places and waiting-list entries, telling facilitators.
    record_closers = ["groups.services.enrollment.enrollments_end_on_record_closed"]
    contact_sources = ["groups.selectors.attendance.attended_sessions"]
    demo_seeders = ["groups.demo.seed"]
    # Booking an appointment warns of a session of a group the client is enrolled in.
    client_busy = ["groups.selectors.session.sessions_clashing"]
