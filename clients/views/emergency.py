"""Emergency access ("break the glass"): the reason asked before a record outside one's
caseload opens. Reached only from a search that found such a record (the client list), which
offers it for a while in the searcher's session.

What opens is the emergency summary, not the whole record (minimum necessary): who the person
is and how to reach them, their open safety alerts (which may be followed up), the people in
their support network, their care team and their latest screening results. Plans, notes,
intake answers, consents and everything else stay with the people on the client's care team."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from clients.forms.emergency import EmergencyAccessForm
from clients.selectors.emergency import emergency_target
from clients.selectors.record import care_team_of, client_record, clients_for
from clients.selectors.screening import latest_screenings, open_alerts_of
from clients.selectors.support import contacts_for_emergency
from clients.services.emergency import emergency_access_open
from clients.services.record import client_record_viewed
from recovery_portal.accounts.decorators import clinical_record_required
from recovery_portal.forms import errors_onto

# Records a search offered to open in an emergency, kept in the searcher's session for this
# long: only those may be opened, so ids cannot be walked and no record is opened unseen.
OFFER_SECONDS = 30 * 60
_OFFERS = "emergency_offers"


def offer_emergency_access(request, client_ids) -> None:
    """Remember that a search offered these records to ``request.user`` (see the client list)."""
    now = timezone.now().timestamp()
    offers = {pk: until for pk, until in request.session.get(_OFFERS, {}).items() if until > now}
    offers.update({str(pk): now + OFFER_SECONDS for pk in client_ids})
    request.session[_OFFERS] = offers


def _was_offered(request, pk) -> bool:
    until = request.session.get(_OFFERS, {}).get(str(pk))
    return until is not None and until > timezone.now().timestamp()


@login_required
def emergency_access(request, pk):
    if request.user.is_clinical_staff and clients_for(request.user).filter(pk=pk).exists():
        return redirect("home:client_overview", pk=pk)  # in their scope
    if (
        request.user.is_clinical_staff
        and clients_for(request.user, emergency=True).filter(pk=pk).exists()
    ):
        return redirect("clients:emergency_summary", pk=pk)  # opened already, still open
    if not _was_offered(request, pk):
        raise Http404("No such client.")  # the same answer whether or not the record exists
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
            return redirect("clients:emergency_summary", pk=client.pk)
    return render(
        request,
        "clients/emergency_access.html",
        {"form": form, "hours": settings.EMERGENCY_ACCESS_HOURS},
    )


@clinical_record_required
def emergency_summary(request, pk):
    """What someone who opened the record in an emergency sees (the client's own care team
    sees the same page, e.g. to print it for a crisis team)."""
    client = client_record(request.user, pk, emergency=True)
    client_record_viewed(
        actor=request.user, client=client, part="emergency summary", request=request
    )
    return render(
        request,
        "clients/emergency_summary.html",
        {
            "client": client,
            "open_alerts": open_alerts_of(client),
            "contacts": contacts_for_emergency(client),
            "care_team": care_team_of(client),
            "screenings": latest_screenings(client),
            "in_scope": client.in_scope,
        },
    )
