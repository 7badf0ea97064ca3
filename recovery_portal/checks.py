"""Deployment checks (``manage.py check --deploy``): settings that are safe for the demo and
unsafe in production. Errors fail the check at any level; the warning fails it with
``--fail-level WARNING``, as the README's production steps run it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
PRINTING_SMS_BACKENDS = ("console", "file")
# Words a lock screen must never show (the reminders' discreet wording follows the same rule).
REVEALING = re.compile(
    r"addict|alcohol|drug|substance|treatment|recovery|rehab|sober|relapse|narcotic|"
    r"anonymous|\bAA\b|\bNA\b|fellowship|detox|methadone|counsel",
    re.IGNORECASE,
)


@register(Tags.security)
def discreet_sender_name(app_configs, **kwargs):
    name = settings.DISCREET_SENDER_NAME
    if not name or REVEALING.search(name):
        return [
            Error(
                f"DISCREET_SENDER_NAME {name!r} would tell anyone who sees a lock screen what "
                "the organization does (account e-mail subjects, the authenticator app).",
                hint="Choose a neutral name such as 'Member services'.",
                id="portal.E003",
            )
        ]
    return []


@register(Tags.security, Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                f"The cache ({backend.rsplit('.', 1)[-1]}) is not shared between processes: "
                "each web process would keep its own log-in rate limits and used two-step "
                "codes, so they could be bypassed.",
                hint="Set CACHE_URL=redis://host:6379/1, or use a Redis CELERY_BROKER_URL "
                "(the cache then defaults to the next database of that Redis).",
                id="portal.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def sms_backend_sends(app_configs, **kwargs):
    if settings.SMS_BACKEND in PRINTING_SMS_BACKENDS:
        return [
            Error(
                f"SMS_BACKEND={settings.SMS_BACKEND} writes phone numbers and message bodies to "
                "the console or a file and marks the messages sent; nobody receives them.",
                hint="Set SMS_BACKEND=twilio (with its credentials) or SMS_BACKEND=disabled. If "
                "you really want this on a production server, add 'portal.E002' to "
                "SILENCED_SYSTEM_CHECKS.",
                id="portal.E002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def proxy_count(app_configs, **kwargs):
    behind_proxy = settings.SECURE_PROXY_SSL_HEADER or getattr(
        settings, "USE_X_FORWARDED_HOST", False
    )
    if behind_proxy and settings.TRUSTED_PROXY_COUNT == 0:
        return [
            Warning(
                "The portal trusts its reverse proxy for HTTPS (SECURE_PROXY_SSL_HEADER) but "
                "TRUSTED_PROXY_COUNT is 0: every visitor then has the proxy's address, so one "
                "person's failed log-ins lock everyone out, and the audit trail records the "
                "proxy instead of the visitor.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append to "
                "X-Forwarded-For (usually 1).",
                id="portal.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def discreet_addresses(app_configs, **kwargs):
    """Every text message carries the portal's address and every e-mail its sender: on a lock
    screen, "recovery-portal.org" says as much as the words it replaces."""
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or ""
    found = [
        f"{name} {value!r}"
        for name, value in (
            ("PORTAL_BASE_URL", host),
            ("DEFAULT_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL),
        )
        if REVEALING.search(value.replace("-", " ").replace(".", " "))
    ]
    if found:
        return [
            Warning(
                f"{' and '.join(found)} would tell anyone who sees a lock screen what the "
                "organization does (every text message carries the link, every e-mail its "
                "sender).",
                hint="Serve the portal and send its e-mail from a neutral domain and address.",
                id="portal.W002",
            )
        ]
    return []
