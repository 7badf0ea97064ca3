"""Channels: how a rendered reminder leaves the portal.

E-mail goes through Django's e-mail backend (``EMAIL_URL`` / ``EMAIL_BACKEND``), so any
provider works by settings. Text messages go through ``SMS_BACKEND``: ``console`` and ``file``
for development, ``twilio`` (Twilio's REST API, or any service that speaks it) in production.

A channel raises ``PermanentSendError`` when trying again cannot help (a bad number) and any
other exception when it might (a provider error, a timeout); the dispatcher retries the second
kind with back-off.
"""

from __future__ import annotations

import base64
import fcntl
import json
import logging
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class SendError(Exception):
    """Sending failed; trying again later may work."""


class PermanentSendError(SendError):
    """Sending failed and trying again cannot help (e.g. the number does not exist)."""


def send_email(*, to: str, subject: str, text: str, html: str, unsubscribe: str | None, connection):
    headers = {}
    if unsubscribe:
        # RFC 8058 one-click unsubscribe: mail apps show their own "Unsubscribe" button.
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], connection=connection, headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


# --- SMS ---------------------------------------------------------------------------------


class BaseSMSBackend:
    """Send one text message. Subclasses implement ``send``."""

    def send(self, *, to: str, body: str, reference: str) -> str:
        """Send ``body`` to ``to``; return the provider's id for it. ``reference`` is ours
        (e.g. "reminder-42"), for logs only."""
        raise NotImplementedError


class DisabledSMSBackend(BaseSMSBackend):
    """Production's default until a provider is set: every text fails, visibly, in the outbox
    (never printed, never reported as sent)."""

    def send(self, *, to: str, body: str, reference: str) -> str:
        raise PermanentSendError("Text messages are not set up (SMS_BACKEND).")


class ConsoleSMSBackend(BaseSMSBackend):
    def send(self, *, to: str, body: str, reference: str) -> str:
        sys.stdout.write(f"SMS to {to} ({reference}): {body}\n")
        sys.stdout.flush()
        return reference


class FileSMSBackend(BaseSMSBackend):
    """One JSON line per message, appended to ``SMS_FILE_PATH``; safe across processes."""

    def send(self, *, to: str, body: str, reference: str) -> str:
        line = json.dumps(
            {"to": to, "body": body, "reference": reference, "at": timezone.now().isoformat()}
        )
        with open(settings.SMS_FILE_PATH, "a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.write(line + "\n")
        return reference


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # urllib follows a redirect with the same Authorization header, to wherever it points: the
    # account's secret would go to a host we never chose. The provider's API never redirects.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise SendError(f"SMS provider answered with a redirect (HTTP {code}); not followed")


_opener = urllib.request.build_opener(_NoRedirects)
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class TwilioSMSBackend(BaseSMSBackend):
    """Twilio's Messages API over HTTPS (``SMS_API_URL`` points elsewhere for a compatible
    provider, or a test server on this machine). HTTP 5xx, 429 and timeouts are worth
    retrying; other 4xx answers are not. Plain http (but to this machine) and redirects are
    refused: the account's credentials go with every request."""

    def send(self, *, to: str, body: str, reference: str) -> str:
        sid = settings.TWILIO_ACCOUNT_SID
        api = urllib.parse.urlsplit(settings.SMS_API_URL)
        if api.scheme != "https" and api.hostname not in _LOOPBACK:
            raise PermanentSendError("SMS_API_URL must be an https:// URL; nothing was sent")
        url = f"{settings.SMS_API_URL.rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json"
        fields = {"To": to, "From": settings.SMS_FROM, "Body": body}
        portal = urllib.parse.urlsplit(settings.PORTAL_BASE_URL)
        if portal.scheme == "https" or portal.hostname in _LOOPBACK:
            # Delivery reports come back to the status-callback endpoint (signed like every
            # webhook): at the portal's public https address (or this machine's, for a test
            # provider); a plain-http address elsewhere would carry them unencrypted.
            fields["StatusCallback"] = status_callback_url()
        data = urllib.parse.urlencode(fields)
        credentials = base64.b64encode(f"{sid}:{settings.TWILIO_AUTH_TOKEN}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310  (the URL is our own setting)
            url,
            data=data.encode(),
            method="POST",
            headers={
                "Authorization": f"Basic {credentials}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            with _opener.open(request, timeout=settings.SMS_TIMEOUT_SECONDS) as answer:
                return str(json.loads(answer.read() or b"{}").get("sid", ""))
        except urllib.error.HTTPError as exc:
            detail = _provider_error(exc)
            if exc.code == 429 or exc.code >= 500:
                raise SendError(f"SMS provider answered HTTP {exc.code}: {detail}")
            raise PermanentSendError(f"SMS provider refused it (HTTP {exc.code}): {detail}")
        except TimeoutError:
            raise SendError(f"SMS provider did not answer within {settings.SMS_TIMEOUT_SECONDS} s")
        except urllib.error.URLError as exc:
            raise SendError(f"SMS provider unreachable: {exc.reason}")


def status_callback_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("notifications:sms_status")


def _provider_error(exc: urllib.error.HTTPError) -> str:
    try:
        payload = json.loads(exc.read() or b"{}")
    except ValueError:
        return exc.reason or ""
    code = payload.get("code")
    message = payload.get("message") or exc.reason or ""
    return f"{code} {message}".strip() if code else str(message)


SMS_BACKENDS = {
    "disabled": DisabledSMSBackend,
    "console": ConsoleSMSBackend,
    "file": FileSMSBackend,
    "twilio": TwilioSMSBackend,
}


def sms_backend() -> BaseSMSBackend:
    name = settings.SMS_BACKEND
    backend = SMS_BACKENDS.get(name) or import_string(name)
    return backend()


# Seven or more digits, with the spaces, dots, dashes and brackets numbers are written with.
# Shorter runs (HTTP statuses, the provider's error codes) stay: they say what went wrong.
_PHONE_NUMBER = re.compile(r"\+?\(?\d(?:[\s().-]{0,2}\d){6,}")


def scrub_phone_numbers(text: str) -> str:
    """``text`` with anything that looks like a phone number replaced by ``[number]``. Provider
    errors are kept on the reminder and shown to staff and to the person; the number is the
    person's own business."""
    return _PHONE_NUMBER.sub("[number]", text)
