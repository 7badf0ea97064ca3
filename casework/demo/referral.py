"""Casework's part of the demo organization; the bulk builder behind
``manage.py seed_demo --scale N`` (benchmarks only) is in ``scale.py``.

``seed_appointments_referrals``: a directory of about thirty fictional services, appointments
in every state for the demo clients, referrals in every state; client@example.org has upcoming
appointments and referrals, one of which shares information under a consent they signed.
Idempotent: services are keyed by fixed HSDS ids, and a client who already has appointments
(or referrals) is left alone. Deterministic: the same data (dates relative to today) everywhere.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from casework.hsds_fields import language_code, parse_hours
from casework.models import (
    Appointment,
    AppointmentStatus,
    Category,
    Organization,
    Referral,
    Resource,
)
from casework.models.resource import categories_ensure
from casework.selectors.appointment import LIVE
from casework.services.appointment import (
    appointment_book,
    appointment_reschedule,
    reschedule_request_create,
)
from casework.services.referral import referral_send, referral_update
from clients.models import Client, InformationKind, Purpose
from clients.models.client import OPEN_STATUSES
from clients.selectors.record import primary_case_manager
from clients.services.consent import consent_request, consent_sign

DEMO_NAMESPACE = uuid.UUID("0f6c2d4e-3b1a-4c5d-8e9f-a0b1c2d3e4f5")

# The fictional Springfield directory: organization, service, categories, phone, address, hours,
# eligibility, fees, languages, days since verified, description.
DIRECTORY_FILE = Path(__file__).resolve().parent / "demo_directory.json"


def seed_directory() -> list[Resource]:
    """The fictional Springfield directory; services keep fixed HSDS ids (idempotent)."""
    categories_ensure()
    categories = {c.code: c for c in Category.objects.all()}
    today = timezone.localdate()
    found = []
    for entry in json.loads(DIRECTORY_FILE.read_text()):
        org_name, name, address = entry["organization"], entry["service"], entry["address"]
        org, _ = Organization.objects.get_or_create(
            hsds_id=uuid.uuid5(DEMO_NAMESPACE, org_name),
            defaults={"name": org_name, "description": f"{org_name}, Springfield."},
        )
        resource, created = Resource.objects.get_or_create(
            hsds_id=uuid.uuid5(DEMO_NAMESPACE, f"{org_name}/{name}"),
            defaults={
                "organization": org,
                "name": name,
                "description": entry["description"],
                "keywords": entry.get("keywords", ""),
                "phone": entry["phone"],
                "address_1": address,
                "city": "Springfield" if address else "",
                # The same town as the demo's meetings (groups/demo.py).
                "state_province": "NY" if address else "",
                "postal_code": "12345" if address else "",
                "schedules": parse_hours(entry["hours"])[0],
                "hours": parse_hours(entry["hours"])[1],
                "eligibility_description": entry["eligibility"],
                "fees_description": entry["fees"],
                "languages": [language_code(name) or name for name in entry["languages"]],
                "url": f"https://{slugify(org_name)}.example.org",
                "last_verified_on": today - timedelta(days=entry["verified_days_ago"]),
            },
        )
        if created:
            resource.categories.set([categories[c] for c in entry["categories"]])
        found.append(resource)
    return found


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _free(staff, starts: datetime, minutes: int) -> datetime:
    """``starts``, or the next hour after it, within office hours, when ``staff`` has nothing
    else: the demo's week shows no accidental overlap (the week view would mark it)."""
    for _ in range(60):
        local = timezone.localtime(starts)
        if local.hour >= 18:
            starts = _at((local.date() - timezone.localdate()).days + 1, 9, local.minute)
            continue
        ends = starts + timedelta(minutes=minutes)
        taken = Appointment.objects.filter(
            staff=staff,
            status__in=LIVE,
            starts_at__lt=ends,
            starts_at__gt=starts - timedelta(minutes=480),
        )
        if all(other.ends_at <= starts for other in taken):
            return starts
        starts += timedelta(hours=1)
    return starts


