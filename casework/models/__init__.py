"""Casework models, one module per part (plans, notes, …). Add new modules here."""

from .note import ContactType, NoteAddendum, NoteGoal, ProgressNote
from .plan import (
    ActionStep,
    Barrier,
    Goal,
    GoalDomain,
    GoalPriority,
    GoalService,
    GoalStatus,
    PlanAcknowledgement,
    PlanReview,
    PlanStatus,
    PlanVersion,
    RecoveryPlan,
    StepOwner,
    Strategy,
)

__all__ = [
    "ActionStep",
    "Barrier",
    "ContactType",
    "Goal",
    "GoalDomain",
    "GoalPriority",
    "GoalService",
    "GoalStatus",
    "NoteAddendum",
    "NoteGoal",
    "PlanAcknowledgement",
    "PlanReview",
    "PlanStatus",
    "PlanVersion",
    "ProgressNote",
    "RecoveryPlan",
    "StepOwner",
    "Strategy",
]
