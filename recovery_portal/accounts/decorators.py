"""View guards, each asking one of the user's permission predicates (never a role name).
Object scope (which client, which group) is the selectors' job."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from recovery_portal.accounts.refusal import (
    CLINICAL,
    GROUPS,
    SUPERVISION,
    Refused,
    client_pages_refused,
)


def user_passes(predicate: Callable[..., bool], *, deny=PermissionDenied):
    """Signed in, and ``predicate(user)`` holds; anyone else signed in gets ``deny`` (a 403
    that says who can, ``accounts.refusal.Refused``, unless it is a 404)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise deny() if callable(deny) else deny
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = user_passes(
    lambda user: user.is_portal_staff,
    deny=lambda: Refused(
        "open this page",
        sentence="This page is for the organization's staff: only staff accounts can open it.",
    ),
)
clinical_staff_required = user_passes(
    lambda user: user.is_clinical_staff, deny=lambda: Refused("open this page", *CLINICAL)
)
supervision_required = user_passes(
    lambda user: user.may_see_all_clients, deny=lambda: Refused("open this page", *SUPERVISION)
)
groups_staff_required = user_passes(
    lambda user: user.runs_groups or user.is_clinical_staff,
    deny=lambda: Refused("open the groups pages", *GROUPS),
)
client_required = user_passes(lambda user: user.is_client, deny=client_pages_refused)

# For pages about one client's record: anyone who is not clinical staff (facilitators,
# clients) gets 404 like any outsider, so not even the record's existence is disclosed. The view
# still scopes the client with ``client_for`` (404 outside it).
clinical_record_required = user_passes(
    lambda user: user.is_clinical_staff, deny=Http404("No such client.")
)
