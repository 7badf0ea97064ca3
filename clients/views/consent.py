"""Staff pages about a client's consents and disclosures (the client in the user's scope).
Each page is framed by ``record_frame``: the record's header, alerts and tabs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from clients.forms.consent import (
    CONSENT_FIELD_MAP,
    SCAN_TOO_LARGE,
    AccountingSuspensionForm,
    ConsentEventForm,
    ConsentForm,
    DisclosureForm,
    DisclosureWithoutConsentForm,
    RevokeForm,
)
from clients.frame import record_frame
from clients.models import DisclosureChannel
from clients.models.consent import SCAN_MAX_BYTES, SignatureMethod
from clients.models.disclosure import SUSPENDABLE, WITHOUT_CONSENT, LegalBasis
from clients.part2 import (
    HIPAA_REDISCLOSURE_STATEMENT,
    NOTICE_HEADING,
    REDISCLOSURE_NOTICE,
    consent_statements,
)
from clients.selectors.consent import (
    consent_of,
    consents_of,
    disclosure_of,
    disclosures_of,
    signed_consents_of,
)
from clients.selectors.record import client_for, supervised_client
from clients.services.accounting_suspension import (
    SUSPENSION_VIEW_AUDIT_ACTION,
    disclosure_suspend_accounting,
)
from clients.services.consent import (
    consent_event_happened,
    consent_record_paper,
    consent_request,
    consent_revoke,
)
from clients.services.disclosure import disclosure_record, disclosure_record_without_consent
from clients.services.record import client_record_viewed
from recovery_portal.accounts.decorators import clinical_record_required
from recovery_portal.audit.services import audit_record
from recovery_portal.forms import errors_onto
from recovery_portal.uploads import UploadSizeLimit, request_too_large


def scan_response(consent) -> FileResponse:
    if not consent.scan:
        raise Http404("No scan.")
    try:
        handle = consent.scan.open("rb")
    except FileNotFoundError:
        raise Http404("No scan.")
    response = FileResponse(handle, as_attachment=True, filename=consent.scan.name.split("/")[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@clinical_record_required
def consent_list(request, client_pk):
    context = record_frame(request, client_pk, "consents")
    return render(
        request,
        "clients/consents/list.html",
        {**context, "consents": consents_of(context["client"])},
    )


# CSRF is checked inside, once the size limit is in place: the CSRF middleware would otherwise
# read the whole upload (to find the token) before the view could refuse it.
@csrf_exempt
@clinical_record_required
@require_http_methods(["GET", "POST"])
def consent_create(request, client_pk):
    if request.method == "POST":
        limit = UploadSizeLimit(SCAN_MAX_BYTES)
        if request_too_large(request, SCAN_MAX_BYTES):
            return _scan_too_large(request, client_pk)
        request.upload_handlers.insert(0, limit)
        return _consent_create(request, client_pk, limit)
    return _consent_create(request, client_pk, None)


def _scan_too_large(request, client_pk):
    context = record_frame(request, client_pk, "new consent", audit=False)
    form = ConsentForm(client=context["client"])
    return render(
        request,
        "clients/consents/create.html",
        {**context, "form": form, "upload_error": SCAN_TOO_LARGE},
        status=413,
    )


@csrf_protect
def _consent_create(request, client_pk, limit):
    # A write logs its own, more precise event: only the look at the form is logged here.
    context = record_frame(request, client_pk, "new consent", audit=request.method == "GET")
    client = context["client"]
    # Reading the form runs the upload through the limit first.
    if limit is not None and request.POST is not None and limit.exceeded:
        return _scan_too_large(request, client_pk)
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        client=client,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["signature_method"] == SignatureMethod.PAPER:
                consent = consent_record_paper(
                    client=client,
                    actor=request.user,
                    signature_name=form.cleaned_data["signature_name"],
                    signed_on=form.cleaned_data["signed_on"],
                    scan=form.cleaned_data["scan"],
                    guardian_name=form.cleaned_data["guardian_name"],
                    request=request,
                    **form.elements(),
                )
                messages.success(request, "The signed paper consent is recorded.")
            else:
                consent = consent_request(
                    client=client, actor=request.user, request=request, **form.elements()
                )
                messages.success(
                    request, "The consent is ready. The client can read and sign it in the portal."
                )
            return redirect("clients:consent_detail", client_pk=client.pk, pk=consent.pk)
        except ValidationError as error:
            errors_onto(form, error, CONSENT_FIELD_MAP)
    return render(
        request,
        "clients/consents/create.html",
        {
            **context,
            "form": form,
            "statements": consent_statements(""),
            "treatment_statement": HIPAA_REDISCLOSURE_STATEMENT,
        },
    )


@clinical_record_required
def consent_detail(request, client_pk, pk):
    context = record_frame(request, client_pk, "consent", audit=False)
    consent = consent_of(context["client"], pk)
    client_record_viewed(
        actor=request.user, client=context["client"], part="consent", request=request
    )
    return render(
        request,
        "clients/consents/detail.html",
        {
            **context,
            "consent": consent,
            "disclosures": consent.disclosures.select_related("disclosed_by"),
            "event_form": ConsentEventForm() if _event_may_be_recorded(consent) else None,
        },
    )


def _event_may_be_recorded(consent) -> bool:
    return bool(consent.expiry_event) and not consent.ended_at and not consent.revoked_at


@clinical_record_required
@require_http_methods(["GET", "POST"])
def consent_event(request, client_pk, pk):
    """Staff record that the event a consent ends on happened: it covers nothing from then."""
    context = record_frame(request, client_pk, "consent event", audit=request.method == "GET")
    client = context["client"]
    consent = consent_of(client, pk)
    form = ConsentEventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_event_happened(
                consent=consent,
                actor=request.user,
                happened_on=form.cleaned_data["happened_on"],
                note=form.cleaned_data["note"],
                request=request,
            )
            messages.success(request, "Recorded. The consent has ended and covers nothing more.")
            return redirect("clients:consent_detail", client_pk=client.pk, pk=consent.pk)
        except ValidationError as error:
            errors_onto(form, error, CONSENT_FIELD_MAP)
    return render(
        request,
        "clients/consents/event.html",
        {**context, "consent": consent, "form": form},
    )


@clinical_record_required
@require_http_methods(["GET", "POST"])
def consent_revoke_view(request, client_pk, pk):
    context = record_frame(request, client_pk, "revoke consent", audit=False)
    client = context["client"]
    consent = consent_of(client, pk)
    if request.method == "GET":
        client_record_viewed(
            actor=request.user, client=client, part="revoke consent", request=request
        )
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_revoke(
                consent=consent,
                actor=request.user,
                note=form.cleaned_data["note"] or "Revoked by staff on the client's behalf",
                request=request,
            )
            messages.success(request, "The consent is revoked. It covers nothing from now on.")
            return redirect("clients:consent_detail", client_pk=client.pk, pk=consent.pk)
        except ValidationError as error:
            errors_onto(form, error, CONSENT_FIELD_MAP)
    return render(
        request,
        "clients/consents/revoke.html",
        {**context, "consent": consent, "form": form},
    )


@clinical_record_required
def consent_scan(request, client_pk, pk):
    client = client_for(request.user, client_pk)
    consent = consent_of(client, pk)
    response = scan_response(consent)
    client_record_viewed(actor=request.user, client=client, part="consent scan", request=request)
    return response


@clinical_record_required
def disclosure_list(request, client_pk):
    context = record_frame(request, client_pk, "disclosures")
    return render(
        request,
        "clients/consents/disclosures.html",
        {
            **context,
            "disclosures": disclosures_of(context["client"]),
            "may_suspend": request.user.may_see_all_clients,
            "suspendable": [basis.value for basis in SUSPENDABLE],
            "notice_heading": NOTICE_HEADING,
            "notice": REDISCLOSURE_NOTICE,
        },
    )


@clinical_record_required
def disclosure_cover(request, client_pk, pk):
    """The cover sheet that goes with what was disclosed (42 CFR 2.32): who received what, when
    and on which basis, the notice against redisclosure and a copy of the consent."""
    context = record_frame(request, client_pk, "disclosure cover sheet")
    disclosure = disclosure_of(context["client"], pk)
    return render(
        request,
        "clients/consents/disclosure_cover.html",
        {
            **context,
            "disclosure": disclosure,
            "consent": disclosure.consent,
            "notice_heading": NOTICE_HEADING,
            "notice": REDISCLOSURE_NOTICE,
        },
    )


@clinical_record_required
@require_http_methods(["GET", "POST"])
def disclosure_create(request, client_pk):
    context = record_frame(request, client_pk, "new disclosure", audit=request.method == "GET")
    client = context["client"]
    form = DisclosureForm(
        request.POST if request.method == "POST" else None, consents=signed_consents_of(client)
    )
    if request.method == "POST" and form.is_valid():
        consent = form.cleaned_data["consent"]
        try:
            disclosure_record(
                client=client,
                recipient=consent.recipient_contact or consent.recipient_key,
                recipient_name=form.cleaned_data["recipient_name"],
                recipient_address=form.cleaned_data["recipient_address"],
                information=form.cleaned_data["information_kinds"],
                description=form.cleaned_data["description"],
                purpose_detail=form.cleaned_data["purpose_detail"],
                channel=DisclosureChannel.MESSAGE
                if consent.recipient_contact
                else DisclosureChannel.OTHER,
                disclosed_at=form.cleaned_data["disclosed_at"],
                event_confirmed=form.cleaned_data["event_confirmed"],
                actor=request.user,
                request=request,
            )
            messages.success(request, "The disclosure is recorded. The client can see it.")
            return redirect("clients:disclosure_list", client_pk=client.pk)
        except ValidationError as error:
            errors_onto(form, error, CONSENT_FIELD_MAP)
    return render(
        request,
        "clients/consents/disclosure_create.html",
        {
            **context,
            "form": form,
            "notice_heading": NOTICE_HEADING,
            "notice": REDISCLOSURE_NOTICE,
        },
    )


@clinical_record_required
@require_http_methods(["GET", "POST"])
def disclosure_without_consent(request, client_pk):
    """Record a disclosure Part 2 permits without consent (medical emergency, court order,
    audit or evaluation), with what its legal basis requires to be documented."""
    # Whoever opened the record in an emergency may record what they told medical personnel.
    context = record_frame(
        request,
        client_pk,
        "disclosures",
        audit=request.method == "GET",
        emergency=True,
    )
    client = context["client"]
    # Someone who opened the record in an emergency records only what went to medical
    # personnel (§2.51); court orders and audits belong to the client's care team.
    bases = (LegalBasis.MEDICAL_EMERGENCY,) if context["emergency_only"] else WITHOUT_CONSENT
    form = DisclosureWithoutConsentForm(
        request.POST if request.method == "POST" else None, bases=bases
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disclosure_record_without_consent(
                client=client,
                actor=request.user,
                basis=data["basis"],
                recipient_name=data["recipient_name"],
                recipient_affiliation=data["recipient_affiliation"],
                recipient_address=data["recipient_address"],
                emergency_nature=data["emergency_nature"],
                basis_reference=data["basis_reference"],
                suspension=form.suspension(),
                information=data["information_kinds"],
                description=data["description"],
                disclosed_at=data["disclosed_at"],
                request=request,
            )
            messages.success(request, "The disclosure is recorded. The client can see it.")
            if context["emergency_only"]:  # opened in an emergency: back to its summary
                return redirect("clients:emergency_summary", pk=client.pk)
            return redirect("clients:disclosure_list", client_pk=client.pk)
        except ValidationError as error:
            errors_onto(form, error, CONSENT_FIELD_MAP)
    return render(
        request, "clients/consents/disclosure_without_consent.html", {**context, "form": form}
    )


@clinical_record_required
@require_http_methods(["GET", "POST"])
def disclosure_suspend(request, client_pk, pk):
    """Supervisors: leave a disclosure to a health oversight agency or law enforcement out of
    the client's accounting for a while, at that agency's request (HIPAA 164.528(a)(2))."""
    supervised_client(request.user, client_pk)
    # Not the usual record view: the client's "Who has seen my record" must not show that
    # someone looked at suspending a disclosure. It is audited under an action they never see.
    context = record_frame(request, client_pk, "disclosures", audit=False)
    disclosure = disclosure_of(context["client"], pk)
    if request.method == "GET":
        audit_record(
            actor=request.user,
            action=SUSPENSION_VIEW_AUDIT_ACTION,
            target=disclosure,
            request=request,
        )
    form = AccountingSuspensionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disclosure_suspend_accounting(
                disclosure=disclosure, actor=request.user, request=request, **form.suspension()
            )
        except ValidationError as error:
            errors_onto(form, error, CONSENT_FIELD_MAP)
        else:
            messages.success(
                request,
                f"The client's list of disclosures leaves this one out until "
                f"{data['until']:%B} {data['until'].day}, {data['until']:%Y}.",
            )
            return redirect("clients:disclosure_list", client_pk=disclosure.client_id)
    return render(
        request,
        "clients/consents/disclosure_suspend.html",
        {
            **context,
            "form": form,
            "disclosure": disclosure,
            "suspensions": disclosure.suspensions.select_related("recorded_by"),
        },
    )
