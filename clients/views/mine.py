"""The client's own pages under My recovery: profile, consents, support network, disclosures,
who has seen their record and the download of their whole record. Every object is looked up
inside the client's own record, so changing an id in the address gives a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clients.forms.consent import ConsentSignForm, RevokeForm
from clients.forms.record import ProfileForm
from clients.forms.support import SupportContactForm
from clients.models.consent import ConsentState
from clients.models.support import FAMILY_SUPPORT_LINKS
from clients.part2 import NOTICE_HEADING, REDISCLOSURE_NOTICE
from clients.selectors.consent import consent_of, consents_of, disclosures_accounted_to
from clients.selectors.record import own_client_record, record_views_of
from clients.selectors.support import contacts_with_consents, support_contact_of
from clients.services.consent import consent_revoke, consent_sign, guardian_signs
from clients.services.export import EXPORT_FORMATS, record_copied_to_client
from clients.services.record import client_record_viewed, client_update
from clients.services.support import (
    support_contact_create,
    support_contact_remove,
    support_contact_update,
)
from clients.views.consent import scan_response
from clients.views.export import record_json, record_printable
from recovery_portal import params
from recovery_portal.accounts.decorators import client_required
from recovery_portal.forms import errors_onto


def _me(request, part: str | None = None):
    client = own_client_record(request.user)
    if part:
        client_record_viewed(actor=request.user, client=client, part=part, request=request)
    return client


@client_required
@require_http_methods(["GET", "POST"])
def my_profile(request):
    client = _me(request, "my profile")
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=client)
    if request.method == "POST" and form.is_valid():
        try:
            client_update(
                client=client, actor=request.user, fields=form.cleaned_data, request=request
            )
            messages.success(request, "Your details are saved.")
            return redirect("clients:my_profile")
        except ValidationError as error:
            errors_onto(form, error)
    return render(request, "clients/my/profile.html", {"client": client, "form": form})


@client_required
def my_consents(request):
    client = _me(request, "my consents")
    consents = list(consents_of(client))
    return render(
        request,
        "clients/my/consents.html",
        {
            "client": client,
            "awaiting": [c for c in consents if c.state == ConsentState.AWAITING],
            "others": [c for c in consents if c.state != ConsentState.AWAITING],
        },
    )


@client_required
@require_http_methods(["GET", "POST"])
def my_consent(request, pk):
    """Read a consent; sign it here when it is waiting for the signature."""
    client = _me(request, "my consent")
    consent = consent_of(client, pk)
    form = ConsentSignForm(request.POST if request.method == "POST" else None)
    if not guardian_signs(client):
        del form.fields["guardian_name"]
    if request.method == "POST" and form.is_valid():
        try:
            consent_sign(
                consent=consent,
                user=request.user,
                typed_name=form.cleaned_data["typed_name"],
                confirmed=form.cleaned_data["confirm"],
                guardian_name=form.cleaned_data.get("guardian_name", ""),
                request=request,
            )
            messages.success(request, "Thank you. Your consent is signed and in effect.")
            return redirect("clients:my_consent", pk=consent.pk)
        except ValidationError as error:
            errors_onto(form, error)
    return render(
        request,
        "clients/my/consent.html",
        {
            "client": client,
            "consent": consent,
            "form": form if consent.state == ConsentState.AWAITING else None,
            "disclosures": consent.disclosures.all(),
        },
    )


@client_required
@require_http_methods(["GET", "POST"])
def my_consent_revoke(request, pk):
    client = _me(request)
    consent = consent_of(client, pk)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_revoke(
                consent=consent, actor=request.user, note="Revoked in the portal", request=request
            )
            messages.success(request, "Done. This consent is revoked and covers nothing from now.")
            return redirect("clients:my_consents")
        except ValidationError as error:
            errors_onto(form, error)
    return render(request, "clients/my/consent_revoke.html", {"consent": consent, "form": form})


@client_required
def my_consent_scan(request, pk):
    client = _me(request)
    return scan_response(consent_of(client, pk))


@client_required
def my_support_network(request):
    client = _me(request, "my support network")
    return render(
        request,
        "clients/my/support_network.html",
        {
            "client": client,
            "contacts": contacts_with_consents(client),
            "family_links": FAMILY_SUPPORT_LINKS,
        },
    )


@client_required
@require_http_methods(["GET", "POST"])
def my_contact_add(request):
    client = _me(request)
    form = SupportContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            support_contact_create(
                client=client, actor=request.user, request=request, **form.cleaned_data
            )
            messages.success(request, f"{form.cleaned_data['name']} is in your support network.")
            return redirect("clients:my_support_network")
        except ValidationError as error:
            errors_onto(form, error)
    return render(request, "clients/my/contact_form.html", {"form": form, "contact": None})


@client_required
@require_http_methods(["GET", "POST"])
def my_contact_edit(request, pk):
    client = _me(request)
    contact = support_contact_of(client, pk)
    form = SupportContactForm(
        request.POST if request.method == "POST" else None, instance=support_contact_of(client, pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            support_contact_update(
                contact=contact, actor=request.user, request=request, **form.cleaned_data
            )
            messages.success(request, "Saved.")
            return redirect("clients:my_support_network")
        except ValidationError as error:
            errors_onto(form, error)
    return render(request, "clients/my/contact_form.html", {"form": form, "contact": contact})


@client_required
@require_http_methods(["GET", "POST"])
def my_contact_remove(request, pk):
    client = _me(request)
    contact = support_contact_of(client, pk)
    if request.method == "POST":
        support_contact_remove(contact=contact, actor=request.user, request=request)
        messages.success(request, f"{contact.name} is no longer in your support network.")
        return redirect("clients:my_support_network")
    return render(request, "clients/my/contact_remove.html", {"contact": contact})


@client_required
def my_disclosures(request):
    client = _me(request, "my disclosures")
    return render(
        request,
        "clients/my/disclosures.html",
        {
            "client": client,
            "disclosures": disclosures_accounted_to(client),
            "notice_heading": NOTICE_HEADING,
            "notice": REDISCLOSURE_NOTICE,
        },
    )


@client_required
def my_record_views(request):
    """Who has seen my record: staff, their role, when, and which part."""
    client = _me(request)
    page = params.page(request, record_views_of(client), 50)
    return render(
        request,
        "clients/my/record_views.html",
        {"client": client, "page": page, "disclosures": disclosures_accounted_to(client)[:50]},
    )


@client_required
@require_http_methods(["GET", "POST"])
def my_record_download(request):
    """Download my record: the same whole-record copy staff make for a records request (JSON or
    a printable page), open whether the record is active or closed (the right of access). The
    page (GET) only offers it; each copy (POST) goes on the disclosure ledger as a copy to the
    client and is audited."""
    client = _me(request)
    export_format = request.POST.get("format")
    if request.method == "POST" and export_format in EXPORT_FORMATS:
        disclosure = record_copied_to_client(
            client=client, actor=request.user, export_format=export_format, request=request
        )
        if export_format == "json":
            response = record_json(request, client, disclosure)
        else:
            response = record_printable(request, client, disclosure, for_client=True)
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "clients/my/record_download.html",
        {"client": client, "formats": EXPORT_FORMATS},
        status=400 if request.method == "POST" else 200,
    )
