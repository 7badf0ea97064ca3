"""View guards by role. Object scope (which client, which group) is the selectors' job."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .roles import Role


def role_required(*roles: Role):
    """Signed in and holding one of ``roles``; anyone else signed in gets 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(request.user.has_role(role) for role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(
    Role.ADMINISTRATOR, Role.SUPERVISOR, Role.CASE_MANAGER, Role.FACILITATOR
)
clinical_staff_required = role_required(Role.ADMINISTRATOR, Role.SUPERVISOR, Role.CASE_MANAGER)
client_required = role_required(Role.CLIENT)


def clinical_record_required(view):
    """For pages about one client's record: signed in, and anyone who is not clinical staff
    (facilitators, clients) gets 404 like any outsider, so not even the record's existence is
    disclosed. The view still scopes the client with ``client_for`` (404 outside it)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_clinical_staff:
            raise Http404("No such client.")
        return view(request, *args, **kwargs)

    return wrapped
