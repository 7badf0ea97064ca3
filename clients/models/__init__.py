"""The clients app's models, one module per part of the record. Add new modules here."""

from clients.models.client import (
    OPEN_STATUSES,
    CaseAssignment,
    Client,
    ClientStatus,
    ClientStatusChange,
    Program,
)
from clients.models.consent import Consent, InformationKind, Purpose
from clients.models.disclosure import (
    AccountingSuspension,
    Disclosure,
    DisclosureChannel,
    SuspendingAuthority,
)
from clients.models.emergency import EmergencyAccess
from clients.models.intake import Intake, IntakeNeed, IntakeStatus, LifeDomain, NeedPriority
from clients.models.invitation import PortalInvitation
from clients.models.retention import LegalHold, PaperDisposal, RetentionReview, RetentionStatus
from clients.models.screening import SafetyAlert, Screening
from clients.models.support import RelationshipKind, SupportContact

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
