"""The portal's address and e-mail sender are checked like every other lock-screen text."""

import pytest

from recovery_portal.checks import discreet_addresses


@pytest.mark.parametrize(
    ("portal_url", "sender"),
    [
        ("https://recovery-portal.example.org", "portal@example.org"),
        ("https://members.example.org", "help@sober-living.example.org"),
    ],
)
def test_a_revealing_address_or_sender_is_warned_about(settings, portal_url, sender):
    settings.PORTAL_BASE_URL, settings.DEFAULT_FROM_EMAIL = portal_url, sender
    [warning] = discreet_addresses(None)
    assert warning.id == "portal.W002"


def test_neutral_addresses_pass(settings):
    settings.PORTAL_BASE_URL = "https://members.example.org"
    settings.DEFAULT_FROM_EMAIL = "hello@members.example.org"
    assert discreet_addresses(None) == []
