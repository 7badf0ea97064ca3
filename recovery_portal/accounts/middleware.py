import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from recovery_portal.accounts.services import has_totp
from recovery_portal.audit.services import audit_record

# Paths a staff member without TOTP may still reach: sign-in, sign-out, MFA set-up and
# re-authentication all live under /accounts/; /static/ and /healthz carry nothing personal.
# The public meeting finder and feeds hold nothing private: open to anyone, enrolled or not;
# nor does the icon browsers ask for.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/meetings/", "/favicon.ico")


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


# When the session's sign-in happened (seconds since the epoch), set by the user_logged_in
# receiver (receivers.py).
SIGNED_IN_AT = "portal_signed_in_at"


class SessionLifetimeMiddleware:
    """End a session ``SESSION_ABSOLUTE_HOURS`` after sign-in, however active it is.

    The idle timeout (``SESSION_COOKIE_AGE``, renewed on every request) never ends a session that
    keeps being used; this does. A session signed in before this existed starts counting at its
    next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
                audit_record(
                    actor=user, action="auth.session_expired", target=user, request=request
                )
                logout(request)
                messages.info(
                    request,
                    f"For your security you are signed out {settings.SESSION_ABSOLUTE_HOURS} "
                    "hours after signing in. Please sign in again.",
                )
                return redirect_to_login(request.get_full_path(), reverse("account_login"))
        return self.get_response(request)
