"""The groups' part of the demo organization: a realistic week of meetings (AA, NA, SMART
Recovery, Al-Anon, in-house groups), a few weeks of past sessions with attendance, one full
group with a waiting list, and the demo facilitator running two groups. The fellowship
meetings are listed in meeting apps (one of them online only); SMART and the in-house groups
are not. Idempotent: a group
that already exists (by slug) is left alone."""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clients.models import Client, ClientStatus
from clients.services.contact import last_contact_refresh
from groups.models import AttendanceStatus, Audience, Fellowship, Frequency, PeerGroup, Session
from groups.recurrence import occurrences
from groups.services.attendance import attendance_mark, outside_meeting_log
from groups.services.enrollment import enrollment_add, rsvp_set
from groups.services.group import group_create

PAST_WEEKS = 4
PLACE = {
    "location_name": "Eastside Community Center",
    "address": "120 Main St",
    "city": "Springfield",
    "state": "NY",
    "postal_code": "12345",
}

GROUPS = [
    {
        "slug": "tuesday-night-hope-aa",
        "name": "Tuesday Night Hope",
        "kind": Fellowship.AA,
        "audience": Audience.PUBLIC,
        "description": "An open discussion meeting. Newcomers warmly welcome; coffee from 6:30.",
        "types": ["O", "D"],
        **PLACE,
        "room": "Room 2",
        "is_public": True,
        "schedule": {"frequency": Frequency.WEEKLY, "weekdays": [1], "time": (19, 0), "len": 60},
        "members": 10,
    },
    {
        "slug": "new-freedom-na",
        "name": "New Freedom",
        "kind": Fellowship.NA,
        "audience": Audience.PUBLIC,
        "description": "Step study on Mondays, speaker meeting on Thursdays.",
        "types": ["C", "ST"],
        **PLACE,
        "room": "Hall",
        "online_url": "https://meet.example.org/new-freedom",
        "online_notes": "Passcode: hope",
        "is_public": True,
        "schedule": {
            "frequency": Frequency.WEEKLY,
            "weekdays": [0, 3],
            "time": (18, 30),
            "len": 90,
        },
        "members": 6,
    },
    {
        "slug": "smart-recovery-midday",
        "name": "SMART Recovery Midday",
        "kind": Fellowship.SMART,
        "audience": Audience.PUBLIC,
        "description": "Science-based, self-empowering tools, online over lunch.",
        "types": ["O"],
        "online_url": "https://meet.example.org/smart-midday",
        "dial_in": "+15555550100",
        "is_public": True,
        # Public, but not a fellowship meeting meeting apps list: not in the Meeting Guide feed.
        "in_meeting_apps": False,
        "self_enroll": True,
        "schedule": {"frequency": Frequency.WEEKLY, "weekdays": [2], "time": (12, 0), "len": 60},
        "members": 5,
    },
    {
        # Online only: the Meeting Guide feed gives the organization's city and region as its
        # approximate location, and the dial-in as a one-tap link.
        "slug": "daily-reflections-online-aa",
        "name": "Daily Reflections Online",
        "kind": Fellowship.AA,
        "audience": Audience.PUBLIC,
        "description": "A reading from Daily Reflections and open sharing, before work.",
        "types": ["O", "D"],
        "online_url": "https://meet.example.org/daily-reflections",
        "online_notes": "Passcode: 24hours",
        "dial_in": "+1 555 555 0123,,24681357#",
        "is_public": True,
        "schedule": {
            "frequency": Frequency.WEEKLY,
            "weekdays": [0, 1, 2, 3, 4],
            "time": (7, 0),
            "len": 60,
        },
        "members": 0,
    },
    {
        "slug": "saturday-al-anon",
        "name": "Saturday Morning Al-Anon",
        "kind": Fellowship.FAMILY,
        "audience": Audience.FAMILIES,
        "description": "For family and friends of people who drink or use.",
        "types": ["O", "AL-AN"],
        **PLACE,
        "room": "Library",
        "is_public": True,
        "schedule": {"frequency": Frequency.WEEKLY, "weekdays": [5], "time": (10, 0), "len": 60},
        "members": 0,
    },
    {
        "slug": "peer-support-circle",
        "name": "Peer Support Circle",
        "kind": Fellowship.PEER,
        "audience": Audience.CLIENTS,
        "description": "A small, peer-led circle for people in our program. Full for now.",
        **PLACE,
        "room": "Room 4",
        "capacity": 8,
        "self_enroll": True,
        "facilitated": True,
        "schedule": {"frequency": Frequency.WEEKLY, "weekdays": [4], "time": (15, 0), "len": 75},
        "members": 10,  # two more than the places: a waiting list
    },
    {
        "slug": "cbt-skills",
        "name": "CBT Skills Group",
        "kind": Fellowship.SKILLS,
        "audience": Audience.CLIENTS,
        "description": "Practical skills for cravings, stress and sleep. Every other Thursday.",
        **PLACE,
        "room": "Room 4",
        "capacity": 12,
        "self_enroll": True,
        "facilitated": True,
        "schedule": {"frequency": Frequency.BIWEEKLY, "weekdays": [3], "time": (17, 0), "len": 90},
        "members": 6,
    },
    {
        "slug": "family-education-night",
        "name": "Family Education Night",
        "kind": Fellowship.FAMILY_EDUCATION,
        "audience": Audience.FAMILIES,
        "description": "The first Tuesday of the month: understanding addiction and recovery.",
        **PLACE,
        "room": "Hall",
        "schedule": {
            "frequency": Frequency.MONTHLY,
            "weekdays": [1],
            "nth": 1,
            "time": (18, 0),
            "len": 90,
        },
        "members": 0,
    },
]