def _past(client, staff, days_ago: int, status: str, kind: str = "case_management") -> None:
    """History: an appointment that already happened (no reminders: they are long past)."""
    starts = _free(staff, _at(-days_ago, 9 + days_ago % 7), 50)
    Appointment.objects.create(
        client=client,
        staff=staff,
        kind=kind,
        starts_at=starts,
        duration_minutes=50,
        place="Eastside office, room 3",
        status=status,
        status_changed_at=starts + timedelta(hours=1),
        created_by=staff,
        created_at=starts - timedelta(days=10),
    )


def _seed_appointments(client: Client, staff, index: int) -> None:
    rng = random.Random(500 + index)
    # A few clients have had no contact for more than 30 days: they show on Today.
    last_seen = 40 + rng.randint(0, 20) if index % 6 == 5 else 3 + rng.randint(0, 20)
    _past(client, staff, last_seen, AppointmentStatus.COMPLETED, "counseling")
    _past(client, staff, last_seen + 14, AppointmentStatus.COMPLETED)
    if index % 3 == 0:
        _past(client, staff, last_seen + 7, AppointmentStatus.NO_SHOW)
    if index % 4 == 1:
        _past(client, staff, last_seen + 21, AppointmentStatus.CANCELLED, "medical")
    if index % 6 == 5:
        return
    # Coming up: some today, the rest over the next two weeks.
    day = 0 if index % 5 == 0 else 1 + rng.randint(0, 12)
    minutes = rng.choice([30, 45, 50, 60])
    upcoming = appointment_book(
        client=client,
        staff=staff,
        kind=["case_management", "counseling", "medical"][index % 3],
        starts_at=_free(staff, _at(day, 9 + rng.randint(0, 7), rng.choice([0, 30])), minutes),
        duration_minutes=minutes,
        place="" if index % 4 == 2 else "Eastside office, room 3",
        video_url="https://video.example.org/room/demo" if index % 4 == 2 else "",
        actor=staff,
    )
    if index % 7 == 3 and upcoming.starts_at > timezone.now():
        appointment_reschedule(
            appointment=upcoming,
            starts_at=_free(staff, upcoming.starts_at + timedelta(days=1), minutes),
            actor=staff,
        )


@transaction.atomic
def _seed_jordan(client: Client, staff, resources: dict[str, Resource]) -> None:
    """client@example.org: upcoming appointments, one they asked to move, and referrals in
    several states, one sharing their contact details under a consent they signed."""
    _jordan_appointments(client, staff)
    _jordan_referrals(client, staff, resources)


def _jordan_appointments(client: Client, staff) -> None:
    """Three past appointments, two upcoming, and a request to move the later one."""
    _past(client, staff, 9, AppointmentStatus.COMPLETED, "counseling")
    _past(client, staff, 23, AppointmentStatus.COMPLETED)
    _past(client, staff, 16, AppointmentStatus.NO_SHOW)
    appointment_book(
        client=client,
        staff=staff,
        kind="counseling",
        starts_at=_free(staff, _at(1, 10), 50),
        duration_minutes=50,
        place="Eastside office, room 3",
        actor=staff,
    )
    later = appointment_book(
        client=client,
        staff=staff,
        kind="case_management",
        starts_at=_free(staff, _at(8, 14, 30), 45),
        duration_minutes=45,
        video_url="https://video.example.org/room/jordan",
        actor=staff,
    )
    reschedule_request_create(
        appointment=later,
        user=client.user,
        message="Could we do mornings that week? I start a new job.",
    )


