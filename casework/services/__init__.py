"""Casework writes, one module per part; each writes its audit event in the same transaction."""

from .note import note_addendum_add, note_cosign, note_create, note_sign, note_update
from .plan import (
    barrier_add,
    goal_add,
    goal_update,
    plan_acknowledge,
    plan_exported,
    plan_review,
    plan_share,
    plan_start,
    step_add,
    step_client_update,
    step_update,
    strategy_add,
)

__all__ = [
    "barrier_add",
    "goal_add",
    "goal_update",
    "note_addendum_add",
    "note_cosign",
    "note_create",
    "note_sign",
    "note_update",
    "plan_acknowledge",
    "plan_exported",
    "plan_review",
    "plan_share",
    "plan_start",
    "step_add",
    "step_client_update",
    "step_update",
    "strategy_add",
]
