"""Staff pages of a client's aftercare, inside the record's frame (the Follow-ups tab):
the plan, the follow-ups with their tries and outcomes, and needs to act on.
Scope first (404 outside it), then the method (405)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from aftercare.forms import (
    AttemptForm,
    CallForm,
    CloseForm,
    NotStartedForm,
    OutcomeForm,
    PlanCloseForm,
    PlanForm,
)
from aftercare.models.discharge import LEFT_TREATMENT
from aftercare.selectors.checkin import (
    milestones_of,
    recovery_count,
)
from aftercare.selectors.followup import (
    active_plan,
    barc10_items_of,
    baseline_barc10_of,
    followup_for,
    followups_of,
    last_contact_before,
    latest_plan,
    need_for,
    needs_to_act_on,
    not_started_of,
    outcome_of,
    plan_for,
)
from aftercare.services.discharge import aftercare_not_started_record
from aftercare.services.followup import (
    attempt_record,
    followup_complete,
    followup_schedule_call,
    need_mark_acted_on,
)
from aftercare.services.followup import followup_close as followup_close_service
from aftercare.services.followup import need_refer as need_refer_service
from aftercare.services.plan import plan_close as plan_close_service
from aftercare.services.plan import plan_start, plan_update
from casework.forms.referral import ReferralForm
from casework.views.referral import referral_confirmation
from clients.frame import record_frame
from recovery_portal.accounts.decorators import clinical_record_required
from recovery_portal.confirm import confirm_page, is_confirmed
from recovery_portal.forms import errors_onto


def _errors(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@clinical_record_required
def followups(request, pk):
    context = record_frame(request, pk, "follow-ups")
    client = context["client"]
    plan = latest_plan(client)
    context.update(
        plan=plan,
        # Left treatment (Discharged or Aftercare) without an active plan: the reason recorded
        # for it, or the way to record one (until then the client is on Today's "Discharged
        # without aftercare").
        without_aftercare=client.status in LEFT_TREATMENT and (plan is None or not plan.is_active),
        not_started=not_started_of(client),
        followups=followups_of(client),
        needs=needs_to_act_on(client),
        count=recovery_count(client),
        milestones=milestones_of(client),
        close_form=PlanCloseForm(),
    )
    return render(request, "aftercare/followups.html", context)


@clinical_record_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    """Start aftercare at discharge, or change the plan (a new discharge date moves every open
    follow-up and its reminders)."""
    context = record_frame(request, pk, "aftercare plan", audit=request.method == "GET")
    client = context["client"]
    plan = active_plan(client)
    initial = {"responsible": request.user if request.user.keeps_caseload else None}
    if plan is not None:
        initial = {
            name: getattr(plan, name) for name in PlanForm.base_fields if hasattr(plan, name)
        }
    form = PlanForm(request.POST or None, initial=initial, starting=plan is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if plan is None:
                plan_start(client=client, actor=request.user, request=request, **data)
                messages.success(request, "The aftercare plan is started and follow-ups scheduled.")
            else:
                plan_update(plan=plan, actor=request.user, request=request, **data)
                messages.success(request, "The aftercare plan is saved.")
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("aftercare:followups", pk=client.pk)
    context.update(form=form, plan=plan)
    return render(request, "aftercare/plan_form.html", context)


@clinical_record_required
def plan_close(request, pk):
    client, plan = plan_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = PlanCloseForm(request.POST)
    if plan is None or not form.is_valid():
        messages.error(request, "Please choose why the plan is closing.")
    else:
        try:
            plan_close_service(
                plan=plan,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "The aftercare plan is closed; its reminders are stopped.")
    return redirect("aftercare:followups", pk=client.pk)


@clinical_record_required
@require_http_methods(["GET", "POST"])
def not_started(request, pk):
    """Record why a discharged client has no aftercare plan (declined, moved away, transferred,
    other): it takes them off Today's "Discharged without aftercare"."""
    context = record_frame(request, pk, "aftercare plan", audit=request.method == "GET")
    client = context["client"]
    form = NotStartedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            aftercare_not_started_record(
                client=client, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "The reason is recorded; aftercare is not started.")
            return redirect("aftercare:followups", pk=client.pk)
    context.update(
        form=form,
        discharged=client.status in LEFT_TREATMENT,
        plan=active_plan(client),
        not_started=not_started_of(client),
    )
    return render(request, "aftercare/not_started_form.html", context)


