"""Staff pages about check-ins: a client's check-ins and alerts (inside the record's frame,
scope first, then the method), and answering a 'Talk to someone now' request from Today."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render

from aftercare.selectors.checkin import (
    alert_for,
    alert_told_for,
    alerts_of,
    checkins_of,
    help_request_for,
    recovery_count,
    settings_of,
)
from aftercare.services.checkin import alert_handle as alert_handle_service
from aftercare.services.checkin import help_request_handle
from clients.frame import record_frame
from recovery_portal.accounts.decorators import clinical_record_required, staff_required


@staff_required
def help_handle(request, pk):
    """Mark a 'Talk to someone now' request as answered (the on-call staff alerted, or the
    client's own case managers)."""
    help_request = help_request_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    help_request_handle(help_request=help_request, actor=request.user, request=request)
    messages.success(request, "Marked as answered.")
    return redirect("home:today")


@staff_required
def alert_handle_today(request, pk):
    """Mark a check-in alert as handled from its card on Today: the people alerted to it (an
    escalation, on call), who need not be able to open the record, or those who may."""
    alert = alert_told_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    alert_handle_service(alert=alert, actor=request.user, request=request)
    messages.success(request, "Marked as handled.")
    return redirect("home:today")


@clinical_record_required
def checkins(request, pk):
    context = record_frame(request, pk, "check-ins")
    client = context["client"]
    context.update(
        checkins=checkins_of(client),
        alerts=alerts_of(client),
        count=recovery_count(client),
        settings=settings_of(client),
    )
    return render(request, "aftercare/checkins.html", context)


@clinical_record_required
def alert_handle(request, pk, alert_pk):
    alert = alert_for(request.user, pk, alert_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    alert_handle_service(alert=alert, actor=request.user, request=request)
    messages.success(request, "Marked as looked at.")
    if request.POST.get("next") == "today":
        return redirect("home:today")
    return redirect("aftercare:checkins", pk=pk)
