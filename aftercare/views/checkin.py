"""Actions from the staff Today page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect

from aftercare.selectors.checkin import help_request_for
from aftercare.services.checkin import help_request_handle
from recovery_portal.accounts.decorators import staff_required


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
