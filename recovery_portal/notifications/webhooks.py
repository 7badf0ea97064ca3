"""The SMS provider's webhooks (Twilio's format): texts people send to the portal's number,
and the delivery status of texts the portal sent. README, "Two-way text messages".

These two views are the only ones exempt from CSRF: the provider cannot hold a CSRF token, and
the signature (``signature.request_is_signed``) proves the request is the provider's, which
is what the token proves for a form. A request without a valid signature gets 403 and a log
line naming only the path and the caller's address, never the body (it holds a phone number
and what someone wrote).
"""

from __future__ import annotations

import logging
from xml.sax.saxutils import escape

from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from recovery_portal.http import client_ip
from recovery_portal.notifications.inbound import (
    delivery_status_record,
    inbound_text_process,
    inbound_text_store,
)
from recovery_portal.notifications.signature import request_is_signed

log = logging.getLogger(__name__)


def twiml(reply: str | None) -> HttpResponse:
    """Twilio's answer format: one message back, or none."""
    message = f"<Message>{escape(reply)}</Message>" if reply else ""
    body = f'<?xml version="1.0" encoding="UTF-8"?><Response>{message}</Response>'
    return HttpResponse(body, content_type="text/xml")


def _refused(request) -> HttpResponse:
    log.warning(
        "SMS webhook refused (no valid X-Twilio-Signature): %s from %s",
        request.path,
        client_ip(request) or "unknown address",
    )
    return HttpResponseForbidden("Signature required.")


@csrf_exempt  # the provider's signature replaces the CSRF token (module docstring)
@require_POST
def sms_inbound(request):
    """A text someone sent: stored once before anything else, then acted on once."""
    if not request_is_signed(request):
        return _refused(request)
    sid = request.POST.get("MessageSid", "").strip()
    sender = request.POST.get("From", "").strip()
    if not sid or not sender:
        return HttpResponse("MessageSid and From are required.", status=400)
    text, _ = inbound_text_store(sid=sid, from_number=sender, body=request.POST.get("Body", ""))
    return twiml(inbound_text_process(text_id=text.pk, request=request))


@csrf_exempt  # the provider's signature replaces the CSRF token (module docstring)
@require_POST
def sms_status(request):
    """A delivery report for a text the portal sent."""
    if not request_is_signed(request):
        return _refused(request)
    delivery_status_record(
        sid=request.POST.get("MessageSid", "").strip(),
        status=request.POST.get("MessageStatus", ""),
        error_code=request.POST.get("ErrorCode", ""),
    )
    return HttpResponse(status=204)
