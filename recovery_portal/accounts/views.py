"""The staff invitation link: the person chooses their password, is signed in, and goes on to
set up two-step sign-in (``StaffMFARequiredMiddleware``) and then Today."""

from __future__ import annotations

from allauth.account.utils import perform_login
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from recovery_portal.accounts.forms import SetPasswordForm
from recovery_portal.accounts.invitation import (
    staff_invitation_accept,
    staff_invitation_for_token,
)
from recovery_portal.forms import errors_onto


@never_cache
@require_http_methods(["GET", "POST"])
def staff_invitation_accept_view(request, token):
    """Anyone holding the link may choose the password, once, before it expires."""
    found = staff_invitation_for_token(token)
    if found is None:
        return render(request, "clients/invitations/invalid.html", status=404)
    form = SetPasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = staff_invitation_accept(
                token=token, password=form.cleaned_data["password1"], request=request
            )
            messages.success(request, "Welcome! Your password is set.")
            # allauth's own sign-in; the next stop is two-step sign-in set-up, then Today.
            return perform_login(request, user, redirect_url=reverse("home:today"))
        except ValidationError as error:
            errors_onto(form, error)
    return render(
        request,
        "clients/invitations/accept.html",
        {"form": form, "email": found.email, "name": found.user.get_short_name()},
    )
