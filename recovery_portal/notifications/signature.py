"""Is a webhook request really from the SMS provider? Twilio's documented scheme
(twilio.com/docs/usage/webhooks/webhooks-security): the full URL Twilio called (scheme, host,
path and query), followed by every POST parameter sorted by name, each as name + value with no
separator, signed with HMAC-SHA1 keyed by the account's auth token, base64-encoded, in the
``X-Twilio-Signature`` header. Like Twilio's own libraries, a URL is accepted with or without
its default port (Twilio may sign either form).

Behind a reverse proxy the portal sees its own address, not the one Twilio called: the public
URL is rebuilt from ``X-Forwarded-Proto`` and ``X-Forwarded-Host`` only when
``TRUSTED_PROXY_COUNT`` says a proxy sets them (the value that many places from the end, as
``recovery_portal.http.client_ip`` reads ``X-Forwarded-For``); otherwise they are ignored. A
forwarded host that is not one of ``ALLOWED_HOSTS`` is refused (403), as Django refuses such a
``Host``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse

from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}


def compute_signature(url: str, params: dict[str, list[str]], token: str) -> str:
    """The signature Twilio sends for a POST of ``params`` (name → values) to ``url``."""
    data = url
    for name in sorted(params):
        for value in sorted(set(params[name])):
            data += name + value
    digest = hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _forwarded(value: str, count: int) -> str:
    """The entry the outermost trusted proxy wrote: ``count`` places from the end."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts:
        return ""
    return parts[-count] if len(parts) >= count else parts[0]


def host_allowed(host: str) -> bool:
    """Whether ``host`` (with or without its port) is one of ``ALLOWED_HOSTS``, as Django's
    own ``request.get_host()`` decides (in DEBUG with none set, the local names)."""
    domain, _port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return bool(domain) and validate_host(domain, allowed)


def public_url(request) -> str | None:
    """The URL the provider called, as it was outside our proxies; None when the host the
    proxy passed on is not one of ``ALLOWED_HOSTS`` (refused like a bad signature)."""
    meta = request.META
    scheme = meta.get("wsgi.url_scheme", "http")
    host = meta.get("HTTP_HOST") or meta.get("SERVER_NAME", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        scheme = _forwarded(meta.get("HTTP_X_FORWARDED_PROTO", ""), count) or scheme
        forwarded_host = _forwarded(meta.get("HTTP_X_FORWARDED_HOST", ""), count)
        if forwarded_host and not host_allowed(forwarded_host):
            return None
        host = forwarded_host or host
    return f"{scheme}://{host}{request.get_full_path()}"


def _port_variants(url: str) -> list[str]:
    """``url`` as given, with its default port added and with it removed."""
    parts = urllib.parse.urlsplit(url)
    default = DEFAULT_PORTS.get(parts.scheme)
    hostname = parts.hostname or ""
    if ":" in hostname:
        hostname = f"[{hostname}]"
    variants = [url]
    if default is not None and parts.port in (None, default):
        for netloc in (hostname, f"{hostname}:{default}"):
            variants.append(urllib.parse.urlunsplit(parts._replace(netloc=netloc)))
    return list(dict.fromkeys(variants))


def request_is_signed(request) -> bool:
    """Whether ``request`` carries a valid signature by the account's auth token. Without an
    auth token set, nothing is accepted."""
    token = settings.TWILIO_AUTH_TOKEN
    sent = request.headers.get("X-Twilio-Signature", "")
    if not token or not sent:
        return False
    url = public_url(request)
    if url is None:
        return False
    params = {name: request.POST.getlist(name) for name in request.POST}
    return any(
        hmac.compare_digest(compute_signature(variant, params, token), sent)
        for variant in _port_variants(url)
    )
