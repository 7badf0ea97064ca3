"""Casework's parts of a client's records-request export (declared in ``apps.py``)."""

from __future__ import annotations

from collections import defaultdict

from casework.models import (
    ActionStep,
    Appointment,
    Barrier,
    Goal,
    NoteAddendum,
    NoteGoal,
    PlanAcknowledgement,
    PlanReview,
    PlanVersion,
    ProgressNote,
    RecoveryPlan,
    Referral,
    RescheduleRequest,
    Strategy,
)
from casework.selectors.plan import shown
from recovery_portal.record_export import rows_of


def plans(client) -> list[dict]:
    return rows_of(RecoveryPlan.objects.filter(client=client).order_by("pk"))


def goals(client) -> list[dict]:
    return rows_of(Goal.objects.filter(plan__client=client).order_by("plan_id", "pk"))


def steps(client) -> list[dict]:
    return rows_of(ActionStep.objects.filter(goal__plan__client=client).order_by("goal_id", "pk"))


def barriers(client) -> list[dict]:
    return rows_of(Barrier.objects.filter(goal__plan__client=client).order_by("goal_id", "pk"))


def strategies(client) -> list[dict]:
    return rows_of(
        Strategy.objects.filter(barrier__goal__plan__client=client).order_by("barrier_id", "pk")
    )


def step_comments(client) -> list[dict]:
    """Every comment the client wrote on their steps, as written, with those they later
    changed or cleared: a step keeps only its latest comment (the ``steps`` part), its
    history (django-simple-history) keeps the earlier ones, and no version holds any."""
    history = (
        ActionStep.history.model.objects.filter(goal__plan__client=client)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "what", "client_comment", "client_comment_at")
    )
    written: dict[tuple, dict] = {}
    latest: dict[int, tuple] = {}
    for step_id, what, comment, at in history:
        latest[step_id] = (step_id, comment, at)
        if comment and (step_id, comment, at) not in written:
            written[(step_id, comment, at)] = {"Step": what, "Comment": comment, "Written at": at}
    current = set(latest.values())
    return [
        {
            "Step": row["Step"],
            "Comment": row["Comment"],
            "Written at": row["Written at"].isoformat() if row["Written at"] else None,
            "Still the step's comment": key in current,
        }
        for key, row in written.items()
    ]


def plan_versions(client) -> list[dict]:
    """Every version of every plan: the whole plan as it was shared with the client (first,
    and at each revision), who shared it and whether the client acknowledged it."""
    versions = (
        PlanVersion.objects.filter(plan__client=client)
        .select_related("plan", "made_by", "acknowledgement__acknowledged_by")
        .order_by("plan__created_at", "plan_id", "number")
    )
    return [_version_row(version) for version in versions]


def _version_row(version: PlanVersion) -> dict:
    acknowledgement = getattr(version, "acknowledgement", None)
    return {
        "plan_started": version.plan.created_at.date().isoformat(),
        "version": version.number,
        "reason": version.get_reason_display(),
        "summary": version.summary,
        "shared_at": version.made_at.isoformat(),
        "shared_by": str(version.made_by),
        "acknowledged_at": acknowledgement.acknowledged_at.isoformat() if acknowledgement else None,
        "acknowledged_by": str(acknowledgement.acknowledged_by) if acknowledgement else None,
        "review_due": version.snapshot.get("review_due"),
        "goals": [_goal_as_shared(goal) for goal in version.snapshot.get("goals", [])],
    }


def _goal_as_shared(goal: dict) -> dict:
    """A goal of a version's snapshot in words (labels, not codes; no internal ids)."""
    return {
        "domain": shown("domain", goal.get("domain")),
        "statement": goal.get("statement", ""),
        "target": goal.get("target", ""),
        "target_date": goal.get("target_date"),
        "priority": shown("priority", goal.get("priority")),
        "status": shown("status", goal.get("status")),
        "services": goal.get("services", []),
        "steps": [
            {
                "who": s.get("owner"),
                "what": s.get("what"),
                "due": s.get("due"),
                "done": s.get("done"),
            }
            for s in goal.get("steps", [])
        ],
        "barriers": [
            {
                "description": b.get("description"),
                "strategies": [s.get("description") for s in b.get("strategies", [])],
            }
            for b in goal.get("barriers", [])
        ],
    }


def reviews(client) -> list[dict]:
    return rows_of(PlanReview.objects.filter(plan__client=client).order_by("pk"))


def acknowledgements(client) -> list[dict]:
    return rows_of(PlanAcknowledgement.objects.filter(version__plan__client=client).order_by("pk"))


def notes(client) -> list[dict]:
    """The notes, each with the goals it addresses (``NoteGoal``, by the goal's words)."""
    addressed = defaultdict(list)
    links = NoteGoal.objects.filter(note__client=client).select_related("goal").order_by("pk")
    for link in links:
        addressed[link.note_id].append(link.goal.statement)
    return rows_of(
        ProgressNote.objects.filter(client=client).order_by("contact_date", "pk"),
        extra=lambda note: {"Goals it addresses": "; ".join(addressed[note.pk])},
    )


def addenda(client) -> list[dict]:
    return rows_of(NoteAddendum.objects.filter(note__client=client).order_by("note_id", "pk"))


def appointments(client) -> list[dict]:
    return rows_of(Appointment.objects.filter(client=client).order_by("starts_at", "pk"))


def reschedule_requests(client) -> list[dict]:
    return rows_of(RescheduleRequest.objects.filter(client=client).order_by("pk"))


def referrals(client) -> list[dict]:
    return rows_of(Referral.objects.filter(client=client).order_by("pk"))
