"""The intake wizard: a new person (with the duplicate check), the domain steps saved as a
draft, the screenings, and the review that finishes it."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from clients.forms.intake import (
    STEPS,
    NeedFormSet,
    intake_sections,
    next_step,
    previous_step,
    resume_step,
    step_by_key,
    to_json,
)
from clients.forms.record import IdentityForm, NewClientForm, identity_display
from clients.frame import record_frame
from clients.instruments.catalog import intake_instruments
from clients.models.intake import NeedPriority
from clients.selectors.intake import draft_intake_of, intake_needs_of, intakes_of
from clients.selectors.record import client_for, possible_duplicates
from clients.services.intake import (
    client_intake_create,
    duplicate_check_recorded,
    intake_complete,
    intake_section_save,
    intake_start,
)
from clients.services.record import client_update
from recovery_portal.accounts.decorators import clinical_record_required, clinical_staff_required
from recovery_portal.forms import errors_onto

NEED_PRIORITIES = dict(NeedPriority.choices)


@clinical_staff_required
def intake_new(request):
    """Step 1 for a new person. Before a record is made, existing clients with the same name
    and date of birth, or the same phone or e-mail, are shown, and the user confirms."""
    form = NewClientForm(request.POST or None, user=request.user, prefix="identity")
    check = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check = possible_duplicates(
            request.user,
            legal_first_name=data["legal_first_name"],
            legal_last_name=data["legal_last_name"],
            date_of_birth=data["date_of_birth"],
            phone=data["phone"],
            email=data["email"],
        )
        duplicate_check_recorded(actor=request.user, check=check, request=request)
        if check and not data["confirm_new_person"]:
            form.ask_to_confirm()
        else:
            identity = {name: data[name] for name in IdentityForm.Meta.fields}
            client, _intake = client_intake_create(
                actor=request.user,
                identity=identity,
                primary_case_manager=data["primary_case_manager"],
                request=request,
            )
            messages.success(request, "The record is made and the intake is saved as a draft.")
            return redirect("clients:intake_step", pk=client.pk, step=STEPS[1].key)
    return render(
        request, "clients/intake_new.html", {"form": form, "check": check, "steps": STEPS}
    )


@clinical_record_required
def intake_overview(request, pk):
    """The record's intake part: the draft in progress and every finished intake."""
    context = record_frame(request, pk, "intake")
    client = context["client"]
    intakes = [{"intake": i, "sections": intake_sections(i)} for i in intakes_of(client)]
    return render(
        request,
        "clients/intake.html",
        {**context, "intakes": intakes, "needs": intake_needs_of(client)},
    )


@clinical_record_required
def intake_resume(request, pk):
    """Pick a draft up at its first unsaved step."""
    client = client_for(request.user, pk)
    intake = draft_intake_of(client)
    if intake is None:
        return redirect("clients:intake", pk=client.pk)
    return redirect("clients:intake_step", pk=client.pk, step=resume_step(intake.sections).key)


@clinical_record_required
def intake_begin(request, pk):
    client = client_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    intake_start(client=client, actor=request.user, request=request)
    return redirect("clients:intake_step", pk=client.pk, step=STEPS[0].key)


def _wizard_context(context, intake, step):
    done = set(intake.sections)
    return {
        **context,
        "intake": intake,
        "step": step,
        "steps": [{"step": s, "done": s.key in done, "current": s == step} for s in STEPS],
        "step_number": STEPS.index(step) + 1,
        "step_count": len(STEPS),
        "previous": previous_step(step.key),
        "next": next_step(step.key),
    }


def _after_save(request, client, step):
    if "save_exit" in request.POST:
        messages.success(request, "The intake is saved as a draft. Resume it any time.")
        return redirect("clients:intake", pk=client.pk)
    following = next_step(step.key)
    messages.success(request, f"“{step.title}” is saved.")
    if following is None:
        return redirect("clients:intake_finish", pk=client.pk)
    return redirect("clients:intake_step", pk=client.pk, step=following.key)


