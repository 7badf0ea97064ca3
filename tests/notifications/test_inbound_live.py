"""A fake SMS provider speaking Twilio's webhook format over real HTTP to a live portal
server: it receives the portal's texts (the local provider of conftest.py), reports their
delivery to the status-callback URL the portal gave it, and delivers texts people send, each
request signed as Twilio signs it. Nothing of the portal's own code is replaced."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from xml.etree import ElementTree

import pytest

from recovery_portal.notifications.dispatch import dispatch_due_reminders
from recovery_portal.notifications.models import (
    Channel,
    InboundOutcome,
    InboundText,
    Reminder,
    ReminderState,
)
from recovery_portal.notifications.signature import compute_signature

from .texting import CLIENT_PHONE, PORTAL_NUMBER, TOKEN, inbound_params, new_sid

pytestmark = pytest.mark.django_db(transaction=True)


class FakeTwilio:
    """The provider's side of the webhooks, as an HTTP client of the live server."""

    def __init__(self, base_url: str, token: str = TOKEN):
        self.base_url = base_url.rstrip("/")
        self.token = token

    def post(self, url: str, params: dict, *, sign: bool = True) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if sign:
            headers["X-Twilio-Signature"] = compute_signature(
                url, {k: [v] for k, v in params.items()}, self.token
            )
        request = urllib.request.Request(  # noqa: S310  (the live test server)
            url, data=urllib.parse.urlencode(params).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def deliver_text(self, body: str, *, sender: str = CLIENT_PHONE, sid: str | None = None):
        """A person texts the portal's number: returns (status, the reply or None)."""
        status, content = self.post(
            f"{self.base_url}/reminders/sms/inbound/", inbound_params(body, sid=sid, sender=sender)
        )
        if status != 200:
            return status, None
        root = ElementTree.fromstring(content)
        message = root.find("Message")
        return status, message.text if message is not None else ""

    def report(self, callback_url: str, sid: str, status: str, error_code: str = "") -> int:
        params = {
            "MessageSid": sid,
            "MessageStatus": status,
            "AccountSid": "ACtest",
            "From": PORTAL_NUMBER,
            "To": CLIENT_PHONE,
        }
        if error_code:
            params["ErrorCode"] = error_code
        return self.post(callback_url, params)[0]


@pytest.fixture
def twilio(live_server, portal_at, sms_provider):
    portal_at(live_server.url)
    return FakeTwilio(live_server.url)


def test_the_whole_conversation_over_http(twilio, sms_provider, texting_client, remind):
    # 1. The portal texts a reminder; the provider reports it delivered to the callback URL.
    remind(texting_client)
    assert dispatch_due_reminders().counts == {"claimed": 1, "sent": 1}
    [sent] = sms_provider.requests
    form = urllib.parse.parse_qs(sent["body"])
    callback = form["StatusCallback"][0]
    row = Reminder.objects.get(channel=Channel.SMS)
    assert twilio.report(callback, row.provider_sid, "delivered") == 204
    row.refresh_from_db()
    assert row.delivery_status == "delivered"

    # 2. A reply the portal does not recognize goes to the inbox, answered neutrally.
    status, reply = twilio.deliver_text("running late, sorry")
    assert status == 200
    assert "passed on" in reply
    assert InboundText.objects.get(body="running late, sorry").outcome == InboundOutcome.INBOX

    # 3. STOP: one confirmation, and the next dispatcher run texts nothing.
    status, reply = twilio.deliver_text(" stop ")
    assert status == 200
    assert "no more texts" in reply
    remind(texting_client, note="Second one")
    sms_provider.requests.clear()
    assert dispatch_due_reminders().counts == {"claimed": 1, "skipped": 1}
    assert sms_provider.requests == []

    # 4. START: texts again.
    status, reply = twilio.deliver_text("START")
    assert "on again" in reply
    remind(texting_client, note="Third one")
    assert dispatch_due_reminders().counts == {"claimed": 1, "sent": 1}
    assert len(sms_provider.requests) == 1


def test_a_retry_of_the_same_message_acts_once_over_http(twilio, texting_client):
    sid = new_sid()
    assert twilio.deliver_text("STOP", sid=sid)[1]
    assert twilio.deliver_text("STOP", sid=sid) == (200, "")
    assert InboundText.objects.filter(provider_sid=sid).count() == 1


def test_an_unsigned_or_forged_request_is_refused_over_http(twilio, texting_client):
    url = f"{twilio.base_url}/reminders/sms/inbound/"
    assert twilio.post(url, inbound_params("STOP"), sign=False)[0] == 403
    forged = FakeTwilio(twilio.base_url, token="guessed")
    assert forged.deliver_text("STOP") == (403, None)
    assert not InboundText.objects.exists()


def test_a_failed_delivery_reported_over_http_fails_the_reminder(
    twilio, sms_provider, texting_client, remind
):
    remind(texting_client)
    dispatch_due_reminders()
    callback = urllib.parse.parse_qs(sms_provider.requests[0]["body"])["StatusCallback"][0]
    row = Reminder.objects.get(channel=Channel.SMS)
    assert twilio.report(callback, row.provider_sid, "undelivered", "30003") == 204
    row.refresh_from_db()
    assert row.state == ReminderState.FAILED
    assert "error 30003" in row.last_error
