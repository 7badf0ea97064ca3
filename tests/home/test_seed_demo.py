"""manage.py seed_demo: the demo organization, idempotent, never in production."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from clients.models import Client
from clients.selectors.record import clients_for
from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import Role
from recovery_portal.audit.models import AuditEvent
from tests.conftest import totp_code

pytestmark = pytest.mark.django_db

ACCOUNTS = {
    "admin@example.org": Role.ADMINISTRATOR,
    "supervisor@example.org": Role.SUPERVISOR,
    "casemanager@example.org": Role.CASE_MANAGER,
    "casemanager2@example.org": Role.CASE_MANAGER,
    "facilitator@example.org": Role.FACILITATOR,
    "client@example.org": Role.CLIENT,
    "client2@example.org": Role.CLIENT,
}


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_it_builds_the_demo_organization_and_running_again_changes_nothing(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    for email, role in ACCOUNTS.items():
        user = User.objects.get(email=email)
        assert user.has_role(role)
        assert authenticate(username=email, password=settings.DEMO_PASSWORD) == user
        has_totp = Authenticator.objects.filter(user=user, type="totp").exists()
        assert has_totp == (role != Role.CLIENT), email
    counts = (User.objects.count(), Client.objects.count(), AuditEvent.objects.count())
    assert counts[1] >= 40

    call_command("seed_demo", force=True)
    assert (User.objects.count(), Client.objects.count()) == counts[:2]

    # The caseloads are as the design says.
    manager = User.objects.get(email="casemanager@example.org")
    manager2 = User.objects.get(email="casemanager2@example.org")
    jordan = Client.objects.get(user__email="client@example.org")
    riley = Client.objects.get(user__email="client2@example.org")
    assert jordan in clients_for(manager) and jordan not in clients_for(manager2)
    assert riley in clients_for(manager2) and riley not in clients_for(manager)

    # Staff sign in with the demo TOTP secret.
    client.post(
        "/accounts/login/",
        {"login": "casemanager@example.org", "password": settings.DEMO_PASSWORD},
    )
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(settings.DEMO_TOTP_SECRET)})
    assert "_auth_user_id" in client.session
