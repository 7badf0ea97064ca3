"""Referral pages of a client's record: the list, a new referral, one referral's loop."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from casework.forms.referral import ReferralForm, ReferralUpdateForm
from casework.selectors.referral import open_referrals_for, referral_of, referrals_of
from casework.selectors.resource import referable_resources
from casework.services.referral import referral_send, referral_update
from clients.frame import record_frame
from clients.part2 import REDISCLOSURE_NOTICE
from recovery_portal import params
from recovery_portal.accounts.decorators import clinical_record_required, clinical_staff_required
from recovery_portal.confirm import Confirmation, confirm_page, is_confirmed
from recovery_portal.forms import errors_onto


@clinical_record_required
def client_referrals(request, pk):
    context = record_frame(request, pk, "referrals")
    context["referrals"] = list(referrals_of(context["client"])[:100])
    return render(request, "casework/referrals/list.html", context)


def _resource_asked(request) -> int | None:
    """``?resource=N``: the service to refer to, one the directory takes referrals for."""
    number = params.integer(request, "resource", minimum=1)
    if number is not None and not referable_resources().filter(pk=number).exists():
        raise params.BadParameter(
            '"resource" must be a service of the directory that takes referrals; this one '
            "is not (no such service, or it is inactive)."
        )
    return number


@clinical_record_required
def referral_new(request, pk):
    context = record_frame(request, pk, "new referral", audit=request.method != "POST")
    client = context["client"]
    form = ReferralForm(request.POST or None, initial={"resource": _resource_asked(request)})
    if request.method == "POST" and form.is_valid():
        if not is_confirmed(request):  # ask once (recovery_portal/confirm.py)
            return confirm_page(request, context, referral_confirmation(client, form))
        try:
            referral = referral_send(
                client=client,
                **form.referral(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request,
                "The referral is recorded"
                + (" and the disclosure logged." if referral.disclosure_id else "."),
            )
            return redirect("casework:referral", pk=pk, referral_pk=referral.pk)
    context["form"] = form
    return render(request, "casework/referrals/form.html", context)


def referral_confirmation(client, form) -> Confirmation:
    resource = form.cleaned_data.get("resource")
    to = f"to {resource}" if resource else "to this provider"
    return Confirmation(
        title=f"Send the referral {to}?",
        what=[
            "The referral is recorded on the client's record and cannot be deleted.",
            "Information goes to the provider only where a consent the client signed covers "
            "that provider and that information; the sharing is then recorded in the client's "
            "disclosures, which the client can see.",
        ],
        button="Send the referral",
        cancel_url=reverse("casework:client_referrals", args=[client.pk]),
    )


@clinical_record_required
def referral_detail(request, pk, referral_pk):
    posting = request.method == "POST"
    context = record_frame(request, pk, "referral", audit=not posting)
    referral = referral_of(context["client"], referral_pk)
    form = ReferralUpdateForm(request.POST or None, referral=referral)
    if posting and form.is_valid():
        data = form.cleaned_data
        try:
            referral_update(
                referral=referral,
                status=data["status"],
                note=data["note"],
                first_visit_on=data["first_visit_on"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "The referral is updated.")
            return redirect("casework:referral", pk=pk, referral_pk=referral.pk)
    context.update({"referral": referral, "form": form, "notice": REDISCLOSURE_NOTICE})
    return render(request, "casework/referrals/detail.html", context)


@clinical_staff_required
def open_referrals(request):
    """Every open referral of my clients (a supervisor: of every client), the longest without
    news first; ``?waiting=1`` keeps those that need a follow-up."""
    waiting = params.choice(request, "waiting", ("0", "1")) == "1"
    page = params.page(request, open_referrals_for(request.user, waiting_only=waiting), 50)
    return render(
        request,
        "casework/referrals/open.html",
        {"page": page, "waiting": waiting, "stale_days": settings.REFERRAL_STALE_DAYS},
    )
