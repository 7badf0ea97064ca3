from .appointment import AppointmentForm, MoveForm, OutcomeForm, RescheduleRequestForm
from .referral import ReferralForm, ReferralUpdateForm
from .resource import DirectorySearchForm, ImportForm, ResourceForm

__all__ = [
    "AppointmentForm",
    "DirectorySearchForm",
    "ImportForm",
    "MoveForm",
    "OutcomeForm",
    "ReferralForm",
    "ReferralUpdateForm",
    "RescheduleRequestForm",
    "ResourceForm",
]
