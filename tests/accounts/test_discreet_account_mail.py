"""Account e-mails and the authenticator app say nothing about what the organization does:
a lock screen shows the sender name DISCREET_SENDER_NAME ("Member services" by default), never
"Recovery Portal"."""

import re

import pytest
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.core import mail
from django.urls import reverse

from tests.core.test_settings import PRODUCTION_ENV, manage

# The same rule as the reminders' (tests/notifications/test_dispatch.py).
REVEALING = re.compile(
    r"addict|alcohol|drug|substance|treatment|recovery|rehab|sober|relapse|narcotic|"
    r"anonymous|\bAA\b|\bNA\b|fellowship|detox|methadone|counsel",
    re.IGNORECASE,
)


def test_a_password_reset_email_shows_only_the_neutral_sender_name(client, client_user):
    client.post(reverse("account_reset_password"), {"email": client_user.email})
    [email] = mail.outbox
    assert email.subject.startswith("[Member services] ")
    preview = email.subject + "\n" + "\n".join(email.body.strip().splitlines()[:3])
    assert "Member services" in preview
    assert not REVEALING.search(preview), preview


def test_the_authenticator_app_shows_the_neutral_name():
    assert get_mfa_adapter().get_totp_issuer() == "Member services"


@pytest.mark.parametrize("name", ["Recovery Center", "Sober Living Services", "Detox help"])
def test_a_revealing_sender_name_stops_start_up(name):
    result = manage("check", env={**PRODUCTION_ENV, "DISCREET_SENDER_NAME": name})
    assert result.returncode != 0
    assert "portal.E003" in result.stderr
