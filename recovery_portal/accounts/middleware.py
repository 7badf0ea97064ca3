from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from .services import has_totp

# Paths a staff member without TOTP may still reach: sign-in, sign-out, MFA set-up and
# re-authentication all live under /accounts/; /static/ and /healthz carry nothing personal.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz")


class StaffMFARequiredMiddleware:
    """Every staff role must use TOTP: until they enrol, staff reach only MFA set-up and logout.

    allauth's MFA app has no "require MFA" switch, hence this middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_portal_staff
            and not request.path.startswith(_OPEN_PREFIXES)
            and not has_totp(user)
        ):
            if not request.session.get("mfa_setup_explained"):
                request.session["mfa_setup_explained"] = True
                messages.info(
                    request,
                    "Staff accounts use two-step sign-in to protect clients' records. "
                    "Please set it up with an authenticator app to continue.",
                )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
