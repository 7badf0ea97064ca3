"""The benchmark's large organization (``manage.py seed_demo --scale N``): ``build_scale`` makes
the case managers, clients, appointments and referrals, then ``build_plans_and_notes`` the plans,
goals, steps and progress notes. Bulk inserts: load, not history (no audit events, no change
log)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from casework.demo.referral import seed_directory
from casework.models import (
    ActionStep,
    Appointment,
    AppointmentStatus,
    Goal,
    GoalDomain,
    PlanStatus,
    PlanVersion,
    ProgressNote,
    RecoveryPlan,
    Referral,
    StepOwner,
)
from casework.selectors.plan import _goals_prefetch, plan_snapshot
from clients.models import Client

DOMAINS = [GoalDomain.SUBSTANCE_USE, GoalDomain.HOUSING, GoalDomain.EMPLOYMENT_EDUCATION]


def build_plans_and_notes(records, owners, rng) -> dict:
    """One shared plan with three goals (a step each) and version 1 per client, about one in
    six reviews overdue; two signed progress notes per client."""
    today = timezone.localdate()
    now = timezone.now()
    plans, goals = _plans_make(records, owners, rng, today=today, now=now)
    _first_versions_make(plans, owners)
    notes = ProgressNote.objects.bulk_create(
        [
            ProgressNote(
                client=client,
                author=owner,
                contact_type="phone",
                contact_date=today - timedelta(days=days),
                duration_minutes=20,
                data="Bench check-in call.",
                assessment="Steady.",
                plan_text="Call next week.",
                signed_at=now - timedelta(days=days),
                signed_by=owner,
            )
            for client, owner in zip(records, owners, strict=True)
            for days in (rng.randint(2, 40), rng.randint(41, 90))
        ],
        batch_size=5000,
    )
    return {"plans": len(plans), "goals": len(goals), "notes": len(notes)}


def _plans_make(records, owners, rng, *, today, now) -> tuple[list, list]:
    """The shared plans, three goals each (a step each); returns the plans and the goals."""
    plans = RecoveryPlan.objects.bulk_create(
        [
            RecoveryPlan(
                client=client,
                status=PlanStatus.ACTIVE,
                review_due=today + timedelta(days=rng.randint(-15, 75)),
                created_by=owner,
                created_at=now - timedelta(days=100),
            )
            for client, owner in zip(records, owners, strict=True)
        ],
        batch_size=2000,
    )
    goals = Goal.objects.bulk_create(
        [
            Goal(plan=plan, domain=domain, statement=f"Bench goal: {domain.label}")
            for plan in plans
            for domain in DOMAINS
        ],
        batch_size=5000,
    )
    ActionStep.objects.bulk_create(
        [ActionStep(goal=goal, owner=StepOwner.CLIENT, what="A first step") for goal in goals],
        batch_size=5000,
    )
    return plans, goals


def _first_versions_make(plans, owners) -> None:
    """Version 1 of each plan."""
    # Version 1 keeps the plan as the service would: the real snapshot (a made-up one breaks
    # the plan page's "changed since the latest version").
    full = {
        plan.pk: plan
        for plan in RecoveryPlan.objects.filter(pk__in=[p.pk for p in plans]).prefetch_related(
            _goals_prefetch()
        )
    }
    PlanVersion.objects.bulk_create(
        [
            PlanVersion(
                plan=plan,
                number=1,
                reason=PlanVersion.Reason.FIRST,
                snapshot=plan_snapshot(full[plan.pk]),
                made_by=owner,
            )
            for plan, owner in zip(plans, owners, strict=True)
        ],
        batch_size=2000,
    )


# Scale: a large organization for benchmarks (``manage.py seed_demo --scale N``) -----------------
BENCH_DOMAIN = "bench.example.org"


def bench_email(kind: str, index: int) -> str:
    return f"{kind}-{index}@{BENCH_DOMAIN}"


def build_scale(
    *,
    clients: int,
    managers: int,
    small_managers: int = 0,
    small_caseload: int = 20,
    client_accounts: int = 200,
    password_hash: str,
    totp_secret: str,
) -> dict:
    """Bulk-insert a large organization: ``managers`` case managers sharing ``clients``
    clients, plus ``small_managers`` with ``small_caseload`` each (to compare Today at two
    caseload sizes), each client with a shared plan, progress notes, appointments in every
    state and a referral; the first
    ``client_accounts`` clients can sign in. Rows go in with ``bulk_create`` (no per-row
    audit or reminders: this is load, not history). Runs once: a second call returns early."""
    from recovery_portal.accounts.models import User
    from recovery_portal.accounts.roles import Role

    if User.objects.filter(email=bench_email("cm", 0)).exists():
        return {"skipped": True}
    resources = seed_directory()
    now = timezone.now()
    rng = random.Random(7)
    big = _scale_users("cm", managers, "Bench Manager", password_hash)
    small = _scale_users("cm-small", small_managers, "Bench Small-Caseload Manager", password_hash)
    _scale_roles(big + small, Role.CASE_MANAGER, totp_secret=totp_secret)
    owners = [big[i % len(big)] for i in range(clients)] if big else []
    for manager in small:
        owners.extend([manager] * small_caseload)
    accounts = _scale_users(
        "client", min(client_accounts, len(owners)), "Bench Client", password_hash
    )
    _scale_roles(accounts, Role.CLIENT)
    records = _scale_records(owners, accounts, now=now)
    appointments, referrals = _scale_appointments_and_referrals(
        records, owners, resources, rng, now=now
    )
    Appointment.objects.bulk_create(appointments, batch_size=5000)
    Referral.objects.bulk_create(referrals, batch_size=5000)
    casework = build_plans_and_notes(records, owners, rng)
    return {
        **casework,
        "managers": len(big),
        "small_managers": len(small),
        "clients": len(records),
        "client_accounts": len(accounts),
        "appointments": len(appointments),
        "referrals": len(referrals),
    }


def _scale_users(kind: str, count: int, name: str, password_hash: str) -> list:
    """``count`` accounts with their (verified) e-mail addresses."""
    from allauth.account.models import EmailAddress

    from recovery_portal.accounts.models import User

    made = User.objects.bulk_create(
        [
            User(
                email=bench_email(kind, i),
                full_name=f"{name} {i}",
                password=password_hash,
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in made],
        batch_size=2000,
    )
    return made


def _scale_roles(users: list, role, *, totp_secret: str | None = None) -> None:
    """Give ``users`` the role (a ``Role``); staff get their authenticator too."""
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.models import Group

    from recovery_portal.accounts.models import User

    group = Group.objects.get(name=role.value)
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=2000
    )
    if totp_secret is not None:
        for user in users:
            TOTP.activate(user, totp_secret)


def _scale_records(owners: list, accounts: list, *, now) -> list[Client]:
    """A client record per owner entry, on that case manager's caseload; the first ones with
    the portal accounts."""
    from clients.models import CaseAssignment

    records = Client.objects.bulk_create(
        [
            Client(
                user=accounts[i] if i < len(accounts) else None,
                legal_first_name=f"Bench{i}",
                legal_last_name=f"Client{i:05d}",
                email=bench_email("record", i),
                status="active" if i % 10 else "aftercare",
                created_at=now - timedelta(days=120),
            )
            for i in range(len(owners))
        ],
        batch_size=2000,
    )
    CaseAssignment.objects.bulk_create(
        [
            CaseAssignment(client=c, case_manager=owner, started_at=now - timedelta(days=120))
            for c, owner in zip(records, owners, strict=True)
        ],
        batch_size=2000,
    )
    return records


def _scale_appointments_and_referrals(records, owners, resources, rng, *, now) -> tuple:
    """Per client: four past appointments (completed, no-show, cancelled), one upcoming, and a
    referral in one of six states. Unsaved: the caller inserts them in bulk."""
    appointments, referrals = [], []
    # A working day holds about six appointments whatever the caseload: the first six clients
    # of each case manager are seen today, the others within the next two weeks.
    seen_today: dict[int, int] = {}
    for i, (client, owner) in enumerate(zip(records, owners, strict=True)):
        last_seen = 3 + rng.randint(0, 34)  # about one in nine out of touch for 30+ days
        for days_ago, status in (
            (last_seen, AppointmentStatus.COMPLETED),
            (last_seen + 14, AppointmentStatus.COMPLETED),
            (last_seen + 7, AppointmentStatus.NO_SHOW),
            (last_seen + 21, AppointmentStatus.CANCELLED),
        ):
            appointments.append(
                Appointment(
                    client=client,
                    staff=owner,
                    starts_at=now - timedelta(days=days_ago, hours=rng.randint(0, 8)),
                    place="Office",
                    status=status,
                    created_by=owner,
                )
            )
        seen_today[owner.pk] = seen_today.get(owner.pk, 0) + 1
        upcoming = (
            timedelta(hours=rng.randint(1, 8))
            if seen_today[owner.pk] <= 6
            else timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 8))
        )
        appointments.append(
            Appointment(
                client=client,
                staff=owner,
                starts_at=now + upcoming,
                place="Office",
                created_by=owner,
            )
        )
        status = ["sent", "accepted", "scheduled", "completed", "declined", "no_show"][i % 6]
        moved = now - timedelta(days=rng.randint(0, 20))
        referrals.append(
            Referral(
                client=client,
                resource=resources[i % len(resources)],
                reason="Bench referral",
                status=status,
                sent_at=moved - timedelta(days=5),
                last_update_at=moved,
                made_by=owner,
            )
        )
    return appointments, referrals
