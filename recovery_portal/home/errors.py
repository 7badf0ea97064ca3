"""Error pages in the site's own frame and plain words."""

from django.shortcuts import render

from recovery_portal.accounts.refusal import Refused
from recovery_portal.params import BadParameter


def bad_request(request, exception=None):
    # A parameter the page could not read says which and why (recovery_portal/params.py).
    reason = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "errors/400.html", {"reason": reason}, status=400)


def permission_denied(request, exception=None):
    # Every refusal says, in one line, who can (recovery_portal/accounts/refusal.py).
    if isinstance(exception, Refused):
        who = exception.who()
    else:
        who = "Your role does not include it; an administrator can say which role does."
    return render(request, "errors/403.html", {"who": who}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No context processors that touch the database: the error may be the database.
    return render(request, "errors/500.html", status=500, using=None)
