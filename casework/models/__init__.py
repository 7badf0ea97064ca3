from .appointment import (
    APPOINTMENT_OUTCOMES,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    RescheduleRequest,
)
from .referral import (
    OPEN_REFERRAL_STATUSES,
    REFERRAL_TRANSITIONS,
    STATUS_DATE_FIELD,
    Referral,
    ReferralStatus,
    Urgency,
)
from .resource import (
    CATEGORIES,
    Category,
    Organization,
    Resource,
    ResourceStatus,
    category_uuid,
)

__all__ = [
    "APPOINTMENT_OUTCOMES",
    "CATEGORIES",
    "OPEN_REFERRAL_STATUSES",
    "REFERRAL_TRANSITIONS",
    "STATUS_DATE_FIELD",
    "Appointment",
    "AppointmentKind",
    "AppointmentStatus",
    "Category",
    "Organization",
    "Referral",
    "ReferralStatus",
    "RescheduleRequest",
    "Resource",
    "ResourceStatus",
    "Urgency",
    "category_uuid",
]
