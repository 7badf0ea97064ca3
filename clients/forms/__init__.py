"""The clients app's forms, one module per part of the record (as ``models/``), plus
``common.py`` (a service's errors onto a form, date fields). Forms check the shape of input;
the rules live in the models and services, and forms never call services."""

from .common import (
    DateInput,
    errors_onto,
)
from .consent import (
    AccountingSuspensionForm,
    ConsentEventForm,
    ConsentForm,
    ConsentSignForm,
    DisclosureForm,
    DisclosureWithoutConsentForm,
    ExportForm,
    RevokeForm,
)
from .emergency import (
    EmergencyAccessForm,
)
from .intake import (
    SECTION_STEPS,
    STEP_KEYS,
    STEPS,
    NeedFormSet,
    Step,
    intake_sections,
    next_step,
    previous_step,
    resume_step,
    section_display,
    step_by_key,
    to_json,
)
from .invitation import (
    InvitationForm,
    SetPasswordForm,
)
from .record import (
    ClientSearchForm,
    IdentityForm,
    NewClientForm,
    ProfileForm,
    ReassignForm,
    StatusChangeForm,
)
from .retention import (
    LegalHoldForm,
    RetentionDecisionForm,
)
from .screening import (
    AlertFollowUpForm,
    screening_form_class,
)
from .support import (
    SupportContactForm,
)

__all__ = [
    "AccountingSuspensionForm",
    "EmergencyAccessForm",
    "AlertFollowUpForm",
    "ClientSearchForm",
    "ConsentEventForm",
    "ConsentForm",
    "ConsentSignForm",
    "DateInput",
    "DisclosureForm",
    "DisclosureWithoutConsentForm",
    "ExportForm",
    "IdentityForm",
    "InvitationForm",
    "LegalHoldForm",
    "NeedFormSet",
    "NewClientForm",
    "RetentionDecisionForm",
    "ProfileForm",
    "ReassignForm",
    "RevokeForm",
    "SECTION_STEPS",
    "STEPS",
    "STEP_KEYS",
    "SetPasswordForm",
    "StatusChangeForm",
    "Step",
    "SupportContactForm",
    "errors_onto",
    "intake_sections",
    "next_step",
    "previous_step",
    "resume_step",
    "screening_form_class",
    "section_display",
    "step_by_key",
    "to_json",
]
