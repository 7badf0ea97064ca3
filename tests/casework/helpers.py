"""Plans and notes made through the services, as staff and clients would make them."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.utils import timezone

from casework.models import Category, GoalDomain, StepOwner
from casework.models.resource import categories_ensure
from casework.services.appointment import appointment_book
from casework.services.note import note_create, note_sign
from casework.services.plan import barrier_add, goal_add, plan_share, plan_start, step_add
from casework.services.referral import referral_send
from casework.services.resource import resource_save


def plan_make(client, manager, *, goals: int = 1, share: bool = False):
    """A plan with ``goals`` goals, each with a client step, a case-manager step and a barrier
    with a strategy."""
    plan = plan_start(client=client, actor=manager)
    for n in range(goals):
        goal = goal_add(
            plan=plan,
            actor=manager,
            fields={
                "domain": GoalDomain.HOUSING if n % 2 else GoalDomain.SUBSTANCE_USE,
                "statement": f"Goal number {n} in my own words",
                "target": "Something I can count",
                "target_date": timezone.localdate() + dt.timedelta(days=60),
                "services": ["counseling", "peer_groups"],
            },
        )
        step_add(goal=goal, actor=manager, fields={"owner": StepOwner.CLIENT, "what": f"Do {n}"})
        step_add(
            goal=goal, actor=manager, fields={"owner": StepOwner.CASE_MANAGER, "what": f"Call {n}"}
        )
        barrier_add(goal=goal, actor=manager, description=f"Barrier {n}", strategy=f"Helps {n}")
    if share:
        plan_share(plan=plan, actor=manager)
        plan.refresh_from_db()
    return plan


def note_make(client, author, *, signed: bool = False, shared: bool = False, goals=(), **fields):
    note = note_create(
        client=client,
        author=author,
        fields={
            "contact_type": "in_person",
            "contact_date": timezone.localdate(),
            "duration_minutes": 45,
            "data": "Talked about the week.",
            "assessment": "Doing well.",
            "plan_text": "Meet again next week.",
            "share_with_client": shared,
            **fields,
        },
        goals=goals,
    )
    if signed:
        note = note_sign(note=note, actor=author)
    return note


def resource_make(actor, **overrides):
    categories_ensure()
    data = {
        "organization_name": "Eastside Housing Partners",
        "name": "Recovery Housing Intake",
        "description": "Sober living homes with peer support.",
        "status": "active",
        "phone": "555-0142",
        "address_1": "12 Elm Street",
        "city": "Springfield",
        "state_province": "IL",
        "postal_code": "62701",
        "schedules": [{"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}],
        "hours": "Closed on public holidays",
        "eligibility_description": "Adults in recovery",
        "languages": ["en", "es"],
        "last_verified_on": timezone.localdate(),
    }
    data.update(overrides)
    codes = data.pop("category_codes", ["housing"])
    return resource_save(actor=actor, categories=Category.objects.filter(code__in=codes), **data)


def appointment_make(client, staff, *, in_days: float = 3, **overrides):
    data = {
        "kind": "counseling",
        "starts_at": timezone.now().replace(second=0, microsecond=0) + timedelta(days=in_days),
        "duration_minutes": 50,
        "place": "Room 2, 40 Main Street",
    }
    data.update(overrides)
    return appointment_book(client=client, staff=staff, actor=staff, **data)


def referral_make(client, actor, resource, **overrides):
    data = {"reason": "Needs stable housing", "urgency": "soon", "shared_information": []}
    data.update(overrides)
    return referral_send(client=client, resource=resource, actor=actor, **data)