@clinical_record_required
def intake_step(request, pk, step):
    step = step_by_key(step)
    if step is None:
        raise Http404("No such step.")
    context = record_frame(request, pk, "intake")
    client = context["client"]
    intake = draft_intake_of(client)
    if intake is None:
        messages.info(request, "There is no intake in progress. Start one here.")
        return redirect("clients:intake", pk=client.pk)
    context = _wizard_context(context, intake, step)
    if step.key == "identity":
        return _identity_step(request, context)
    if step.key == "screenings":
        return _screenings_step(request, context)
    saved = intake.sections.get(step.key, {})
    data = request.POST if request.method == "POST" else None
    form = step.form_class(data, initial=saved, prefix=step.key)
    formset = None
    if step.key == "strengths":
        formset = NeedFormSet(data, initial=saved.get("needs", []), prefix="needs")
    if request.method == "POST":
        valid = form.is_valid() & (formset is None or formset.is_valid())
        if valid:
            answers = to_json(form.cleaned_data)
            if formset is not None:
                answers["needs"] = [
                    to_json({k: v for k, v in f.cleaned_data.items() if k != "DELETE"})
                    for f in formset.forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ]
            try:
                intake_section_save(
                    intake=intake,
                    step=step.key,
                    answers=answers,
                    actor=request.user,
                    request=request,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _after_save(request, client, step)
        messages.error(request, "Please correct the answers marked below. Nothing was lost.")
    return render(
        request, "clients/intake_step.html", {**context, "form": form, "formset": formset}
    )


def _identity_step(request, context):
    client = context["client"]
    # The form works on its own copy: a rejected edit must not show in the page's header.
    form = IdentityForm(request.POST or None, instance=copy(client), prefix="identity")
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in IdentityForm.Meta.fields}
            try:
                client_update(client=client, actor=request.user, fields=fields, request=request)
            except ValidationError as error:
                errors_onto(form, error)
            else:
                intake_section_save(
                    intake=context["intake"],
                    step="identity",
                    answers={"done": True},
                    actor=request.user,
                    request=request,
                )
                return _after_save(request, client, context["step"])
        messages.error(request, "Please correct the answers marked below. Nothing was lost.")
    return render(request, "clients/intake_step.html", {**context, "form": form})


def _screenings_step(request, context):
    intake = context["intake"]
    done = {s.instrument_code: s for s in intake.screenings.all()}
    rows = [{"instrument": i, "result": done.get(i.code)} for i in intake_instruments()]
    if request.method == "POST":
        intake_section_save(
            intake=intake,
            step="screenings",
            answers={"done": sorted(done)},
            actor=request.user,
            request=request,
        )
        return _after_save(request, context["client"], context["step"])
    return render(request, "clients/intake_screenings.html", {**context, "rows": rows})


@clinical_record_required
def intake_finish(request, pk):
    context = record_frame(request, pk, "intake")
    client = context["client"]
    intake = draft_intake_of(client)
    if intake is None:
        return redirect("clients:intake", pk=client.pk)
    error = None
    if request.method == "POST":
        try:
            intake_complete(
                intake=intake,
                actor=request.user,
                activate=bool(request.POST.get("activate")),
                request=request,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "The intake is complete.")
            return redirect(reverse("home:client_overview", kwargs={"pk": client.pk}))
    # Step 1 (identity and contact) is saved on the record itself, never among the sections.
    missing = [s for s in STEPS[1:] if s.key not in intake.sections]
    return render(
        request,
        "clients/intake_finish.html",
        {
            **context,
            "intake": intake,
            "identity": identity_display(client),
            "identity_step": STEPS[0],
            "sections": intake_sections(intake),
            "needs": [
                {**need, "priority": NEED_PRIORITIES.get(need.get("priority"), "")}
                for need in intake.sections.get("strengths", {}).get("needs", [])
            ],
            "screenings": list(intake.screenings.all()),
            "missing": missing,
            "error": error,
            "steps": STEPS,
        },
    )
