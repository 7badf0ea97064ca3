"""The clients app's models, one module per part of the record. Add new modules here."""

from .client import CaseAssignment, Client, ClientStatus, ClientStatusChange, Program
from .intake import Intake, IntakeNeed, IntakeStatus, LifeDomain, NeedPriority
from .screening import SafetyAlert, Screening

__all__ = [
    "CaseAssignment",
    "Client",
    "ClientStatus",
    "ClientStatusChange",
    "Intake",
    "IntakeNeed",
    "IntakeStatus",
    "LifeDomain",
    "NeedPriority",
    "Program",
    "SafetyAlert",
    "Screening",
]
