"""The demo logins: one per role, staff with two-step sign-in enrolled.
Idempotent: running it again changes nothing. Every app seeds its own part of the demo
organization (``demo_seeders`` in its AppConfig); ``home.demo.seed_all`` runs them all."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings

from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import Role
from recovery_portal.accounts.services import user_create


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: Role


DEMO_ACCOUNTS = [
    DemoAccount("admin@example.org", "Avery Admin", Role.ADMINISTRATOR),
    DemoAccount("supervisor@example.org", "Sam Supervisor", Role.SUPERVISOR),
    DemoAccount("casemanager@example.org", "Casey Manager", Role.CASE_MANAGER),
    DemoAccount("casemanager2@example.org", "Morgan Manager", Role.CASE_MANAGER),
    DemoAccount("facilitator@example.org", "Frankie Facilitator", Role.FACILITATOR),
    DemoAccount("client@example.org", "Jordan Rivers", Role.CLIENT),
    DemoAccount("client2@example.org", "Riley Brooks", Role.CLIENT),
]


def seed_people() -> dict[str, User]:
    """The seven demo logins; staff with TOTP enrolled on DEMO_TOTP_SECRET."""
    people = {}
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = user_create(
                email=account.email,
                full_name=account.full_name,
                role=account.role,
                password=settings.DEMO_PASSWORD,
            )
        if account.role == Role.ADMINISTRATOR and not user.is_superuser:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        if account.role != Role.CLIENT:
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, settings.DEMO_TOTP_SECRET)
            if not Authenticator.objects.filter(
                user=user, type=Authenticator.Type.RECOVERY_CODES
            ).exists():
                RecoveryCodes.activate(user)
        people[account.email] = user
    return people
