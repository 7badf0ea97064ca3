"""The SMS webhooks accept only requests signed as Twilio signs them (X-Twilio-Signature:
HMAC-SHA1 of the full URL and the sorted POST parameters, keyed by the auth token), behind
the proxy as TRUSTED_PROXY_COUNT says; anything else is 403, logged without its body."""

import logging

import pytest
from django.urls import reverse

from recovery_portal.audit.models import AuditEvent
from recovery_portal.notifications.models import InboundText
from recovery_portal.notifications.signature import compute_signature

from .texting import inbound_params, post_signed, reply_of, signed_headers

pytestmark = pytest.mark.django_db


def test_the_signature_is_twilios_documented_example():
    """The worked example of Twilio's request-validation documentation (token 12345)."""
    params = {
        "CallSid": ["CA1234567890ABCDE"],
        "Caller": ["+14158675309"],
        "Digits": ["1234"],
        "From": ["+14158675309"],
        "To": ["+18005551212"],
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert compute_signature(url, params, "12345") == "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    assert compute_signature(url + "&x=1", params, "12345") != "RSOYDt4T1cUTdK1PDd93/VVr8B8="


def test_a_validly_signed_text_is_stored_and_answered(client, sms_provider, texting_client):
    response = post_signed(client, "notifications:sms_inbound", inbound_params("HELP"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert "Reply STOP" in reply_of(response)
    assert InboundText.objects.count() == 1


def test_a_nul_or_other_control_character_is_dropped_and_the_text_kept(
    client, sms_provider, texting_client
):
    """PostgreSQL cannot store NUL: before this, ``Body=a%00b`` was a 500 and the text lost.
    Tabs and line breaks stay."""
    response = post_signed(
        client, "notifications:sms_inbound", inbound_params("a\x00b\x07c\x1bd\x7f\te\r\nf")
    )
    assert response.status_code == 200
    assert InboundText.objects.get().body == "abcd\te\r\nf"
    stop = post_signed(client, "notifications:sms_inbound", inbound_params("STOP\x00"))
    assert stop.status_code == 200
    assert "no more texts" in reply_of(stop)


def test_a_text_without_a_signature_is_refused_and_logged_without_its_body(
    client, sms_provider, texting_client, caplog
):
    params = inbound_params("my private words")
    with caplog.at_level(logging.WARNING, logger="recovery_portal.notifications.webhooks"):
        response = client.post(reverse("notifications:sms_inbound"), params)
    assert response.status_code == 403
    assert not InboundText.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="notifications.text").exists()
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "refused" in logged
    assert "my private words" not in logged
    assert "+15551234567" not in logged


def test_an_altered_parameter_breaks_the_signature(client, sms_provider, texting_client):
    params = inbound_params("C")
    headers = signed_headers(f"http://testserver{reverse('notifications:sms_inbound')}", params)
    params["Body"] = "STOP"
    response = client.post(reverse("notifications:sms_inbound"), params, **headers)
    assert response.status_code == 403
    assert not InboundText.objects.exists()


def test_a_signature_for_another_url_is_refused(client, sms_provider, texting_client):
    for url in (
        "http://testserver/reminders/sms/status/",
        "http://elsewhere.example/reminders/sms/inbound/",
        "https://testserver/reminders/sms/inbound/",
    ):
        response = post_signed(
            client, "notifications:sms_inbound", inbound_params("C"), signed_url=url
        )
        assert response.status_code == 403, url


def test_a_signature_by_another_token_is_refused(client, sms_provider, texting_client):
    params = inbound_params("C")
    path = reverse("notifications:sms_inbound")
    headers = signed_headers(f"http://testserver{path}", params, token="not-ours")
    assert client.post(path, params, **headers).status_code == 403


def test_without_an_auth_token_nothing_is_accepted(client, sms_provider, texting_client, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    params = inbound_params("C")
    path = reverse("notifications:sms_inbound")
    headers = signed_headers(f"http://testserver{path}", params, token="")
    assert client.post(path, params, **headers).status_code == 403


PUBLIC = "https://portal.example.org/reminders/sms/inbound/"
FORWARDED = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": "portal.example.org"}


def test_behind_the_proxy_the_public_url_is_the_signed_one(
    client, sms_provider, texting_client, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLOWED_HOSTS = ["testserver", "portal.example.org"]
    response = post_signed(
        client, "notifications:sms_inbound", inbound_params("HELP"), signed_url=PUBLIC, **FORWARDED
    )
    assert response.status_code == 200
    # The default port is the same URL (Twilio may sign either form).
    response = post_signed(
        client,
        "notifications:sms_inbound",
        inbound_params("HELP"),
        signed_url="https://portal.example.org:443/reminders/sms/inbound/",
        **FORWARDED,
    )
    assert response.status_code == 200


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(
    client, sms_provider, texting_client, settings
):
    """Anyone can send X-Forwarded-*: with TRUSTED_PROXY_COUNT=0 they change nothing."""
    settings.TRUSTED_PROXY_COUNT = 0
    response = post_signed(
        client, "notifications:sms_inbound", inbound_params("HELP"), signed_url=PUBLIC, **FORWARDED
    )
    assert response.status_code == 403


def test_behind_the_proxy_a_value_the_caller_put_before_the_proxys_is_not_trusted(
    client, sms_provider, texting_client, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLOWED_HOSTS = ["testserver", "portal.example.org"]
    forwarded = {
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_HOST": "attacker.example, portal.example.org",
    }
    attacker = "https://attacker.example/reminders/sms/inbound/"
    refused = post_signed(
        client,
        "notifications:sms_inbound",
        inbound_params("HELP"),
        signed_url=attacker,
        **forwarded,
    )
    assert refused.status_code == 403
    accepted = post_signed(
        client, "notifications:sms_inbound", inbound_params("HELP"), signed_url=PUBLIC, **forwarded
    )
    assert accepted.status_code == 200


@pytest.mark.parametrize("host", ["attacker.example", "portal.example.org.attacker.example"])
def test_behind_the_proxy_a_forwarded_host_not_in_allowed_hosts_is_refused(
    host, client, sms_provider, texting_client, settings
):
    """Even signed for it: the rebuilt URL's host must be one of ALLOWED_HOSTS, as Django
    requires of a Host header."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLOWED_HOSTS = ["testserver", "portal.example.org"]
    refused = post_signed(
        client,
        "notifications:sms_inbound",
        inbound_params("HELP"),
        signed_url=f"https://{host}/reminders/sms/inbound/",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_HOST=host,
    )
    assert refused.status_code == 403
    assert not InboundText.objects.exists()
    settings.ALLOWED_HOSTS = ["testserver", ".example.org", host]
    accepted = post_signed(
        client,
        "notifications:sms_inbound",
        inbound_params("HELP"),
        signed_url=f"https://{host}:443/reminders/sms/inbound/",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_HOST=f"{host}:443",
    )
    assert accepted.status_code == 200


def test_status_callbacks_need_the_signature_too(client, sms_provider):
    params = {"MessageSid": "SM1", "MessageStatus": "failed", "ErrorCode": "30003"}
    assert client.post(reverse("notifications:sms_status"), params).status_code == 403
    assert post_signed(client, "notifications:sms_status", params).status_code == 204


def test_only_the_two_webhooks_are_exempt_from_csrf():
    """The signature replaces the CSRF token on these two views, and nowhere else new."""
    from django.urls import get_resolver

    exempt = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                ns = f"{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, ns)
            elif getattr(pattern.callback, "csrf_exempt", False) and pattern.name:
                exempt.add(prefix + pattern.name)

    walk(get_resolver().url_patterns)
    assert {"notifications:sms_inbound", "notifications:sms_status"} <= exempt
    # The others, each with its own credential or a CSRF check of its own inside the view: the
    # one-click unsubscribe link (a signed token) and two uploads (checked after the size limit).
    assert exempt - {"notifications:sms_inbound", "notifications:sms_status"} == {
        "notifications:unsubscribe",
        "clients:consent_create",
        "casework:resources_import",
    }
