"""The audit records of exports (records requests and the client list)."""

from __future__ import annotations

from django.db import transaction

from clients.models import Client
from clients.models.disclosure import DisclosureChannel
from clients.services.disclosure import disclosure_to_client
from recovery_portal.audit.services import audit_record

# The two forms of the whole-record copy, by the name a request asks for.
EXPORT_FORMATS = {"json": "JSON", "html": "printable page"}


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


@transaction.atomic
def record_copied_to_client(*, client: Client, actor, export_format: str, request=None):
    """The client downloads their own whole record (their right of access): on the disclosure
    ledger as a copy to the client, and audited as an export, in one transaction."""
    disclosure = disclosure_to_client(
        client=client,
        actor=actor,
        description=f"Whole record, downloaded from My recovery ({EXPORT_FORMATS[export_format]})",
        channel=DisclosureChannel.EXPORT,
        request=request,
    )
    record_exported(actor=actor, client=client, export_format=export_format, request=request)
    return disclosure
