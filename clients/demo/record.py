"""Demo client records: client@example.org on casemanager@'s caseload,
client2@example.org on casemanager2@'s, and about 40 more clearly fictional people across
statuses and programs, each with an intake and screenings at realistic dates.

Idempotent: a client whose e-mail is already there is left alone. Deterministic: the same
people, answers and dates (relative to today) on every machine.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from clients.instruments.catalog import answers_for_score, instrument
from clients.models import Client, ClientStatus, ClientStatusChange, Intake, Program
from clients.services.intake import intake_complete, intake_section_save, intake_start
from clients.services.record import case_assign, client_create, client_status_change
from clients.services.screening import screening_record

PROGRAMS = [
    ("Outpatient — Eastside", "140 Harbor Street, Eastside"),
    ("Intensive outpatient — Downtown", "22 Market Square, Downtown"),
    ("Recovery housing support", "Various recovery residences"),
    ("Peer recovery coaching", "Community center, Northgate"),
]

FIRST = [
    "Alex",
    "Bailey",
    "Cameron",
    "Dakota",
    "Emerson",
    "Finley",
    "Gray",
    "Harper",
    "Indigo",
    "Jules",
    "Kendall",
    "Lane",
    "Marlowe",
    "Noel",
    "Oakley",
    "Parker",
    "Quinn",
    "Reese",
    "Sage",
    "Tatum",
    "Umber",
    "Val",
    "Wren",
    "Xen",
    "Yael",
    "Zion",
    "Arden",
    "Blair",
    "Corin",
    "Devon",
    "Ellis",
    "Frankie",
    "Greer",
    "Hollis",
    "Ira",
    "Jessie",
    "Kit",
    "Linden",
    "Milan",
    "Nico",
]
LAST = [
    "Ashgrove",
    "Birchfield",
    "Cloudwell",
    "Dunmore",
    "Elmstead",
    "Fernhill",
    "Glenbrook",
    "Hartwell",
    "Ivybridge",
    "Juniper",
    "Kestrel",
    "Larkspur",
    "Meadowvale",
    "Northcott",
    "Oakhurst",
    "Pinecrest",
    "Quarry",
    "Ravenscroft",
    "Stonebridge",
    "Thornbury",
]
# (status, how many): realistic mix of a caseload.
STATUS_MIX = (
    [ClientStatus.REFERRED] * 4
    + [ClientStatus.INTAKE] * 4
    + [ClientStatus.ACTIVE] * 18
    + [ClientStatus.AFTERCARE] * 8
    + [ClientStatus.DISCHARGED] * 4
    + [ClientStatus.CLOSED] * 2
)
NEEDS = [
    ("housing", "Find stable housing near the bus line", "urgent"),
    ("employment_education", "Finish a GED and look for part-time work", "soon"),
    ("physical_health", "Get a primary care appointment and a dental check", "soon"),
    ("mental_health", "Connect with a counselor for anxiety", "soon"),
    ("legal", "Keep court dates and meet the probation officer monthly", "urgent"),
    ("family_social", "Rebuild contact with their sister", "later"),
    ("transportation", "Get a bus pass", "urgent"),
    ("finances", "Apply for SNAP benefits", "soon"),
]
GOALS = [
    "I want to get my kids back and be there for them.",
    "Stay sober, keep my job, and move into my own place by summer.",
    "Feel like myself again and go back to school.",
    "Have a calm life, go to meetings, and be a good friend.",
    "Get healthy and fix things with my family.",
]
SUBSTANCES = ["alcohol", "opioids", "stimulants", "cannabis", "benzodiazepines"]
HOUSING = ["own_or_rent", "family_friends", "recovery_residence", "shelter"]
EMPLOYMENT = ["full_time", "part_time", "unemployed_looking", "student", "disability"]


def _people_specs(people) -> list[dict]:
    cm1 = people["casemanager@example.org"]
    cm2 = people["casemanager2@example.org"]
    specs = [
        {
            "user": people["client@example.org"],
            "first": "Jordan",
            "last": "Rivers",
            "preferred": "",
            "email": "client@example.org",
            "status": ClientStatus.ACTIVE,
            "case_manager": cm1,
            "program": 0,
            "months": 5,
        },
        {
            "user": people["client2@example.org"],
            "first": "Riley",
            "last": "Brooks",
            "preferred": "",
            "email": "client2@example.org",
            "status": ClientStatus.ACTIVE,
            "case_manager": cm2,
            "program": 1,
            "months": 3,
        },
    ]
    for i, status in enumerate(STATUS_MIX):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        specs.append(
            {
                "user": None,
                "first": first,
                "last": last,
                "preferred": "",
                "email": f"{first}.{last}.demo{i}@example.net".lower(),
                "status": status,
                "case_manager": cm1 if i % 2 == 0 else cm2,
                "program": i % len(PROGRAMS),
                "months": 1 + (i * 5) % 20,
            }
        )
    return specs


def seed_clients(people) -> None:
    programs = [
        Program.objects.get_or_create(name=name, defaults={"location": where})[0]
        for name, where in PROGRAMS
    ]
    actor = people["supervisor@example.org"]
    for n, spec in enumerate(_people_specs(people)):
        exists = Client.objects.filter(email=spec["email"]).exists() or (
            spec["user"] is not None and Client.objects.filter(user=spec["user"]).exists()
        )
        if not exists:
            _seed_one(spec, n, programs[spec["program"]], actor)


# Where each status's path leads after intake, and why.
_PATH_REASONS = {
    ClientStatus.AFTERCARE: "Finished the active phase; continuing care",
    ClientStatus.DISCHARGED: "Completed the program",
    ClientStatus.CLOSED: "Moved out of the area",
}


@transaction.atomic
def _seed_one(spec: dict, n: int, program: Program, actor) -> None:
    """One person: referred, then (by their status) through intake with baseline screenings,
    along their path, with screenings every 90 days while in care."""
    rng = random.Random(1000 + n)
    started = timezone.now() - dt.timedelta(days=30 * spec["months"] + rng.randint(0, 20))
    client = _referral(spec, n, program, actor, rng, started)
    if spec["status"] != ClientStatus.REFERRED:
        intake, baseline = _intake_with_screenings(client, spec["case_manager"], rng, started)
        if spec["status"] != ClientStatus.INTAKE:
            _after_intake(client, intake, spec, n, baseline, started)
    _backdate(client, started)


def _referral(spec, n: int, program: Program, actor, rng, started) -> Client:
    born = dt.date(1960 + rng.randint(0, 42), rng.randint(1, 12), rng.randint(1, 28))
    cm = spec["case_manager"]
    client = client_create(
        actor=cm,
        legal_first_name=spec["first"],
        legal_last_name=spec["last"],
        preferred_name=spec["preferred"],
        date_of_birth=born,
        email=spec["email"],
        phone=f"555-01{n:02d}",
        program=program,
        referral_source=rng.choice(["Detox unit", "Drug court", "Self", "Hospital ED", "Family"]),
        status=ClientStatus.REFERRED,
        user=spec["user"],
        created_at=started - dt.timedelta(days=3),
        city="Springfield",
        state="NY",
    )
    case_assign(client=client, case_manager=cm, actor=actor, reason="Assigned at referral")
    return client


def _screen(client, cm, code: str, score: int, at, *, intake=None, q9: int = 0) -> None:
    """A screening with ``score``; PHQ-9 keeps item 9 (self-harm) at ``q9``."""
    screening_record(
        client=client,
        instrument=instrument(code),
        answers=answers_for_score(
            instrument(code), score, keep={"q9": q9} if code == "phq9" else None
        ),
        actor=cm,
        intake=intake,
        administered_at=at,
    )


def _intake_with_screenings(client, cm, rng, started) -> tuple[Intake, dict[str, int]]:
    """A filled-in intake with the five baseline screenings; returns the mood and recovery
    capital baselines the later screenings improve on."""
    intake = intake_start(client=client, actor=cm)
    _fill_intake(intake, cm, rng)
    baseline = {
        "barc10": rng.randint(24, 44),
        "phq9": rng.randint(4, 18),
        "gad7": rng.randint(3, 15),
    }
    for code, score in (
        ("audit_c", rng.randint(0, 10)),
        ("nida_single_question", rng.randint(0, 4)),
        ("phq9", baseline["phq9"]),
        ("gad7", baseline["gad7"]),
        ("barc10", baseline["barc10"]),
    ):
        _screen(client, cm, code, score, started, intake=intake)
    return intake, baseline


def _after_intake(client, intake, spec, n: int, baseline: dict[str, int], started) -> None:
    cm, status = spec["case_manager"], spec["status"]
    intake_complete(intake=intake, actor=cm, activate=True)
    if status in _PATH_REASONS:
        client_status_change(
            client=client, to_status=status, actor=cm, reason=_PATH_REASONS[status]
        )
    if status in (ClientStatus.ACTIVE, ClientStatus.AFTERCARE):
        _repeat_screenings(client, cm, baseline, started)
    # One person on each case manager's caseload answered PHQ-9 item 9 recently: an open alert.
    if n in (10, 11):
        _screen(client, cm, "phq9", 12, timezone.now() - dt.timedelta(days=1), q9=1)


def _repeat_screenings(client, cm, baseline: dict[str, int], started) -> None:
    """Every 90 days since intake: mood easing, recovery capital growing."""
    now = timezone.now()
    at, step = started + dt.timedelta(days=90), 1
    while at < now - dt.timedelta(days=5):
        _screen(client, cm, "phq9", max(0, baseline["phq9"] - 3 * step), at)
        _screen(client, cm, "gad7", max(0, baseline["gad7"] - 2 * step), at)
        _screen(client, cm, "barc10", min(60, baseline["barc10"] + 5 * step), at)
        at, step = at + dt.timedelta(days=90), step + 1


def _fill_intake(intake: Intake, actor, rng: random.Random) -> None:
    primary = rng.choice(SUBSTANCES)
    last_use = timezone.localdate() - dt.timedelta(days=rng.randint(20, 400))
    needs = [
        {"domain": d, "description": text, "priority": p} for d, text, p in rng.sample(NEEDS, 3)
    ]
    sections = {
        "identity": {"done": True},
        "substance_use": {
            "primary_substance": primary,
            "age_first_use": rng.randint(12, 30),
            "last_use_date": last_use.isoformat(),
            "prior_treatment_episodes": rng.randint(0, 4),
            "overdose_history": rng.choice(["never", "past_year", "earlier"]),
            "medication_for_recovery": "buprenorphine" if primary == "opioids" else "none",
            "has_naloxone": "yes",
        },
        "physical_health": {"health_insurance": rng.choice(["medicaid", "private", "none"])},
        "mental_health": {"in_treatment": rng.choice(["yes", "no"])},
        "housing": {"housing_status": rng.choice(HOUSING), "safe_and_stable": "yes"},
        "employment_education": {
            "employment_status": rng.choice(EMPLOYMENT),
            "education": "high_school",
        },
        "legal": {"probation_or_parole": rng.choice(["yes", "no", "no"])},
        "family_social": {"supportive_people": "A sponsor and an aunt who checks in weekly."},
        "strengths": {
            "strengths": "Determined, funny, good with their hands.",
            "goals_in_own_words": rng.choice(GOALS),
            "needs": needs,
        },
        "screenings": {"done": ["audit_c", "barc10", "gad7", "nida_single_question", "phq9"]},
    }
    for step, answers in sections.items():
        intake_section_save(intake=intake, step=step, answers=answers, actor=actor)


def _backdate(client: Client, started: dt.datetime) -> None:
    """Spread the record's history over its real time span (the services stamp "now")."""
    changes = list(ClientStatusChange.objects.filter(client=client).order_by("at", "id"))
    latest = timezone.now() - dt.timedelta(days=1)
    for i, change in enumerate(changes):
        at = started - dt.timedelta(days=3) + dt.timedelta(days=i * 20)
        ClientStatusChange.objects.filter(pk=change.pk).update(at=min(at, latest))
    client.assignments.update(started_at=started - dt.timedelta(days=3))
    Intake.objects.filter(client=client).update(started_at=started)
    Intake.objects.filter(client=client, completed_at__isnull=False).update(
        completed_at=started + dt.timedelta(days=2)
    )
    client.intake_needs.update(created_at=started + dt.timedelta(days=2))
