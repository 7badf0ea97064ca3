"""Rate limits count each visitor behind the reverse proxy, not the proxy: with
TRUSTED_PROXY_COUNT=1 the address the proxy appended to X-Forwarded-For is the visitor's; with 0
(no proxy) the header is ignored, as anyone can send it."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

PROXY = "10.0.0.1"
TOO_MANY = "Too many failed login attempts"


def _fail_five_times(client, forwarded_for):
    for n in range(5):  # distinct addresses typed, so only the per-address limit is reached
        client.post(
            reverse("account_login"),
            {"login": f"nobody{n}@example.test", "password": "wrong-password-1"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )


def _log_in(client, user, forwarded_for):
    return client.post(
        reverse("account_login"),
        {"login": user.email, "password": TEST_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_behind_a_proxy_one_visitors_failures_do_not_lock_out_another(
    behind_one_proxy, client, client_user
):
    _fail_five_times(client, "198.51.100.1")
    blocked = _log_in(client, client_user, "198.51.100.1")
    assert TOO_MANY in blocked.content.decode()
    other = _log_in(client, client_user, "198.51.100.2")
    assert other.status_code == 302, other.content.decode()


def test_a_forwarded_address_the_caller_wrote_does_not_escape_the_limit(
    behind_one_proxy, client, client_user
):
    # The caller prepends addresses of its own; only the entry our proxy appended counts.
    _fail_five_times(client, "203.0.113.9, 198.51.100.1")
    blocked = _log_in(client, client_user, "203.0.113.10, 198.51.100.1")
    assert TOO_MANY in blocked.content.decode()


def test_without_a_trusted_proxy_the_header_is_ignored(settings, client, client_user):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    _fail_five_times(client, "198.51.100.1")
    # A different X-Forwarded-For does not make a different visitor: the header is not trusted.
    blocked = _log_in(client, client_user, "198.51.100.2")
    assert TOO_MANY in blocked.content.decode()


def test_the_setting_reaches_allauth():
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT
