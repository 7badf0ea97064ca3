"""Portal invitations: staff invite, re-send or revoke; the client accepts from the e-mail."""

from __future__ import annotations

from allauth.account.utils import perform_login
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clients.forms.invitation import InvitationForm
from clients.frame import record_frame
from clients.selectors.invitation import invitation_for_token, invitations_of
from clients.services.invitation import invitation_accept, invitation_send, portal_access_revoke
from recovery_portal.accounts.decorators import clinical_record_required
from recovery_portal.accounts.forms import SetPasswordForm
from recovery_portal.forms import errors_onto


@clinical_record_required
@require_http_methods(["GET", "POST"])
def invitation(request, client_pk):
    """Portal access of one client: its state, and the form to invite or invite again."""
    # A sent invitation logs its own event: only the look at the page is logged here.
    context = record_frame(request, client_pk, "portal access", audit=request.method == "GET")
    client = context["client"]
    form = InvitationForm(
        request.POST if request.method == "POST" else None, initial={"email": client.email}
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation_send(
                client=client,
                actor=request.user,
                email=form.cleaned_data["email"],
                request=request,
            )
            messages.success(
                request,
                f"The invitation will reach {form.cleaned_data['email']} within a minute. "
                "Its delivery shows under Reminders.",
            )
            return redirect("clients:invitation", client_pk=client.pk)
        except ValidationError as error:
            errors_onto(form, error)
    invitations = list(invitations_of(client)[:10])
    return render(
        request,
        "clients/invitations/invitation.html",
        {
            **context,
            "form": form,
            "invitations": invitations,
            "has_access": bool(
                client.user_id and client.user.is_active and client.user.has_usable_password()
            ),
        },
    )


@clinical_record_required
@require_http_methods(["GET", "POST"])
def portal_access_revoke_view(request, client_pk):
    context = record_frame(request, client_pk, "portal access", audit=request.method == "GET")
    client = context["client"]
    if request.method == "POST":
        portal_access_revoke(client=client, actor=request.user, request=request)
        messages.success(request, "Portal access is closed. The client can no longer sign in.")
        return redirect("clients:invitation", client_pk=client.pk)
    return render(request, "clients/invitations/revoke.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token):
    """The link in the e-mail: anyone holding it may set the password, once, before expiry."""
    found = invitation_for_token(token)
    if found is None:
        return render(request, "clients/invitations/invalid.html", status=404)
    form = SetPasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                token=token, password=form.cleaned_data["password1"], request=request
            )
            messages.success(request, "Welcome! Your account is ready.")
            # allauth's own sign-in flow, so its stages apply: a client who set up an
            # authenticator app before is asked for its code here too.
            return perform_login(request, user, redirect_url=reverse("home:my_recovery"))
        except ValidationError as error:
            errors_onto(form, error)
    return render(
        request,
        "clients/invitations/accept.html",
        {
            "form": form,
            "email": found.email,
            "name": found.client.preferred_name or found.client.legal_first_name,
        },
    )
