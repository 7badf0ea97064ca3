"""A legal hold placed or lifted from the record's Status tab, by a supervisor (POST only; the
tab shows the form and the holds' history). Administrators do the same in the retention admin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from clients.forms.retention import LegalHoldForm
from clients.selectors.record import client_record
from clients.services.legal_hold import legal_hold_lift, legal_hold_place
from recovery_portal.accounts.decorators import supervision_required


@supervision_required
@require_POST
def legal_hold(request, pk):
    client = client_record(request.user, pk)
    form = LegalHoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please say why, in a few words.")
        return redirect("clients:status", pk=client.pk)
    place = form.cleaned_data["action"] == "place"
    service = legal_hold_place if place else legal_hold_lift
    try:
        service(
            client=client, actor=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            "The record is under a legal hold: it will not be destroyed while the hold lasts."
            if place
            else "The legal hold is lifted.",
        )
    return redirect("clients:status", pk=client.pk)
