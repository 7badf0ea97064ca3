"""Plans and notes made through the services, as staff and clients would make them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casework.models import GoalDomain, StepOwner
from casework.services import (
    barrier_add,
    goal_add,
    note_create,
    note_sign,
    plan_share,
    plan_start,
    step_add,
)


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
