"""Records-request exports of one client's whole record, for supervisors: JSON and a
printable page, each carrying the 42 CFR Part 2 redisclosure notice; every export audited.

Every export is on the disclosure ledger. The page (GET) only asks who the copy goes to: the
client (their right of access) or a recipient under one of the client's consents covering the
whole record (``?for=<consent id>`` only preselects it). The copy is made by a POST, which
logs the disclosure first; under a consent it carries a copy of the consent (§2.32(b))."""

from __future__ import annotations

import json

from allauth.account.decorators import reauthentication_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from clients.forms.consent import CONSENT_FIELD_MAP, ExportForm
from clients.forms.intake import intake_sections
from clients.frame import record_frame
from clients.models import InformationKind
from clients.models.disclosure import LegalBasis
from clients.part2 import NOTICE_HEADING, REDISCLOSURE_NOTICE
from clients.selectors.consent import active_consents_of
from clients.selectors.export import consent_copy, parts_for_print, record_export
from clients.selectors.intake import intakes_of
from clients.selectors.record import supervised_client
from clients.services.disclosure import DisclosureRefused, copy_disclose
from clients.services.export import EXPORT_FORMATS, record_exported
from recovery_portal import params
from recovery_portal.accounts.decorators import clinical_record_required
from recovery_portal.forms import errors_onto

FORMATS = EXPORT_FORMATS


def _disclose(request, client, form: ExportForm, export_format: str):
    """Log the export on the ledger (to the client, or under the chosen consent); None, with
    the reason on the form, when nothing may go out."""
    return disclose_copy_or_say_why(
        request,
        client,
        form,
        information=InformationKind.WHOLE_RECORD,
        description=f"Whole record, exported ({FORMATS[export_format]})",
        refusal="this consent is not in effect or does not cover the whole record",
    )


def disclose_copy_or_say_why(request, client, form, *, information, description, refusal):
    """``copy_disclose`` with what ``ExportForm`` chose; None, with the reason on the form,
    when nothing may go out (the casework plan export uses it too)."""
    data = form.cleaned_data
    try:
        return copy_disclose(
            client=client,
            actor=request.user,
            basis=data["basis"],
            consent=data["consent"],
            recipient_name=data["recipient_name"],
            event_confirmed=data["event_confirmed"],
            information=information,
            description=description,
            request=request,
        )
    except DisclosureRefused:
        form.add_error(
            None,
            f"Nothing was exported: {refusal}. Ask the client to sign one that does.",
        )
    except ValidationError as error:
        errors_onto(form, error, CONSENT_FIELD_MAP)
    return None


def _consent_asked(request, consents):
    """``?for=N`` (from a consent's page): the consent in effect the copy goes under."""
    number = params.integer(request, "for", minimum=1)
    if number is None:
        return None
    consent = consents.filter(pk=number).first()
    if consent is None:
        raise params.BadParameter(
            '"for" must be a consent of this record that is in effect now; this one is not '
            "(ended, revoked, or not this record's)."
        )
    return consent.pk


def _export(request, pk, export_format: str):
    client = supervised_client(request.user, pk)
    consents = active_consents_of(client)
    if request.method == "POST":
        form = ExportForm(request.POST, consents=consents)
        disclosure = _disclose(request, client, form, export_format) if form.is_valid() else None
        if disclosure is not None:
            record_exported(
                actor=request.user, client=client, export_format=export_format, request=request
            )
            render_export = record_json if export_format == "json" else record_printable
            response = render_export(request, client, disclosure)
            response["Cache-Control"] = "no-store"
            return response
    else:
        chosen = _consent_asked(request, consents)
        form = ExportForm(
            consents=consents,
            initial={"consent": chosen, "basis": LegalBasis.CONSENT} if chosen else {},
        )
    context = record_frame(request, pk, "export", audit=request.method == "GET")
    return render(
        request,
        "clients/export_request.html",
        {**context, "form": form, "format_label": FORMATS[export_format]},
    )


def record_json(request, client, disclosure) -> HttpResponse:
    """The whole-record copy as a JSON download (staff's export and the client's own)."""
    payload = {
        "disclosed_to": disclosure.recipient_name,
        "legal_basis": disclosure.get_legal_basis_display(),
        "part2_notice": REDISCLOSURE_NOTICE,
        "consent": consent_copy(disclosure.consent) if disclosure.consent else None,
        "exported_at": timezone.now().isoformat(),
        "exported_by": request.user.email,
        **record_export(client),
    }
    response = HttpResponse(
        json.dumps(payload, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="client-{client.pk}-record.json"'
    return response


def record_printable(request, client, disclosure, *, for_client=False) -> HttpResponse:
    """The whole-record copy as a printable page; ``for_client``: the client's own download."""
    record = record_export(client)
    return render(
        request,
        "clients/export_print.html",
        {
            "client": client,
            "record": record,
            "parts": parts_for_print(record["parts"]),
            "intakes": [{"intake": i, "sections": intake_sections(i)} for i in intakes_of(client)],
            "notice": REDISCLOSURE_NOTICE,
            "notice_title": NOTICE_HEADING,
            "exported_at": timezone.now(),
            "disclosure": disclosure,
            "consent": disclosure.consent,
            "for_client": for_client,
        },
    )


@clinical_record_required
@reauthentication_required(enabled=lambda request: request.user.may_see_all_clients)
@require_http_methods(["GET", "POST"])
def export_json(request, pk):
    return _export(request, pk, "json")


@clinical_record_required
@reauthentication_required(enabled=lambda request: request.user.may_see_all_clients)
@require_http_methods(["GET", "POST"])
def export_print(request, pk):
    return _export(request, pk, "html")