def _jordan_referrals(client: Client, staff, resources: dict[str, Resource]) -> None:
    """A consent to share contact details with referral providers, and three referrals: one
    sharing them (accepted), one sharing nothing, one carried through to completed."""
    consent = consent_request(
        client=client,
        actor=staff,
        discloser="Recovery Portal and its staff",
        information_kinds=[InformationKind.CONTACT, InformationKind.APPOINTMENTS],
        information_description="My name, phone number and appointment times",
        recipient_class="referral_providers",
        purpose=Purpose.REFERRAL,
        expiry_event="when the referral is closed",
    )
    consent_sign(consent=consent, user=client.user, typed_name=client.legal_name, confirmed=True)
    housing = referral_send(
        client=client,
        resource=resources["Recovery residence placement"],
        reason="Lease ends next month; wants a recovery residence close to work.",
        urgency="soon",
        shared_information=[InformationKind.CONTACT],
        shared_description="Name and phone number, so the placement team can call",
        event_confirmed=True,  # the consent ends when the referral is closed: it is not yet
        actor=staff,
    )
    referral_update(referral=housing, status="accepted", note="Intake call booked", actor=staff)
    referral_send(
        client=client,
        resource=resources["Job readiness workshop"],
        reason="Interview practice before starting work.",
        urgency="routine",
        actor=staff,
    )
    food = referral_send(
        client=client,
        resource=resources["Weekly groceries"],
        reason="Short on groceries until the first paycheck.",
        urgency="urgent",
        actor=staff,
    )
    referral_update(referral=food, status="accepted", actor=staff)
    referral_update(
        referral=food,
        status="scheduled",
        first_visit_on=timezone.localdate() - timedelta(days=5),
        actor=staff,
    )
    referral_update(referral=food, status="completed", note="Picked up groceries", actor=staff)


# Each demo referral path: the steps after "sent", and how many days ago it last moved.
REFERRAL_PATHS = [
    ([], 10),  # sent, no news for 10 days: needs follow-up
    (["accepted"], 2),
    (["accepted", "scheduled"], 1),
    (["accepted", "scheduled", "completed"], 20),
    (["declined"], 15),
    (["accepted", "scheduled", "no_show"], 9),
    ([], 1),
]


@transaction.atomic
def _seed_referral(client: Client, staff, resource: Resource, index: int) -> None:
    steps, days_ago = REFERRAL_PATHS[index % len(REFERRAL_PATHS)]
    referral = referral_send(
        client=client,
        resource=resource,
        reason=f"Needs help with {resource.categories.first().name.lower()}.",
        urgency=["routine", "soon", "urgent"][index % 3],
        actor=staff,
    )
    for step in steps:
        referral = referral_update(
            referral=referral,
            status=step,
            first_visit_on=timezone.localdate() + timedelta(days=3)
            if step == "scheduled"
            else None,
            actor=staff,
        )
    # History: the referral was made earlier than today, and last moved ``days_ago``.
    moved = timezone.now() - timedelta(days=days_ago)
    dates = {"sent_at": moved - timedelta(days=2 * len(steps))}
    for n, step in enumerate(steps):
        field = {
            "accepted": "accepted_at",
            "scheduled": "scheduled_at",
            "completed": "completed_at",
            "declined": "declined_at",
            "no_show": "no_show_at",
        }[step]
        dates[field] = moved - timedelta(days=2 * (len(steps) - n - 1))
    Referral.objects.filter(pk=referral.pk).update(last_update_at=moved, **dates)


def seed_appointments_referrals(people) -> None:
    resources = {r.name: r for r in seed_directory()}
    ordered = list(resources.values())
    jordan = Client.objects.filter(user=people["client@example.org"]).first()
    if jordan is not None and not jordan.appointments.exists():
        _seed_jordan(jordan, people["casemanager@example.org"], resources)
    clients = (
        Client.objects.filter(status__in=OPEN_STATUSES)
        .exclude(pk=getattr(jordan, "pk", None))
        .order_by("pk")
    )
    for index, client in enumerate(clients):
        staff = primary_case_manager(client)
        if staff is None:
            continue
        if not client.appointments.exists():
            with transaction.atomic():
                _seed_appointments(client, staff, index)
        if not client.referrals.exists():
            _seed_referral(client, staff, ordered[(index * 7) % len(ordered)], index)
