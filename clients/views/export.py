"""Records-request exports of one client's whole record, for supervisors: JSON and a
printable page, each carrying the 42 CFR Part 2 redisclosure notice; every export audited.

An export made *for someone else* names the consent it goes under (``?for=<consent id>``,
offered on the consent's page): it is then a disclosure, logged against that consent, and
refused unless the consent is in effect and covers the whole record."""

from __future__ import annotations

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from recovery_portal.accounts.decorators import clinical_record_required

from ..forms import intake_sections
from ..models import DisclosureChannel, InformationKind
from ..part2 import NOTICE_HEADING, REDISCLOSURE_NOTICE
from ..selectors import client_record, consent_of, intakes_for, record_export
from ..services import DisclosureRefused, disclosure_record, record_exported


def _disclose(request, client, export_format: str):
    """For an export to a recipient under a consent: log the disclosure, or refuse (None)."""
    consent = consent_of(client, request.GET["for"])
    try:
        return disclosure_record(
            client=client,
            recipient=consent.recipient_key,
            recipient_name=consent.recipient_name,
            information=InformationKind.WHOLE_RECORD,
            description=f"Whole record, exported ({export_format})",
            channel=DisclosureChannel.EXPORT,
            actor=request.user,
            request=request,
        )
    except DisclosureRefused:
        messages.error(
            request,
            "Nothing was exported: this consent is not in effect or does not cover the whole "
            "record. Ask the client to sign one that does.",
        )
        return None


def _exportable(request, pk):
    """The client, for a supervisor or administrator; a case manager with the client in scope
    gets 403 (exports are for supervisors), anyone else 404."""
    client = client_record(request.user, pk)
    if not request.user.may_see_all_clients:
        raise PermissionDenied
    return client


@clinical_record_required
@reauthentication_required(enabled=lambda request: request.user.may_see_all_clients)
def export_json(request, pk):
    client = _exportable(request, pk)
    disclosure = None
    if request.GET.get("for"):
        disclosure = _disclose(request, client, "JSON")
        if disclosure is None:
            return redirect("clients:consent_detail", client_pk=client.pk, pk=request.GET["for"])
    payload = {
        "disclosed_to": disclosure.recipient_name if disclosure else None,
        "part2_notice": REDISCLOSURE_NOTICE,
        "exported_at": timezone.now().isoformat(),
        "exported_by": request.user.email,
        **record_export(client),
    }
    record_exported(actor=request.user, client=client, export_format="json", request=request)
    response = HttpResponse(
        json.dumps(payload, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="client-{client.pk}-record.json"'
    response["Cache-Control"] = "no-store"
    return response


@clinical_record_required
@reauthentication_required(enabled=lambda request: request.user.may_see_all_clients)
def export_print(request, pk):
    client = _exportable(request, pk)
    disclosure = None
    if request.GET.get("for"):
        disclosure = _disclose(request, client, "printable page")
        if disclosure is None:
            return redirect("clients:consent_detail", client_pk=client.pk, pk=request.GET["for"])
    record = record_export(client)
    record_exported(actor=request.user, client=client, export_format="html", request=request)
    response = render(
        request,
        "clients/export_print.html",
        {
            "client": client,
            "record": record,
            "intakes": [{"intake": i, "sections": intake_sections(i)} for i in intakes_for(client)],
            "notice": REDISCLOSURE_NOTICE,
            "notice_title": NOTICE_HEADING,
            "exported_at": timezone.now(),
            "disclosure": disclosure,
        },
    )
    response["Cache-Control"] = "no-store"
    return response
