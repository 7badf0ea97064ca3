"""The clients app's models, one module per part of the record. Add new modules here."""

from .client import CaseAssignment, Client, ClientStatus, ClientStatusChange, Program
from .consent import Consent, Disclosure, DisclosureChannel, InformationKind, Purpose
from .invitation import PortalInvitation
from .support import RelationshipKind, SupportContact

__all__ = [
    "CaseAssignment",
    "Client",
    "ClientStatus",
    "ClientStatusChange",
    "Consent",
    "Disclosure",
    "DisclosureChannel",
    "InformationKind",
    "PortalInvitation",
    "Program",
    "Purpose",
    "RelationshipKind",
    "SupportContact",
]
