"""Casework reads, each scoped to the person asking (through ``clients.selectors``)."""

from .appointment import (
    appointment_of,
    appointments_of,
    my_appointment,
    my_appointments,
    open_requests_of,
    week_of,
)
from .caseload import CONTACT_SOURCES, caseload, last_contact_expression, no_recent_contact
from .referral import my_referrals, open_referrals_for, referral_of, referrals_of
from .resource import directory, directory_export, referable_resources, resource_for

__all__ = [
    "CONTACT_SOURCES",
    "appointment_of",
    "appointments_of",
    "caseload",
    "directory",
    "directory_export",
    "last_contact_expression",
    "my_appointment",
    "my_appointments",
    "my_referrals",
    "no_recent_contact",
    "open_referrals_for",
    "open_requests_of",
    "referable_resources",
    "referral_of",
    "referrals_of",
    "resource_for",
    "week_of",
]
