"""Helpers of the two-way text tests: a request signed as Twilio signs it, sent through Django's
test client (or, in test_inbound_live.py, over real HTTP)."""

from __future__ import annotations

import itertools
from xml.etree import ElementTree

from django.urls import reverse

from recovery_portal.notifications.signature import compute_signature

TOKEN = "secret"  # the sms_provider fixture's TWILIO_AUTH_TOKEN
CLIENT_PHONE = "+15551234567"
PORTAL_NUMBER = "+15550000000"
_sids = itertools.count(1)


def new_sid() -> str:
    return f"SMin{next(_sids):030d}"


def inbound_params(body: str, *, sid: str | None = None, sender: str = CLIENT_PHONE) -> dict:
    """What Twilio POSTs for an incoming text (the fields the portal reads, and a few more)."""
    return {
        "MessageSid": sid or new_sid(),
        "SmsSid": sid or "SMx",
        "AccountSid": "ACtest",
        "From": sender,
        "To": PORTAL_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "ApiVersion": "2010-04-01",
    }


def signed_headers(url: str, params: dict, token: str = TOKEN) -> dict:
    signature = compute_signature(url, {k: [v] for k, v in params.items()}, token)
    return {"HTTP_X_TWILIO_SIGNATURE": signature}


def post_signed(client, name: str, params: dict, *, signed_url: str | None = None, **extra):
    """POST ``params`` to the webhook ``name`` with Twilio's signature over ``signed_url``
    (the test client's own URL by default)."""
    path = reverse(name)
    url = signed_url or f"http://testserver{path}"
    return client.post(path, params, **signed_headers(url, params), **extra)


def reply_of(response) -> str:
    """The message text of a TwiML answer ("" when it answers nothing)."""
    root = ElementTree.fromstring(response.content)
    assert root.tag == "Response"
    messages = root.findall("Message")
    assert len(messages) <= 1
    return messages[0].text if messages else ""
