"""Screenings over time: take one (during intake or later), see the results by instrument."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from clients.forms.screening import screening_form_class
from clients.frame import record_frame
from clients.instruments.catalog import instrument as find_instrument
from clients.instruments.catalog import intake_instruments
from clients.selectors.intake import draft_intake_of
from clients.selectors.screening import screening_for, screenings_over_time
from clients.services.screening import screening_record
from recovery_portal import params
from recovery_portal.accounts.decorators import clinical_record_required


@clinical_record_required
def screening_list(request, pk):
    context = record_frame(request, pk, "screenings")
    return render(
        request,
        "clients/screenings.html",
        {
            **context,
            "over_time": screenings_over_time(context["client"]),
            "instruments": intake_instruments(),
        },
    )


@clinical_record_required
def screening_new(request, pk, code):
    instrument = find_instrument(code)
    if instrument is None:
        raise Http404("No such instrument.")
    context = record_frame(request, pk, "screenings")
    client = context["client"]
    draft = draft_intake_of(client)
    # Taken from the intake wizard: the result belongs to the intake, and we go back there.
    for_intake = draft is not None and params.choice(request, "for", ("intake",)) == "intake"
    form = screening_form_class(instrument)(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                screening = screening_record(
                    client=client,
                    instrument=instrument,
                    answers=form.cleaned_data,
                    actor=request.user,
                    intake=draft if for_intake else None,
                    request=request,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    f"{instrument.name}: score {screening.score} — {screening.band_label}.",
                )
                if screening.alerts.exists():
                    messages.warning(
                        request,
                        "A safety alert is raised: it shows on the record and on the case "
                        "manager's Today page until someone records the follow-up.",
                    )
                if for_intake:
                    return redirect("clients:intake_step", pk=client.pk, step="screenings")
                return redirect("clients:screening", pk=client.pk, screening_pk=screening.pk)
        else:
            messages.error(request, "Please answer every question; the answers are kept.")
    return render(
        request,
        "clients/screening_form.html",
        {**context, "instrument": instrument, "form": form, "for_intake": for_intake},
    )


@clinical_record_required
def screening_detail(request, pk, screening_pk):
    screening = screening_for(request.user, pk, screening_pk)
    context = record_frame(request, pk, "screening answers")
    instrument = find_instrument(screening.instrument_code)
    answers = []
    if instrument is not None:
        for number, item in enumerate(instrument.items, start=1):
            value = screening.answers.get(item.key)
            label = next((o.label for o in item.options if o.value == value), value)
            answers.append({"number": number, "text": item.text, "value": value, "label": label})
    return render(
        request,
        "clients/screening_detail.html",
        {**context, "screening": screening, "instrument": instrument, "answers": answers},
    )
