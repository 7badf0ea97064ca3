"""A session ends SESSION_ABSOLUTE_HOURS after sign-in even when it is never idle (a shared
computer left signed in all day), beside the idle timeout."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from recovery_portal.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD

HOME = "home:my_recovery"


def _sign_in(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


def test_a_busy_session_still_ends_after_its_absolute_lifetime(client, client_user, settings):
    settings.SESSION_ABSOLUTE_HOURS = 1
    start = timezone.now()
    _sign_in(client, client_user)
    for minutes in (20, 40, 59):  # never idle for long
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get(reverse(HOME)).status_code == 200
    with time_machine.travel(start + timedelta(minutes=61)):
        response = client.get(reverse(HOME))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.session_expired", actor=client_user).exists()


def test_signing_in_again_starts_a_new_lifetime(client, client_user, settings):
    settings.SESSION_ABSOLUTE_HOURS = 1
    start = timezone.now()
    _sign_in(client, client_user)
    with time_machine.travel(start + timedelta(minutes=61)):
        client.get(reverse(HOME))
        _sign_in(client, client_user)
        assert client.get(reverse(HOME)).status_code == 200


def test_the_default_lifetime_is_twelve_hours():
    from django.conf import settings

    assert settings.SESSION_ABSOLUTE_HOURS == 12
