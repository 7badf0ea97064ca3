"""What the portal asks of a request beyond Django's own: who is calling, from where."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


def client_ip(request) -> str | None:
    """The caller's address, as allauth's rate limits see it (the same function, so the audit
    trail and a log-in lock-out always name the same visitor).

    Behind ``ALLAUTH_TRUSTED_PROXY_COUNT`` reverse proxies (set from ``TRUSTED_PROXY_COUNT``)
    REMOTE_ADDR is the nearest proxy; each proxy appends the address it saw to X-Forwarded-For,
    so the entry that many places from the end is the one the outermost trusted proxy saw.
    Entries before it were written by the caller and prove nothing. With no trusted proxy the
    header is ignored (anyone can send it). None when there is no request, or no valid address
    (a malformed entry, or a header shorter than the proxies trusted: a wrong setting).
    """
    if request is None:
        return None
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return None
