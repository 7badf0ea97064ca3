"""Casework writes, one module per part; each writes its audit event in the same transaction."""

from .appointment import (
    appointment_book,
    appointment_reschedule,
    appointment_set_status,
    reschedule_request_close,
    reschedule_request_create,
)
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
from .referral import referral_send, referral_update
from .resource import directory_import, resource_save, resource_verify

__all__ = [
    "appointment_book",
    "appointment_reschedule",
    "appointment_set_status",
    "barrier_add",
    "directory_import",
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
    "referral_send",
    "referral_update",
    "reschedule_request_close",
    "reschedule_request_create",
    "resource_save",
    "resource_verify",
    "step_add",
    "step_client_update",
    "step_update",
    "strategy_add",
]
