from .checkin import CheckInForm, RestartForm, SettingsForm
from .followup import AttemptForm, CallForm, CloseForm, OutcomeForm, PlanCloseForm, PlanForm

__all__ = [
    "AttemptForm",
    "CallForm",
    "CheckInForm",
    "CloseForm",
    "OutcomeForm",
    "PlanCloseForm",
    "PlanForm",
    "RestartForm",
    "SettingsForm",
]
