"""Staff pages of a client's recovery plan, under the record's "Plan" tab. Each starts from
``clients.frame.record_frame`` (404 outside the viewer's scope; a GET is audited as a view of
the plan, a POST by the service it calls)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from casework.fhir import plan_bundle
from casework.forms.plan import (
    BarrierForm,
    GoalForm,
    PlanStartForm,
    ReviewForm,
    StepForm,
    StrategyForm,
)
from casework.selectors.plan import (
    barrier_of,
    goal_of,
    open_plan_of,
    plan_page,
    snapshot_for_display,
    step_of,
    version_diff,
    version_of,
    versions_of,
)
from casework.selectors.plan_history import plan_change_log
from casework.services.plan import (
    barrier_add,
    goal_add,
    goal_update,
    plan_exported,
    plan_review,
    plan_share,
    plan_start,
    step_add,
    step_update,
    strategy_add,
)
from clients.forms.consent import ExportForm
from clients.frame import record_frame
from clients.models import InformationKind
from clients.part2 import NOTICE_HEADING, REDISCLOSURE_NOTICE
from clients.selectors.consent import active_consents_of
from clients.selectors.export import consent_copy
from clients.selectors.intake import intake_needs_of
from clients.selectors.record import client_for
from clients.views.export import disclose_copy_or_say_why
from recovery_portal import params
from recovery_portal.accounts.decorators import clinical_record_required
from recovery_portal.confirm import Confirmation, confirm_page, is_confirmed
from recovery_portal.forms import errors_onto

PART = "recovery plan"


def _frame(request, client_pk, part=PART) -> dict:
    context = record_frame(request, client_pk, part, audit=request.method == "GET")
    context["plan"] = open_plan_of(context["client"], full=False)
    return context


def _with_plan(request, client_pk, part=PART) -> dict:
    context = _frame(request, client_pk, part)
    if context["plan"] is None:
        raise Http404("No plan yet.")
    return context


@clinical_record_required
def plan(request, client_pk):
    context = record_frame(request, client_pk, PART)
    context.update(plan_page(context["client"]))
    return render(request, "casework/plan/plan.html", context)


@clinical_record_required
def plan_start_page(request, client_pk):
    context = _frame(request, client_pk)
    if context["plan"] is not None:
        return redirect("casework:plan", client_pk)
    form = PlanStartForm(
        request.POST if request.method == "POST" else None,
        needs=intake_needs_of(context["client"], open_only=True),
    )
    if request.method == "POST" and form.is_valid():
        plan_start(
            client=context["client"],
            actor=request.user,
            needs=form.chosen_needs(),
            request=request,
        )
        messages.success(request, "The plan is started. Put each goal in the client's words.")
        return redirect("casework:plan", client_pk)
    return render(request, "casework/plan/start.html", {**context, "form": form})


def _edit(request, context, form, save, *, title: str, done: str):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, done)
            return redirect("casework:plan", context["client"].pk)
    return render(request, "casework/plan/edit.html", {**context, "form": form, "title": title})


@clinical_record_required
def goal_new(request, client_pk):
    context = _with_plan(request, client_pk)
    form = GoalForm(request.POST if request.method == "POST" else None)
    return _edit(
        request,
        context,
        form,
        lambda data: goal_add(
            plan=context["plan"], actor=request.user, fields=data, request=request
        ),
        title="Add a goal",
        done="The goal is added.",
    )


@clinical_record_required
def goal_edit(request, client_pk, pk):
    context = _with_plan(request, client_pk)
    goal = goal_of(context["plan"], pk)
    # The form fills its own copy; the service compares it with ``goal`` to log what changed.
    form = GoalForm(
        request.POST if request.method == "POST" else None, instance=goal_of(context["plan"], pk)
    )
    return _edit(
        request,
        context,
        form,
        lambda data: goal_update(goal=goal, actor=request.user, fields=data, request=request),
        title="Change the goal",
        done="The goal is saved.",
    )


@clinical_record_required
def step_new(request, client_pk, goal_pk):
    context = _with_plan(request, client_pk)
    goal = goal_of(context["plan"], goal_pk)
    form = StepForm(request.POST if request.method == "POST" else None)
    return _edit(
        request,
        {**context, "goal": goal},
        form,
        lambda data: step_add(goal=goal, actor=request.user, fields=data, request=request),
        title="Add an action step",
        done="The step is added.",
    )


@clinical_record_required
def step_edit(request, client_pk, pk):
    context = _with_plan(request, client_pk)
    step = step_of(context["plan"], pk)
    # The form fills its own copy, so a refused change leaves ``step`` as it was.
    form = StepForm(
        request.POST if request.method == "POST" else None, instance=step_of(context["plan"], pk)
    )
    return _edit(
        request,
        {**context, "goal": step.goal, "step": step},
        form,
        lambda data: step_update(
            step=step, actor=request.user, fields=data, done=data["done"], request=request
        ),
        title="Change the action step",
        done="The step is saved.",
    )


@clinical_record_required
def barrier_new(request, client_pk, goal_pk):
    context = _with_plan(request, client_pk)
    goal = goal_of(context["plan"], goal_pk)
    form = BarrierForm(request.POST if request.method == "POST" else None)
    return _edit(
        request,
        {**context, "goal": goal},
        form,
        lambda data: barrier_add(goal=goal, actor=request.user, request=request, **data),
        title="Add a barrier and a strategy",
        done="The barrier is added.",
    )


@clinical_record_required
def strategy_new(request, client_pk, barrier_pk):
    context = _with_plan(request, client_pk)
    barrier = barrier_of(context["plan"], barrier_pk)
    form = StrategyForm(request.POST if request.method == "POST" else None)
    return _edit(
        request,
        {**context, "goal": barrier.goal, "barrier": barrier},
        form,
        lambda data: strategy_add(barrier=barrier, actor=request.user, request=request, **data),
        title="Add a strategy",
        done="The strategy is added.",
    )


@require_POST
@clinical_record_required
def share(request, client_pk):
    context = _with_plan(request, client_pk)
    client = context["client"]
    reads_portal = bool(client.user_id and client.user.is_active)
    reads_portal = reads_portal and client.user.has_usable_password()
    if not is_confirmed(request):  # the first post asks once (recovery_portal/confirm.py)
        return confirm_page(request, context, _share_confirmation(client, reads_portal))
    try:
        plan_share(plan=context["plan"], actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            "The plan is shared. The client can read and acknowledge it."
            if reads_portal
            else "The plan is shared. The client has no portal account yet: they can read it "
            "once they accept an invitation (Portal access).",
        )
    return redirect("casework:plan", client_pk)


def _share_confirmation(client, reads_portal: bool) -> Confirmation:
    notes, links = [], []
    if not reads_portal:
        notes.append(
            f"{client.display_name} has no portal account yet, so they cannot read the plan "
            "until they accept an invitation."
        )
        links.append(("Invite them to the portal", reverse("clients:invitation", args=[client.pk])))
    return Confirmation(
        title="Share the plan with the client?",
        what=[
            "This version of the plan is kept as it is now, numbered, and can no longer change.",
            "The client sees it under My recovery and is asked to acknowledge it.",
            "Later changes reach the client only through a review that revises the plan.",
        ],
        button="Share the plan with the client",
        cancel_url=reverse("casework:plan", args=[client.pk]),
        notes=notes,
        links=links,
    )


@clinical_record_required
def review(request, client_pk):
    context = _with_plan(request, client_pk, "plan review")
    form = ReviewForm(
        request.POST if request.method == "POST" else None, goals=context["plan"].goals.all()
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_review(
                plan=context["plan"],
                actor=request.user,
                revise=form.cleaned_data["outcome"] == "revised",
                progress=form.progress(),
                statuses=form.statuses(),
                next_review=form.cleaned_data["next_review"],
                summary=form.cleaned_data["summary"],
                request=request,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "The review is recorded.")
            return redirect("casework:plan", client_pk)
    return render(request, "casework/plan/review.html", {**context, "form": form})


@clinical_record_required
def versions(request, client_pk):
    """Every version of the plan, and what changed between any two (``?a=1&b=2``)."""
    context = _with_plan(request, client_pk, "plan versions")
    found = versions_of(context["plan"])
    context["versions"] = found
    numbers = {v.number for v in found}
    a, b = _version_number(request, "a", numbers), _version_number(request, "b", numbers)
    if a and b:
        older, newer = sorted((a, b))
        context["compared"] = (older, newer)
        context["changes"] = version_diff(
            version_of(context["plan"], older).snapshot, version_of(context["plan"], newer).snapshot
        )
    elif a or b:
        context["compare_error"] = "Choose two versions of this plan to compare."
    return render(request, "casework/plan/versions.html", context)


def _version_number(request, name: str, numbers: set[int]) -> int | None:
    """``?a=`` or ``?b=``: the number of one of the plan's versions, or nothing."""
    number = params.integer(request, name, minimum=1)
    if number is not None and number not in numbers:
        which = f"1 to {max(numbers)}" if numbers else "none yet"
        raise params.BadParameter(
            f'"{name}" must be the number of a version of this plan (versions: {which}).'
        )
    return number