def seed(people) -> None:
    clients = list(
        Client.objects.filter(status__in=[ClientStatus.ACTIVE, ClientStatus.AFTERCARE]).order_by(
            "pk"
        )
    )
    demo_client = Client.objects.filter(user=people.get("client@example.org")).first()
    # Attending a group is contact too: the clients casework's demo left out of touch (Today's
    # "no contact for 30 days") stay out of the groups, so the demo still shows some.
    last_contact_refresh(client_ids=[c.pk for c in clients])
    cutoff = timezone.now() - dt.timedelta(days=settings.NO_CONTACT_DAYS)
    out_of_touch = set(
        Client.objects.filter(
            pk__in=[c.pk for c in clients], last_contact_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    others = [c for c in clients if c != demo_client and c.pk not in out_of_touch]
    for n, spec in enumerate(GROUPS):
        if not PeerGroup.objects.filter(slug=spec["slug"]).exists():
            _seed_group(spec, n, people, demo_client, others)
    if demo_client is not None and not demo_client.outside_meetings.exists():
        today = timezone.localdate()
        for days, name in [(2, "Downtown Big Book"), (6, "Sunrise NA"), (13, "Downtown Big Book")]:
            outside_meeting_log(
                client=demo_client, name=name, attended_on=today - dt.timedelta(days=days)
            )


@transaction.atomic
def _seed_group(spec: dict, n: int, people: dict, demo_client, others: list) -> None:
    rng = random.Random(300 + n)
    spec = dict(spec)
    schedule = spec.pop("schedule")
    members = spec.pop("members")
    facilitated = spec.pop("facilitated", False)
    actor = people["supervisor@example.org"]
    today = timezone.localdate()
    hour, minute = schedule["time"]
    group = group_create(
        actor=actor,
        facilitators=[people["facilitator@example.org"]] if facilitated else [],
        schedule={
            "frequency": schedule["frequency"],
            "weekdays": schedule["weekdays"],
            "nth": schedule.get("nth"),
            "start_time": dt.time(hour, minute),
            "duration_minutes": schedule["len"],
            "time_zone": settings.TIME_ZONE,
            "starts_on": today - dt.timedelta(weeks=PAST_WEEKS + 2),
        },
        **spec,
    )
    # The demo client is in the AA meeting and the full peer circle; the CBT group stays open
    # for them to join.
    chosen = []
    if demo_client is not None and spec["slug"] in ("tuesday-night-hope-aa", "peer-support-circle"):
        chosen.append(demo_client)
    chosen += rng.sample(others, min(max(members - len(chosen), 0), len(others)))
    for client in chosen:
        enrollment_add(group=group, client=client, actor=actor)
    _past_sessions(group, rng, today)
    upcoming = Session.objects.filter(group=group, starts_at__gt=timezone.now()).first()
    if upcoming and demo_client is not None and demo_client in chosen:
        rsvp_set(session=upcoming, client=demo_client, answer="going")


def _past_sessions(group: PeerGroup, rng: random.Random, today: dt.date) -> None:
    """A few weeks of sessions already held, with their attendance."""
    now = timezone.now()
    enrolled = list(group.enrollments.filter(status="enrolled").values_list("client_id", flat=True))
    facilitator = group.facilitators.first()
    weights = [
        (AttendanceStatus.PRESENT, 70),
        (AttendanceStatus.LATE, 10),
        (AttendanceStatus.EXCUSED, 8),
        (AttendanceStatus.ABSENT, 12),
    ]
    for day, starts, ends in occurrences(
        group.schedule, today - dt.timedelta(weeks=PAST_WEEKS), today
    ):
        if ends > now:
            continue
        session, _ = Session.objects.get_or_create(
            group=group, occurs_on=day, defaults={"starts_at": starts, "ends_at": ends}
        )
        for client_id in enrolled:
            status = rng.choices([w[0] for w in weights], [w[1] for w in weights])[0]
            attendance_mark(session=session, client_id=client_id, status=status, actor=facilitator)
