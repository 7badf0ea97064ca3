"""The audit records of exports (records requests and the client list)."""

from __future__ import annotations

from clients.models import Client
from recovery_portal.audit.services import audit_record


def record_exported(*, actor, client: Client, export_format: str, request=None) -> None:
    """Log a records-request export of one client's whole record."""
    audit_record(
        actor=actor,
        action="client.export",
        target=client,
        request=request,
        details={"format": export_format, "part": "whole record"},
    )


def client_list_exported(*, actor, client_ids: list[int], filters: list[str], request=None) -> None:
    """Log a CSV export of the client list: which clients' data left (one event naming them
    all; each sees it in "Who has seen my record") and which filters were used, never their
    values."""
    audit_record(
        actor=actor,
        action="client.list_export",
        request=request,
        details={
            "format": "csv",
            "rows": len(client_ids),
            "filters": sorted(filters),
            "client_ids": client_ids,
        },
    )
