"""Casework forms, one module per part."""

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

__all__ = [
    "AddendumForm",
    "BarrierForm",
    "GoalForm",
    "MyStepForm",
    "NoteForm",
    "PlanStartForm",
    "ReviewForm",
    "StepForm",
    "StrategyForm",
]
