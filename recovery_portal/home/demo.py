"""The demo organization of DESIGN.md §6. Idempotent: running it again changes nothing.

Each part is a function; later features add theirs to ``SEEDERS`` so ``seed_demo`` shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from recovery_portal.accounts.models import User
from recovery_portal.accounts.roles import Role
from recovery_portal.accounts.services import user_create
from recovery_portal.notifications.models import CustomReminder, Reminder, ReminderState
from recovery_portal.notifications.services import custom_reminder_cancel, custom_reminder_create

from .demo_clients import seed_clients


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


def seed_consents(people: dict[str, User]) -> None:
    """Consents in every state, support networks and disclosures (demo_consents.py). Keep it
    after the seeder that creates the client records."""
    from .demo_consents import seed_consents as seed

    seed(people)


def seed_reminders(people: dict[str, User]) -> None:
    """A few reminders for client@example.org in several states, so the delivery log, the
    admin's outbox and "My reminders" have something to show."""
    client = people["client@example.org"]
    author = people["casemanager@example.org"]
    if CustomReminder.objects.filter(recipient=client).exists():
        return
    now = timezone.now().replace(second=0, microsecond=0)
    plans = [
        ("Bring your photo ID and insurance card.", now + timedelta(days=2), None, ""),
        (
            "Drop off the signed housing form at the front desk.",
            now - timedelta(days=3),
            ReminderState.SENT,
            "",
        ),
        (
            "Call back about the job-training slot.",
            now - timedelta(days=2),
            ReminderState.FAILED,
            "SendError: SMS provider answered HTTP 503: service unavailable",
        ),
        ("Pick up the bus pass.", now - timedelta(days=1), "cancel", ""),
    ]
    for note, at, state, error in plans:
        custom = custom_reminder_create(
            author=author, recipient=client, at=at, remind_at=at - timedelta(hours=20), note=note
        )
        if state == "cancel":
            custom_reminder_cancel(custom=custom, actor=author)
        elif state is not None:
            # Demo history: as if the dispatcher had run at the time.
            Reminder.objects.filter(
                source_type=ContentType.objects.get_for_model(CustomReminder),
                source_id=str(custom.pk),
            ).update(
                state=state,
                attempts=5 if error else 1,
                last_error=error,
                sent_at=at - timedelta(hours=20) if state == ReminderState.SENT else None,
                subject="Reminder: your appointment" if state == ReminderState.SENT else "",
            )


# Parts of the demo, in order. Each takes the dict of people and returns nothing.
# Client records first: consents and reminders attach to them.
SEEDERS: list = [seed_clients, seed_consents, seed_reminders]


def seed_all() -> dict[str, User]:
    people = seed_people()
    for seeder in SEEDERS:
        seeder(people)
    return people
