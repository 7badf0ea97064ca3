"""The client's own pages: their plan and shared notes ("My plan", "My notes") and their
appointments and referrals ("My appointments", with a way to ask for another time). Every
object is looked up inside the client's own record, so changing an id in the address gives a
404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from casework.forms.appointment import RescheduleRequestForm
from casework.forms.plan import MyStepForm
from casework.selectors.appointment import my_appointment
from casework.selectors.appointment import my_appointments as my_appointments_of
from casework.selectors.note import shared_notes_of
from casework.selectors.plan import my_plan as my_plan_of
from casework.selectors.plan import my_step_of
from casework.selectors.referral import my_referrals
from casework.services.appointment import reschedule_request_create
from casework.services.plan import plan_acknowledge, step_client_update
from clients.selectors.record import own_client_record
from clients.services.record import client_record_viewed
from clients.views.closed import open_record_required
from recovery_portal.accounts.decorators import client_required
from recovery_portal.forms import errors_onto


def _me(request, part: str | None = None):
    client = own_client_record(request.user)
    if part:
        client_record_viewed(actor=request.user, client=client, part=part, request=request)
    return client


@client_required
def my_plan(request):
    client = _me(request, "my plan")
    return render(request, "casework/my/plan.html", {"client": client, **my_plan_of(client)})


@require_POST
@client_required
def my_plan_acknowledge(request):
    client = _me(request)
    found = my_plan_of(client)["plan"]
    if found is None:
        messages.info(request, "Your plan is not ready to read yet.")
        return redirect("casework:my_plan")
    try:
        plan_acknowledge(plan=found, user=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Thank you. Your case manager can see you have read your plan.")
    return redirect("casework:my_plan")


@client_required
def my_step(request, pk):
    client = _me(request)
    step = my_step_of(client, pk)
    form = MyStepForm(
        request.POST if request.method == "POST" else None,
        initial={"done": step.is_done, "comment": step.client_comment},
    )
    if request.method == "POST" and form.is_valid():
        try:
            step_client_update(
                step=step,
                user=request.user,
                done=form.cleaned_data["done"],
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Saved. Your case manager will see it.")
            return redirect("casework:my_plan")
    return render(request, "casework/my/step.html", {"step": step, "form": form})


@client_required
def my_notes(request):
    client = _me(request, "my notes")
    return render(request, "casework/my/notes.html", {"notes": list(shared_notes_of(client)[:100])})


@client_required
def my_appointments(request):
    context = my_appointments_of(request.user)
    context["referrals"] = my_referrals(request.user)
    return render(request, "casework/my/appointments.html", context)


@client_required
@open_record_required
def my_reschedule(request, pk):
    appointment = my_appointment(request.user, pk)
    form = RescheduleRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reschedule_request_create(
                appointment=appointment,
                user=request.user,
                message=form.cleaned_data["message"],
                request=request,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request, "Thank you. Your case manager will be in touch to agree a new time."
            )
            return redirect("casework:my_appointments")
    return render(
        request, "casework/my/reschedule.html", {"appointment": appointment, "form": form}
    )
