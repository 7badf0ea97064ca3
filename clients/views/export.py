"""Records-request exports of one client's whole record, for supervisors: JSON and a
printable page, each carrying the 42 CFR Part 2 redisclosure notice; every export audited."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from recovery_portal.accounts.decorators import clinical_record_required

from ..part2 import NOTICE_HEADING, REDISCLOSURE_NOTICE
from ..selectors_record import client_record, intake_sections, intakes_for, record_export
from ..services_intake import record_exported
from .common import may_supervise


def _exportable(request, pk):
    """The client, for a supervisor or administrator; a case manager with the client in scope
    gets 403 (exports are for supervisors), anyone else 404."""
    client = client_record(request.user, pk)
    if not may_supervise(request.user):
        raise PermissionDenied
    return client


@clinical_record_required
def export_json(request, pk):
    client = _exportable(request, pk)
    payload = {
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
def export_print(request, pk):
    client = _exportable(request, pk)
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
        },
    )
    response["Cache-Control"] = "no-store"
    return response
