"""Staff pages of the record: the client list (and its CSV), the overview, profile, status,
assignments, safety-alert follow-up and the reminders sent to the client."""

from __future__ import annotations

from copy import copy

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from clients.forms.record import ClientSearchForm, IdentityForm, ReassignForm, StatusChangeForm
from clients.forms.retention import LegalHoldForm
from clients.forms.screening import AlertFollowUpForm
from clients.frame import overview_cards, record_frame
from clients.selectors.emergency import emergency_candidates
from clients.selectors.record import assignment_history, client_list, clients_for, status_history
from clients.selectors.retention import legal_holds_of
from clients.selectors.screening import alert_for
from clients.services.emergency import emergency_search_recorded
from clients.services.export import client_list_exported
from clients.services.record import case_assign, client_status_change, client_update
from clients.services.screening import safety_alert_follow_up
from clients.views.emergency import offer_emergency_access
from recovery_portal import csvsafe, params
from recovery_portal.accounts.decorators import (
    clinical_record_required,
    clinical_staff_required,
    supervision_required,
)
from recovery_portal.audit.services import audit_record
from recovery_portal.forms import errors_onto
from recovery_portal.notifications.selectors import (
    reminder_settings_summary,
    reminders_for_recipient,
)
from recovery_portal.plugins import status_steps

PAGE_SIZE = 25


def _searched(request):
    form = params.form(request, ClientSearchForm)
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return form, filters, client_list(request.user, **filters)


@clinical_staff_required
def client_list_page(request):
    form, filters, clients = _searched(request)
    page = params.page(request, clients, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    audit_record(
        actor=request.user,
        action="client.list",
        request=request,
        details={"filters": sorted(filters)},
    )
    # Break the glass: an exact match outside the caseload is offered, unnamed, to open with
    # a reason. Being found tells the searcher the person is a client: audited, and shown to them.
    elsewhere = emergency_candidates(request.user, filters.get("q", ""))
    if elsewhere:
        emergency_search_recorded(actor=request.user, client_ids=elsewhere, request=request)
        offer_emergency_access(request, elsewhere)
    return render(
        request,
        "clients/client_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(filters),
            "elsewhere": elsewhere,
            "may_supervise": request.user.may_see_all_clients,
        },
    )


@supervision_required
def client_list_csv(request):
    """The (filtered) client list as CSV, for supervisors; no clinical details in it."""
    _form, filters, clients = _searched(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="clients.csv"'
    response["Cache-Control"] = "no-store"
    writer = csvsafe.writer(response)
    writer.writerow(
        [
            "id",
            "legal first name",
            "legal last name",
            "preferred name",
            "date of birth",
            "status",
            "program",
            "primary case manager",
            "phone",
            "e-mail",
        ]
    )
    carried = []  # which clients' data leaves, for the audit trail (and for them to see)
    for c in clients.iterator(chunk_size=500):
        carried.append(c.pk)
        writer.writerow(
            [
                c.pk,
                c.legal_first_name,
                c.legal_last_name,
                c.preferred_name,
                c.date_of_birth.isoformat() if c.date_of_birth else "",
                c.get_status_display(),
                c.program.name if c.program else "",
                c.primary_manager_name or "",
                c.phone,
                c.email,
            ]
        )
    client_list_exported(
        actor=request.user, client_ids=carried, filters=list(filters), request=request
    )
    return response


@clinical_record_required
def profile(request, pk):
    context = record_frame(request, pk, "profile")
    return render(request, "clients/profile.html", context)


@clinical_record_required
def profile_edit(request, pk):
    context = record_frame(request, pk, "profile")
    client = context["client"]
    # The form works on its own copy: a rejected edit must not show in the page's header.
    form = IdentityForm(request.POST or None, instance=copy(client), prefix="identity")
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            client_update(client=client, actor=request.user, fields=fields, request=request)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "The profile is saved.")
            return redirect("clients:profile", pk=client.pk)
    return render(request, "clients/profile_edit.html", {**context, "form": form})


@transaction.atomic
def _status_change_with_steps(request, client, form) -> list[str]:
    """The change and the steps ticked with it (plugins.StatusStep, e.g. aftercare's plan),
    in one transaction: a step that fails undoes the change."""
    to_status = form.cleaned_data["to_status"]
    client_status_change(
        client=client,
        to_status=to_status,
        reason=form.cleaned_data["reason"],
        actor=request.user,
        request=request,
    )
    told = []
    for step in form.chosen_steps():
        said = step.runner()(
            client=client, to_status=to_status, actor=request.user, request=request
        )
        told += [said] if said else []
    return told


@clinical_record_required
def status(request, pk):
    context = record_frame(request, pk, "status history")
    client = context["client"]
    steps = [step for step in status_steps() if step.offered(client)]
    form = StatusChangeForm(request.POST or None, client=client, steps=steps)
    if request.method == "POST" and form.is_valid():
        try:
            told = _status_change_with_steps(request, client, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, " ".join(["The status is changed.", *told]))
            return redirect("clients:status", pk=client.pk)
    history = status_history(client)
    holds = legal_holds_of(client)
    hold_form = LegalHoldForm(initial={"action": "lift" if client.legal_hold else "place"})
    return render(
        request,
        "clients/status.html",
        {
            **context,
            "form": form,
            "history": history,
            "holds": holds,
            "retention_years": settings.RECORD_RETENTION_YEARS,
            "hold_form": hold_form if request.user.may_see_all_clients else None,
        },
    )


@clinical_record_required
def assignments(request, pk):
    context = record_frame(request, pk, "assignment history")
    client = context["client"]
    form = ReassignForm(request.POST or None) if request.user.may_reassign_caseloads else None
    if request.method == "POST":
        if form is None:
            return render(request, "errors/403.html", status=403)
        if form.is_valid():
            try:
                case_assign(
                    client=client,
                    case_manager=form.cleaned_data["case_manager"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as exc:
                form.add_error("case_manager", exc)
            else:
                messages.success(request, "The client is reassigned.")
                return redirect("clients:assignments", pk=client.pk)
    history = assignment_history(client)
    return render(
        request, "clients/assignments.html", {**context, "form": form, "history": history}
    )


@clinical_record_required
def alert_follow_up(request, pk, alert_pk):
    alert = alert_for(request.user, pk, alert_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AlertFollowUpForm(request.POST)
    if form.is_valid():
        try:
            safety_alert_follow_up(
                alert=alert,
                actor=request.user,
                note=form.cleaned_data["follow_up_note"],
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The follow-up is recorded and the alert is closed.")
    else:
        messages.error(request, "Please write what was done to follow up.")
    if not clients_for(request.user).filter(pk=alert.client_id).exists():
        return redirect("clients:emergency_summary", pk=pk)  # opened in an emergency
    return redirect("home:client_overview", pk=pk)


# The overview (first tab) and the Reminders tab (last). Their URL names stay in home's
# namespace (home:client_overview, home:client_reminders): home/urls.py routes them here.
@clinical_record_required
def client_overview(request, pk):
    """One client's record at a glance: the cards every app declares (``overview_cards``)."""
    context = record_frame(request, pk, "overview")  # header, tabs, and the audited view
    context["panels"] = overview_cards(request.user, context["client"])
    return render(request, "clients/overview.html", context)


@clinical_record_required
def client_reminders(request, pk):
    """The reminders sent to a client on the viewer's caseload: what, when, how, outcome."""
    context = record_frame(request, pk, "reminders")
    client = context["client"]
    context["reminders"] = list(reminders_for_recipient(client.user))
    context["settings"] = reminder_settings_summary(client.user)
    return render(request, "clients/reminders.html", context)
