"""The client's 'My meetings' and the Meetings tab of a record (staff)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from clients.frame import record_frame
from clients.selectors.record import own_client_record
from clients.services.record import client_record_viewed
from clients.views.closed import open_record_required
from groups.forms import OutsideMeetingForm
from groups.models import RSVPAnswer
from groups.selectors.mine import (
    attendance_of,
    enrollments_of,
    joinable_group,
    joinable_groups,
    next_sessions_of,
    outside_meetings_of,
    outside_meetings_per_week,
    own_enrollment,
    session_of_client,
)
from groups.services.attendance import outside_meeting_log
from groups.services.enrollment import enrollment_end, group_join, rsvp_set
from recovery_portal.accounts.decorators import client_required, clinical_record_required
from recovery_portal.forms import errors_onto


def _mine_context(client, form=None) -> dict:
    return {
        "client": client,
        "enrollments": enrollments_of(client),
        "next": next_sessions_of(client, limit=6),
        "attendance": attendance_of(client),
        "joinable": joinable_groups(client),
        "outside": outside_meetings_of(client),
        "outside_form": form or OutsideMeetingForm(),
        "answers": RSVPAnswer.choices,
        "now": timezone.now(),
    }


@client_required
def mine(request):
    client = own_client_record(request.user)
    client_record_viewed(actor=request.user, client=client, part="my meetings", request=request)
    return render(request, "groups/mine.html", _mine_context(client))


@client_required
@require_POST
@open_record_required
def join(request, pk):
    client = own_client_record(request.user)
    group = joinable_group(client, pk)
    try:
        enrollment = group_join(group=group, client=client, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enrollment.status == "enrolled":
            messages.success(request, f"You joined {group.name}. Welcome!")
        else:
            messages.info(
                request,
                f"{group.name} is full right now. You are on the waiting list and will get "
                "the next place.",
            )
    return redirect("groups:mine")


@client_required
@require_POST
def leave(request, pk):
    client = own_client_record(request.user)
    enrollment = own_enrollment(client, pk)
    enrollment_end(enrollment=enrollment, actor=request.user, request=request)
    messages.success(request, f"You left {enrollment.group.name}. You are welcome back any time.")
    return redirect("groups:mine")


@client_required
@require_POST
@open_record_required
def rsvp(request, pk):
    client = own_client_record(request.user)
    session = session_of_client(client, pk)
    try:
        rsvp_set(
            session=session, client=client, answer=request.POST.get("answer", ""), request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Thanks for letting us know.")
    return redirect("groups:mine")


@client_required
@require_http_methods(["GET", "POST"])
def outside_log(request):
    client = own_client_record(request.user)
    form = OutsideMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outside_meeting_log(
                client=client,
                name=form.cleaned_data["name"],
                attended_on=form.cleaned_data["attended_on"],
                meeting_slug=form.cleaned_data["meeting_slug"],
                request=request,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Noted. Every meeting counts.")
            return redirect("groups:mine")
    return render(request, "groups/outside_form.html", {"form": form})


@clinical_record_required
def record_meetings(request, pk):
    """The Meetings tab of a client's record."""
    context = record_frame(request, pk, "meetings")
    client = context["client"]
    return render(
        request,
        "groups/record_meetings.html",
        {
            **context,
            "enrollments": enrollments_of(client),
            "next": next_sessions_of(client, limit=5),
            "attendance": attendance_of(client),
            "outside_weeks": outside_meetings_per_week(client),
            "outside": outside_meetings_of(client, limit=10),
        },
    )
