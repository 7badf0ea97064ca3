"""The clients app's models, one module per part of the record. Add new modules here."""

from .client import (
    OPEN_STATUSES,
    CaseAssignment,
    Client,
    ClientStatus,
    ClientStatusChange,
    Program,
)
from .consent import (
    AccountingSuspension,
    Consent,
    Disclosure,
    DisclosureChannel,
    InformationKind,
    Purpose,
    SuspendingAuthority,
)
from .emergency import EmergencyAccess
from .intake import Intake, IntakeNeed, IntakeStatus, LifeDomain, NeedPriority
from .invitation import PortalInvitation
from .retention import LegalHold, PaperDisposal, RetentionReview, RetentionStatus
from .screening import SafetyAlert, Screening
from .support import RelationshipKind, SupportContact

__all__ = [
    "AccountingSuspension",
    "SuspendingAuthority",
    "OPEN_STATUSES",
    "CaseAssignment",
    "Client",
    "ClientStatus",
    "ClientStatusChange",
    "Consent",
    "Disclosure",
    "EmergencyAccess",
    "DisclosureChannel",
    "InformationKind",
    "Intake",
    "IntakeNeed",
    "IntakeStatus",
    "LegalHold",
    "LifeDomain",
    "NeedPriority",
    "PortalInvitation",
    "Program",
    "Purpose",
    "RelationshipKind",
    "PaperDisposal",
    "RetentionReview",
    "RetentionStatus",
    "SafetyAlert",
    "Screening",
    "SupportContact",
]