@clinical_record_required
def version(request, client_pk, number):
    context = _with_plan(request, client_pk, "plan versions")
    found = version_of(context["plan"], number)
    context.update(version=found, goals=snapshot_for_display(found.snapshot))
    return render(request, "casework/plan/version.html", context)


@clinical_record_required
def history(request, client_pk):
    """Who changed what in the plan, and when (django-simple-history's records)."""
    context = _with_plan(request, client_pk, "plan history")
    context["log"] = plan_change_log(context["plan"])
    return render(request, "casework/plan/history.html", context)


@clinical_record_required
def print_plan(request, client_pk):
    context = record_frame(request, client_pk, "recovery plan (printed)")
    context.update(plan_page(context["client"]))
    if context["plan"] is None:
        raise Http404("No plan yet.")
    # A printed plan can leave the building: it carries the Part 2 notice against redisclosure.
    context.update(notice_title=NOTICE_HEADING, notice=REDISCLOSURE_NOTICE)
    return render(request, "casework/plan/print.html", context)


@clinical_record_required
@require_http_methods(["GET", "POST"])
def fhir_export(request, client_pk):
    """The plan as a FHIR R4 Bundle (CarePlan + Goals): a copy that leaves the portal, so it
    is on the disclosure ledger like the whole-record export. The page (GET) asks who it goes
    to (the client, or a recipient under a consent that covers the plan); the POST logs the
    disclosure, audits the export and downloads the bundle."""
    client = client_for(request.user, client_pk)
    found = open_plan_of(client)
    if found is None:
        raise Http404("No plan yet.")
    consents = active_consents_of(client)
    form = ExportForm(request.POST or None, consents=consents, what="the recovery plan")
    if request.method == "POST" and form.is_valid():
        disclosure = disclose_copy_or_say_why(
            request,
            client,
            form,
            information=InformationKind.PLAN,
            description="Recovery plan, exported (FHIR R4)",
            refusal="this consent is not in effect or does not cover the recovery plan",
        )
        if disclosure is not None:
            plan_exported(plan=found, actor=request.user, export_format="fhir-r4", request=request)
            # Under a consent, a copy of it goes with the plan (42 CFR 2.32(b)).
            copy = consent_copy(disclosure.consent) if disclosure.consent else None
            response = HttpResponse(
                json.dumps(plan_bundle(found, consent_copy=copy), indent=2),
                content_type="application/fhir+json",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="recovery-plan-{found.pk}.json"'
            )
            response["Cache-Control"] = "no-store"
            return response
    context = record_frame(request, client_pk, PART, audit=request.method == "GET")
    return render(request, "casework/plan/export.html", {**context, "form": form})
