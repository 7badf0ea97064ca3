"""Emergency access ("break the glass"): the reason asked before a record outside one's
caseload opens. Reached from a search that finds such a record (the client list)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from ..forms import EmergencyAccessForm, errors_onto
from ..selectors import clients_for, emergency_target
from ..services import emergency_access_open


@login_required
def emergency_access(request, pk):
    if request.user.is_clinical_staff and clients_for(request.user).filter(pk=pk).exists():
        return redirect("home:client_overview", pk=pk)  # in their scope, or opened already
    client = emergency_target(request.user, pk)
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = emergency_access_open(
                user=request.user,
                client=client,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            until = timezone.localtime(grant.expires_at)
            messages.warning(
                request,
                f"Emergency access is open until {until:%H:%M}. Supervisors and the client are "
                "told, with your reason.",
            )
            return redirect("home:client_overview", pk=client.pk)
    return render(
        request,
        "clients/emergency_access.html",
        {"form": form, "hours": settings.EMERGENCY_ACCESS_HOURS},
    )
