"""Casework forms, one module per part."""

from .appointment import AppointmentForm, MoveForm, OutcomeForm, RescheduleRequestForm
from .note import AddendumForm, NoteForm
from .plan import (
    BarrierForm,
    GoalForm,
    MyStepForm,
    PlanStartForm,
    ReviewForm,
    StepForm,
    StrategyForm,
)
from .referral import ReferralForm, ReferralUpdateForm
from .resource import DirectorySearchForm, ImportForm, ResourceForm

__all__ = [
    "AddendumForm",
    "AppointmentForm",
    "BarrierForm",
    "DirectorySearchForm",
    "GoalForm",
    "ImportForm",
    "MoveForm",
    "MyStepForm",
    "NoteForm",
    "OutcomeForm",
    "PlanStartForm",
    "ReferralForm",
    "ReferralUpdateForm",
    "RescheduleRequestForm",
    "ResourceForm",
    "ReviewForm",
    "StepForm",
    "StrategyForm",
]
