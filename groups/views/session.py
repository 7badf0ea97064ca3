"""The facilitator's pages for one session: the roster (one tap per person), walk-ins,
cancelling or moving. Built for a phone; plain forms, no JavaScript needed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from groups.forms import MoveForm, ReasonForm
from groups.models import AttendanceStatus
from groups.selectors.session import roster, session_to_run, walk_in_candidates
from groups.services.attendance import (
    attendance_is_open,
    attendance_mark_all_present,
    attendance_opens_at,
)
from groups.services.attendance import attendance_mark as attendance_mark_service
from groups.services.session import session_cancel as session_cancel_service
from groups.services.session import session_move as session_move_service
from recovery_portal import params
from recovery_portal.accounts.decorators import groups_staff_required
from recovery_portal.audit.services import audit_record
from recovery_portal.forms import errors_onto


@groups_staff_required
def session(request, pk):
    session = session_to_run(request.user, pk)
    lines = roster(session)
    query = params.text(request, "q", max_length=100)
    candidates = walk_in_candidates(session, query, exclude={line.client_id for line in lines})
    # Who looked at which roster (names of people in a group are themselves sensitive).
    audit_record(actor=request.user, action="groups.roster.view", target=session, request=request)
    return render(
        request,
        "groups/session.html",
        {
            "session": session,
            "group": session.group,
            "lines": lines,
            "statuses": AttendanceStatus.choices,
            "query": query,
            "candidates": candidates,
            "unmarked": sum(1 for line in lines if line.status is None),
            # The buttons are offered only when a tap can succeed (the service's own rule).
            "attendance_open": attendance_is_open(session),
            "attendance_opens_at": attendance_opens_at(session),
        },
    )


def _back(session, anchor: str = "") -> str:
    return reverse("groups:session", args=[session.pk]) + (f"#{anchor}" if anchor else "")


@groups_staff_required
@require_POST
def attendance_mark(request, pk):
    session = session_to_run(request.user, pk)
    try:
        client_id = int(request.POST.get("client", ""))
        mark = attendance_mark_service(
            session=session,
            client_id=client_id,
            status=request.POST.get("status", ""),
            actor=request.user,
            walk_in=request.POST.get("walk_in") == "1",
            request=request,
        )
    except (ValueError, ValidationError) as error:
        message = " ".join(getattr(error, "messages", ["Choose a person."]))
        if _in_background(request):
            return JsonResponse({"error": message}, status=400)
        messages.error(request, message)
        return redirect(_back(session))
    if _in_background(request):
        return JsonResponse({"status": mark.status})
    return redirect(_back(session, f"person-{client_id}"))


def _in_background(request) -> bool:
    """The roster's script records a tap without reloading the page (static/groups/roster.js)."""
    return request.headers.get("X-Requested-With") == "fetch"


@groups_staff_required
@require_POST
def attendance_all(request, pk):
    session = session_to_run(request.user, pk)
    try:
        marked = attendance_mark_all_present(session=session, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Marked {marked} present.")
    return redirect(_back(session))


@groups_staff_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, pk):
    session = session_to_run(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session_cancel_service(
                session=session,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "The session is cancelled; members are being told.")
            return redirect("groups:detail", session.group_id)
    return render(
        request,
        "groups/session_change.html",
        {"session": session, "form": form, "action": "cancel"},
    )


@groups_staff_required
@require_http_methods(["GET", "POST"])
def session_move(request, pk):
    session = session_to_run(request.user, pk)
    zone = session.group.schedule.zone
    local = session.starts_at.astimezone(zone)
    form = MoveForm(
        request.POST or None, zone=zone, initial={"date": local.date(), "time": local.time()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            session_move_service(
                session=session,
                starts_at=form.starts_at(),
                actor=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "The session is moved; members are being told.")
            return redirect("groups:detail", session.group_id)
    return render(
        request,
        "groups/session_change.html",
        {"session": session, "form": form, "action": "move"},
    )
