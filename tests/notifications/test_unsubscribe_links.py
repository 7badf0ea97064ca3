"""The one-click link in every reminder e-mail: it says nothing about whose it is, and it stops
working after UNSUBSCRIBE_LINK_DAYS (an old e-mail forwarded or leaked cannot be used forever)."""

import base64
import binascii
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from recovery_portal.notifications.messages import unsubscribe_token, unsubscribe_user_id
from recovery_portal.notifications.models import Preference

pytestmark = pytest.mark.django_db


def _decodings(token: str):
    for part in [token, *re.split(r"[:.]", token)]:
        padded = part + "=" * (-len(part) % 4)
        try:
            yield base64.urlsafe_b64decode(padded)
        except (binascii.Error, ValueError):
            continue


def test_a_link_does_not_carry_the_persons_id_readably(client_user):
    token = unsubscribe_token(client_user)
    for decoded in _decodings(token):
        assert f'"u":{client_user.pk}'.encode() not in decoded
        assert client_user.email.encode() not in decoded


def test_a_fresh_link_stops_the_reminders(client_user, client):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(client_user)])
    assert client.post(url).status_code == 200
    preference = Preference.objects.get(user=client_user)
    assert not preference.email_enabled and not preference.sms_enabled


def test_a_link_older_than_its_lifetime_no_longer_works(client_user, client, settings):
    settings.UNSUBSCRIBE_LINK_DAYS = 30
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        token = unsubscribe_token(client_user)
    assert unsubscribe_user_id(token) is None
    url = reverse("notifications:unsubscribe", args=[token])
    response = client.post(url)
    assert response.status_code == 410
    assert b"expired" in response.content
    assert b"reminder settings" in response.content
    assert not Preference.objects.filter(user=client_user, email_enabled=False).exists()


def test_a_link_within_its_lifetime_still_works(client_user, settings):
    settings.UNSUBSCRIBE_LINK_DAYS = 30
    with time_machine.travel(timezone.now() - timedelta(days=29)):
        token = unsubscribe_token(client_user)
    assert unsubscribe_user_id(token) == client_user.pk


def test_a_forged_link_is_not_found(client):
    url = reverse("notifications:unsubscribe", args=["not-a-real-token"])
    assert client.get(url).status_code == 404
