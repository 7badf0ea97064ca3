"""Staff pages of a client's progress notes, under the record's "Notes" tab. Reading the list
or a note is audited through the record frame (``client_record_viewed``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casework.forms.note import AddendumForm, NoteForm
from casework.models import Goal
from casework.selectors.note import note_of, notes_of
from casework.selectors.plan import open_plan_of
from casework.services.note import (
    note_addendum_add,
    note_cosign,
    note_create,
    note_sign,
    note_update,
)
from clients.frame import record_frame
from recovery_portal import params
from recovery_portal.accounts.decorators import clinical_record_required
from recovery_portal.confirm import Confirmation, confirm_page, is_confirmed
from recovery_portal.forms import errors_onto

PAGE_SIZE = 25


def _goals_of(client):
    plan = open_plan_of(client, full=False)
    return plan.goals.all() if plan else Goal.objects.none()


@clinical_record_required
def notes(request, client_pk):
    context = record_frame(request, client_pk, "progress notes")
    page = params.page(request, notes_of(context["client"]), PAGE_SIZE)
    return render(request, "casework/notes/list.html", {**context, "page": page})


@clinical_record_required
def note_new(request, client_pk):
    context = record_frame(request, client_pk, "progress notes", audit=False)
    client = context["client"]
    form = NoteForm(request.POST if request.method == "POST" else None, goals=_goals_of(client))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            note = note_create(
                client=client,
                author=request.user,
                fields=data,
                goals=data.pop("goals"),
                request=request,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "The note is saved as a draft. Sign it when it is final.")
            return redirect("casework:note", client_pk, note.pk)
    return render(request, "casework/notes/form.html", {**context, "form": form})


@clinical_record_required
def note(request, client_pk, pk):
    context = record_frame(request, client_pk, "progress note")
    found = note_of(context["client"], pk)
    return render(
        request,
        "casework/notes/detail.html",
        {**context, "note": found, "addendum_form": AddendumForm()},
    )


@clinical_record_required
def note_edit(request, client_pk, pk):
    context = record_frame(request, client_pk, "progress notes", audit=request.method == "GET")
    found = note_of(context["client"], pk)
    if found.is_signed:
        messages.info(request, "This note is signed and locked. You can add an addendum.")
        return redirect("casework:note", client_pk, pk)
    if found.author_id != request.user.pk:
        messages.info(request, "Only the note's author can change it before it is signed.")
        return redirect("casework:note", client_pk, pk)
    form = NoteForm(
        request.POST if request.method == "POST" else None,
        instance=note_of(context["client"], pk),
        goals=_goals_of(context["client"]),
        initial={"goals": list(found.goals.all())},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            note_update(
                note=found,
                actor=request.user,
                fields=data,
                goals=data.pop("goals"),
                request=request,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "The note is saved.")
            return redirect("casework:note", client_pk, pk)
    return render(request, "casework/notes/form.html", {**context, "form": form, "note": found})


def _act(request, client_pk, pk, action, done: str):
    context = record_frame(request, client_pk, "progress notes", audit=False)
    found = note_of(context["client"], pk)
    try:
        action(found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("casework:note", client_pk, pk)


@require_POST
@clinical_record_required
def sign(request, client_pk, pk):
    if not is_confirmed(request):  # the first post asks once (recovery_portal/confirm.py)
        context = record_frame(request, client_pk, "progress notes", audit=False)
        note_of(context["client"], pk)
        return confirm_page(
            request,
            context,
            Confirmation(
                title="Sign and lock this note?",
                what=[
                    "Your name and the time are added to the note as its signature.",
                    "The note is locked: nobody can change it afterwards, you included. "
                    "Corrections are added as signed addenda.",
                ],
                button="Sign and lock the note",
                cancel_url=reverse("casework:note", args=[client_pk, pk]),
            ),
        )
    return _act(
        request,
        client_pk,
        pk,
        lambda found: note_sign(note=found, actor=request.user, request=request),
        "The note is signed and locked.",
    )


@require_POST
@clinical_record_required
def cosign(request, client_pk, pk):
    return _act(
        request,
        client_pk,
        pk,
        lambda found: note_cosign(note=found, actor=request.user, request=request),
        "The note is co-signed.",
    )


@require_POST
@clinical_record_required
def addendum(request, client_pk, pk):
    form = AddendumForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please write the addendum before adding it.")
        return redirect("casework:note", client_pk, pk)
    return _act(
        request,
        client_pk,
        pk,
        lambda found: note_addendum_add(
            note=found, actor=request.user, text=form.cleaned_data["text"], request=request
        ),
        "The addendum is added and signed.",
    )
