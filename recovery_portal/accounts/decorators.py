"""View guards by role. Object scope (which client, which group) is the selectors' job."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

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