@clinical_record_required
def followup(request, pk, followup_pk):
    context = record_frame(request, pk, "follow-up")
    item = followup_for(request.user, pk, followup_pk)
    found = outcome_of(item)
    baseline = baseline_barc10_of(item)
    context.update(
        followup=item,
        window_ahead=item.opens_after(timezone.localdate()),
        outcome=found,
        baseline_barc10=baseline,
        barc10_items=barc10_items_of(found),
        barc10_change=(
            found.barc10_score - baseline
            if found and found.barc10_score is not None and baseline is not None
            else None
        ),
        attempt_form=AttemptForm(),
        close_form=CloseForm(),
        call_form=CallForm(),
    )
    return render(request, "aftercare/followup.html", context)


def _followup_post(request, pk, followup_pk, form_class, act, done: str):
    """The shape of every POST on one follow-up: scope, method, form, service, message."""
    item = followup_for(request.user, pk, followup_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(item, form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, done)
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("aftercare:followup", pk=pk, followup_pk=followup_pk)


@clinical_record_required
def attempt_add(request, pk, followup_pk):
    def act(item, data):
        attempt_record(
            followup=item,
            method=data["method"],
            reached=data["reached"] == "yes",
            note=data["note"],
            actor=request.user,
            request=request,
        )

    return _followup_post(request, pk, followup_pk, AttemptForm, act, "The try is recorded.")


@clinical_record_required
def followup_close(request, pk, followup_pk):
    def act(item, data):
        followup_close_service(
            followup=item,
            status=data["status"],
            note=data["note"],
            reason=data["reason"],
            actor=request.user,
            request=request,
        )

    return _followup_post(request, pk, followup_pk, CloseForm, act, "The follow-up is closed.")


@clinical_record_required
def followup_call(request, pk, followup_pk):
    def act(item, data):
        followup_schedule_call(followup=item, at=data["at"], actor=request.user, request=request)

    return _followup_post(
        request, pk, followup_pk, CallForm, act, "The call is set; the client gets a reminder."
    )


@clinical_record_required
@require_http_methods(["GET", "POST"])
def outcome(request, pk, followup_pk):
    context = record_frame(request, pk, "outcome", audit=request.method == "GET")
    item = followup_for(request.user, pk, followup_pk)
    if not item.is_open:
        messages.info(request, "This follow-up is already closed.")
        return redirect("aftercare:followup", pk=pk, followup_pk=followup_pk)
    if item.opens_after(timezone.localdate()):
        opens = item.window_opens
        messages.info(
            request,
            f"The window opens on {opens:%B} {opens.day}, {opens.year}; until then record "
            "a contact as a try (reached).",
        )
        return redirect("aftercare:followup", pk=pk, followup_pk=followup_pk)
    last_contact = last_contact_before(item, timezone.localdate())
    form = OutcomeForm(request.POST or None, last_contact=last_contact)
    if request.method == "POST" and form.is_valid():
        try:
            followup_complete(followup=item, actor=request.user, request=request, **form.outcome())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The follow-up is completed.")
            return redirect("aftercare:followup", pk=pk, followup_pk=followup_pk)
    context.update(followup=item, form=form, baseline_barc10=baseline_barc10_of(item))
    return render(request, "aftercare/outcome_form.html", context)


@clinical_record_required
def need_done(request, pk, need_pk):
    need = need_for(request.user, pk, need_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    need_mark_acted_on(need=need, actor=request.user, request=request)
    messages.success(request, "The need is marked as acted on.")
    return redirect("aftercare:followups", pk=pk)


@clinical_record_required
@require_http_methods(["GET", "POST"])
def need_refer(request, pk, need_pk):
    """Turn a need found at follow-up into a casework referral, in one step."""
    posting = request.method == "POST"
    context = record_frame(request, pk, "follow-up", audit=not posting)
    need = need_for(request.user, pk, need_pk)
    if need.acted_on_at is not None:
        messages.info(request, "This need has already been acted on.")
        return redirect("aftercare:followups", pk=pk)
    form = ReferralForm(request.POST or None, initial={"reason": need.description})
    if posting and form.is_valid():
        if not is_confirmed(request):  # ask once (recovery_portal/confirm.py)
            return confirm_page(request, context, referral_confirmation(context["client"], form))
        try:
            referral = need_refer_service(
                need=need,
                **form.referral(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "The referral is made and the need marked as acted on.")
            return redirect("casework:referral", pk=pk, referral_pk=referral.pk)
    context.update(form=form, need=need)
    return render(request, "aftercare/need_refer.html", context)
