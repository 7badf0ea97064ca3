"""Casework writes: appointments, the resource directory, referrals."""

from .appointment import (
    appointment_book,
    appointment_reschedule,
    appointment_set_status,
    reschedule_request_close,
    reschedule_request_create,
)
from .referral import referral_send, referral_update
from .resource import directory_import, resource_save, resource_verify

__all__ = [
    "appointment_book",
    "appointment_reschedule",
    "appointment_set_status",
    "directory_import",
    "referral_send",
    "referral_update",
    "reschedule_request_close",
    "reschedule_request_create",
    "resource_save",
    "resource_verify",
]
