"""The clients app's models, one module per part of the record. Add new modules here."""

from .client import CaseAssignment, Client, ClientStatus, ClientStatusChange, Program

__all__ = ["CaseAssignment", "Client", "ClientStatus", "ClientStatusChange", "Program"]
