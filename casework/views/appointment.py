"""Appointment pages: the record's tab (book, move, record what happened) and the staff
member's week (the client's "My appointments" are in ``views/mine.py``)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from casework.forms.appointment import AppointmentForm, MoveForm, OutcomeForm
from casework.selectors.appointment import (
    appointment_of,
    appointments_of,
    open_requests_of,
    week_for,
)
from casework.services.appointment import (
    AppointmentClash,
    appointment_book,
    appointment_reschedule,
    appointment_set_status,
    reschedule_request_close,
)
from clients.frame import record_frame
from recovery_portal import params
from recovery_portal.accounts.decorators import (
    clinical_record_required,
    clinical_staff_required,
)
from recovery_portal.forms import errors_onto


@clinical_record_required
def client_appointments(request, pk):
    context = record_frame(request, pk, "appointments")
    client = context["client"]
    context["appointments"] = list(appointments_of(client)[:100])
    context["requests"] = open_requests_of(client)
    return render(request, "casework/appointments/list.html", context)


def _clash_ok(request) -> bool:
    """The second submit of the clash warning ("Book it anyway"): the person saw the clash."""
    return request.POST.get("clash_ok") == "1"


@clinical_record_required
def appointment_new(request, pk):
    context = record_frame(request, pk, "new appointment", audit=request.method != "POST")
    client = context["client"]
    form = AppointmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = appointment_book(
                client=client,
                staff=data["staff"],
                kind=data["kind"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                video_url=data["video_url"],
                actor=request.user,
                clash_ok=_clash_ok(request),
                request=request,
            )
        except AppointmentClash as clash:
            context["clashes"] = clash.clashes
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "The appointment is booked; reminders will go out.")
            return redirect("casework:appointment", pk=client.pk, appointment_pk=appointment.pk)
    context["form"] = form
    return render(request, "casework/appointments/form.html", context)


@clinical_record_required
def appointment_detail(request, pk, appointment_pk):
    context = record_frame(request, pk, "appointment")
    appointment = appointment_of(context["client"], appointment_pk)
    context["appointment"] = appointment
    # Offer only what can succeed: an appointment still to come can be moved or cancelled.
    context["ahead"] = appointment.starts_at > timezone.now()
    context["outcome_form"] = OutcomeForm(ahead=context["ahead"])
    context["requests"] = [
        r for r in open_requests_of(context["client"]) if r.appointment_id == appointment.pk
    ]
    return render(request, "casework/appointments/detail.html", context)


@clinical_record_required
def appointment_status(request, pk, appointment_pk):
    context = record_frame(request, pk, "appointment", audit=False)
    appointment = appointment_of(context["client"], appointment_pk)
    # Scope first: someone outside it learns nothing, not even which methods are allowed.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            appointment_set_status(
                appointment=appointment,
                status=form.cleaned_data["status"],
                actor=request.user,
                request=request,
            )
            messages.success(request, "Saved.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, "Please choose what happened.")
    return redirect("casework:appointment", pk=pk, appointment_pk=appointment.pk)


@clinical_record_required
def reschedule_request_answer(request, pk, appointment_pk):
    """Keep the time: the case manager answered the client's request another way (a call)."""
    context = record_frame(request, pk, "appointment", audit=False)
    appointment = appointment_of(context["client"], appointment_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    for asked in open_requests_of(context["client"]):
        if asked.appointment_id == appointment.pk:
            reschedule_request_close(asked=asked, actor=request.user, request=request)
    messages.success(request, "The request is answered; the appointment keeps its time.")
    return redirect("casework:appointment", pk=pk, appointment_pk=appointment.pk)


@clinical_record_required
def appointment_move(request, pk, appointment_pk):
    context = record_frame(request, pk, "move appointment", audit=request.method != "POST")
    appointment = appointment_of(context["client"], appointment_pk)
    local = timezone.localtime(appointment.starts_at)
    form = MoveForm(
        request.POST or None,
        initial={
            "day": local.date(),
            "at": local.time().replace(second=0, microsecond=0),
            "duration_minutes": appointment.duration_minutes,
            "place": appointment.place,
            "video_url": appointment.video_url,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = appointment_reschedule(
                appointment=appointment,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                video_url=data["video_url"],
                actor=request.user,
                clash_ok=_clash_ok(request),
                request=request,
            )
        except AppointmentClash as clash:
            context["clashes"] = clash.clashes
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "The appointment is moved; its reminders moved with it.")
            return redirect("casework:appointment", pk=pk, appointment_pk=new.pk)
    context.update({"form": form, "appointment": appointment})
    return render(request, "casework/appointments/move.html", context)


@clinical_staff_required
def week(request):
    day = params.date(request, "start", default=timezone.localdate())
    monday = day - timedelta(days=day.weekday())
    return render(
        request,
        "casework/appointments/week.html",
        {
            "days": week_for(request.user, monday),
            "monday": monday,
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
        },
    )
