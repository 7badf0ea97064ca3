"""Casework's part of the demo organization: a recovery plan for every client on a caseload
(some reviews overdue, one still empty, one client with an earlier plan closed) and progress
notes; client@example.org has an active plan with three
goals, steps, barriers and strategies, a revised version waiting for their acknowledgement,
and notes signed, unsigned, with addenda and shared with them.

Idempotent: a client who already has a plan (or notes) is left alone. Made through the
services, as staff would; only dates are moved back afterwards so the demo has a history.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from casework.models import GoalDomain, GoalStatus, ProgressNote, RecoveryPlan, StepOwner
from casework.services.note import note_addendum_add, note_cosign, note_create, note_sign
from casework.services.plan import (
    barrier_add,
    goal_add,
    goal_update,
    plan_acknowledge,
    plan_close,
    plan_review,
    plan_share,
    plan_start,
    step_add,
    step_client_update,
)
from clients.models import CaseAssignment
from clients.selectors.intake import intake_needs_of

JORDAN_GOALS = [
    {
        "goal": {
            "domain": GoalDomain.SUBSTANCE_USE,
            "statement": "I want to stay sober one day at a time and have people to call.",
            "target": "Three meetings a week and a call with my sponsor every Sunday",
            "priority": "high",
            "status": GoalStatus.IN_PROGRESS,
            "services": ["peer_groups", "counseling"],
        },
        "steps": [
            (StepOwner.CLIENT, "Go to the Tuesday and Thursday evening groups", 14),
            (StepOwner.CLIENT, "Ask someone at group to be my sponsor", 30),
            (StepOwner.CASE_MANAGER, "Find a Saturday meeting near the bus line", 7),
        ],
        "barrier": (
            "Evenings alone at home are the hardest",
            "Text my sponsor or go to the café group",
        ),
    },
    {
        "goal": {
            "domain": GoalDomain.HOUSING,
            "statement": "I want a place of my own where I feel safe.",
            "target": "A signed lease",
            "priority": "high",
            "status": GoalStatus.NOT_STARTED,
            "services": ["case_management", "referral"],
        },
        "steps": [
            (StepOwner.CASE_MANAGER, "Apply for the housing voucher together", 21),
            (StepOwner.CLIENT, "Collect my ID and last three pay slips", 14),
        ],
        "barrier": ("No rental history", "Ask the recovery residence manager for a reference"),
    },
    {
        "goal": {
            "domain": GoalDomain.EMPLOYMENT_EDUCATION,
            "statement": "I'd like to get back to work, maybe in a kitchen again.",
            "target": "Part-time job of at least 20 hours a week",
            "priority": "medium",
            "status": GoalStatus.NOT_STARTED,
            "services": ["other"],
            "services_note": "Workforce center job club",
        },
        "steps": [(StepOwner.OTHER, "Help with my résumé", 30)],
        "barrier": ("Gaps in my work history", "Practise how to talk about them at the job club"),
    },
]


def seed(people) -> None:
    jordan_manager = people["casemanager@example.org"]
    assignments = CaseAssignment.objects.filter(
        ended_at__isnull=True, is_primary=True
    ).select_related("client", "case_manager")
    for index, assignment in enumerate(assignments.order_by("client_id")):
        client = assignment.client
        if RecoveryPlan.objects.filter(client=client).exists():
            continue
        if client.user_id == people["client@example.org"].pk:
            _seed_jordan(client, jordan_manager, people["supervisor@example.org"])
        else:
            _seed_plan(client, assignment.case_manager, index)


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


CLOSED_PLAN_GOALS = [
    ("Finish the outpatient programme", "All twelve sessions", GoalStatus.ACHIEVED),
    ("Move in with my sister", "", GoalStatus.REVISED),
    ("Take the night class", "Enrol by spring", GoalStatus.DISCONTINUED),
]


def _seed_closed_plan(client, manager) -> None:
    """An earlier plan, closed months ago: its goals achieved, revised and discontinued."""
    plan = plan_start(client=client, actor=manager, needs=[])
    for statement, target, status in CLOSED_PLAN_GOALS:
        fields = {"domain": GoalDomain.OTHER, "statement": statement, "target": target}
        goal = goal_add(plan=plan, actor=manager, fields={**fields, "target_date": _days(-120)})
        step_add(goal=goal, actor=manager, fields={"owner": StepOwner.CLIENT, "what": "Start"})
        goal_update(goal=goal, actor=manager, fields={"status": status})
    plan_share(plan=plan, actor=manager)
    plan_close(plan=plan, actor=manager)
    earlier = timezone.now() - dt.timedelta(days=200)
    RecoveryPlan.objects.filter(pk=plan.pk).update(
        created_at=earlier, closed_at=earlier + dt.timedelta(days=90)
    )


@transaction.atomic
def _seed_plan(client, manager, index: int) -> None:
    if index == 1:
        _seed_closed_plan(client, manager)
    if index == 2:
        plan_start(client=client, actor=manager, needs=[])  # an empty draft: no goals yet
        return
    needs = intake_needs_of(client, open_only=True)[:3]
    plan = plan_start(client=client, actor=manager, needs=needs)
    if not needs:
        goal_add(
            plan=plan,
            actor=manager,
            fields={
                "domain": GoalDomain.SUBSTANCE_USE,
                "statement": "Keep going to my group and stay connected.",
                "target": "Two groups a week",
            },
        )
    first = plan.goals.first()
    step_add(goal=first, actor=manager, fields={"owner": StepOwner.CLIENT, "what": "Go to group"})
    if index % 5 == 4:
        return  # a few plans are still drafts
    plan_share(plan=plan, actor=manager)
    if index % 3 == 0:
        # Reviews of these plans fell due some days ago (the demo's history, not a service).
        RecoveryPlan.objects.filter(pk=plan.pk).update(review_due=_days(-(index % 20) - 1))
    if index % 2 == 0:
        note = note_create(
            client=client,
            author=manager,
            fields={
                "contact_type": "in_person" if index % 4 else "phone",
                "contact_date": _days(-(index % 10) - 1),
                "duration_minutes": 30,
                "data": "Met to go over the plan. Attended two groups this week.",
                "assessment": "Engaged and hopeful; transport is still hard.",
                "plan_text": "Look up bus passes; meet again in two weeks.",
            },
            goals=[first],
        )
        note_sign(note=note, actor=manager)


@transaction.atomic
def _seed_jordan(client, manager, supervisor) -> None:
    user = client.user
    plan = plan_start(client=client, actor=manager, needs=[])
    goals = []
    for spec in JORDAN_GOALS:
        goal = goal_add(plan=plan, actor=manager, fields=spec["goal"])
        goals.append(goal)
        for owner, what, due in spec["steps"]:
            fields = {"owner": owner, "what": what, "due": _days(due)}
            if owner == StepOwner.OTHER:
                fields["owner_other"] = "Workforce center"
            step_add(goal=goal, actor=manager, fields=fields)
        barrier_add(
            goal=goal, actor=manager, description=spec["barrier"][0], strategy=spec["barrier"][1]
        )
    plan_share(plan=plan, actor=manager)
    plan_acknowledge(plan=plan, user=user)
    first_step = goals[0].steps.first()
    step_client_update(step=first_step, user=user, done=True, comment="Went to both this week!")
    # At the first review the housing goal got under way and a step was added: version 2,
    # which Jordan has not acknowledged yet.
    goal_update(goal=goals[1], actor=manager, fields={"status": GoalStatus.IN_PROGRESS})
    step_add(
        goal=goals[1],
        actor=manager,
        fields={"owner": StepOwner.CLIENT, "what": "Visit two apartments", "due": _days(28)},
    )
    plan_review(
        plan=plan,
        actor=manager,
        revise=True,
        progress={goals[0].pk: "Going to groups regularly.", goals[1].pk: "Voucher applied for."},
        next_review=_days(60),
        summary="Housing search started.",
    )
    _seed_jordan_notes(client, manager, supervisor, goals)


def _seed_jordan_notes(client, manager, supervisor, goals) -> None:
    if ProgressNote.objects.filter(client=client).exists():
        return
    specs = [
        ("in_person", -21, 50, True, True, True),
        ("phone", -14, 15, True, False, False),
        ("video", -7, 30, True, True, False),
        ("collateral", -2, 20, False, False, False),
    ]
    for contact, days, minutes, signed, shared, addendum in specs:
        note = note_create(
            client=client,
            author=manager,
            fields={
                "contact_type": contact,
                "contact_date": _days(days),
                "duration_minutes": minutes,
                "data": "Jordan went to two groups and met a possible sponsor.",
                "assessment": "Motivated; evenings at home remain the hardest time.",
                "plan_text": "Keep the group routine; start the housing voucher application.",
                "share_with_client": shared,
            },
            goals=goals[:2],
        )
        if signed:
            note = note_sign(note=note, actor=manager)
        if addendum:
            note_addendum_add(
                note=note, actor=manager, text="Jordan called later to say the sponsor agreed."
            )
            note_cosign(note=note, actor=supervisor)
