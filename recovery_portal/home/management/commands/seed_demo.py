import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from recovery_portal.accounts.demo import DEMO_ACCOUNTS
from recovery_portal.home.demo import seed_all


class Command(BaseCommand):
    help = "Create the fictional demo organization (idempotent). Never for production."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (e.g. a staging copy). Never on real data.",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Also bulk-build a large organization of N clients for benchmarks "
            "(bench/README.md).",
        )
        parser.add_argument(
            "--managers",
            type=int,
            default=0,
            help="Case managers sharing the N clients (default: one per 100 clients).",
        )
        parser.add_argument(
            "--small-managers",
            type=int,
            default=0,
            help="Extra case managers with 20 clients each, to compare small caseloads.",
        )

    def handle(self, *args, force: bool = False, scale: int = 0, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo accounts have a known password. "
                "Use --force on a staging copy only."
            )
        with transaction.atomic():
            seed_all()
        self.stdout.write(self.style.SUCCESS("Demo organization ready."))
        if scale > 0:
            self._scale(scale, options["managers"] or max(1, scale // 100), options)
        self.stdout.write(f"Password for every demo account: {settings.DEMO_PASSWORD}")
        self.stdout.write(
            f"Staff two-step sign-in secret (any authenticator app): {settings.DEMO_TOTP_SECRET}"
        )
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:<28} {account.role.value}")

    def _scale(self, clients: int, managers: int, options) -> None:
        # Each app bulk-builds its part of the large organization (casework today; plans and
        # notes join it at merge).
        from casework.demo.scale import build_scale
        from clients.services.contact import last_contact_refresh_all

        started = time.monotonic()
        with transaction.atomic():
            built = build_scale(
                clients=clients,
                managers=managers,
                small_managers=options["small_managers"],
                password_hash=make_password(settings.DEMO_PASSWORD),
                totp_secret=settings.DEMO_TOTP_SECRET,
            )
            last_contact_refresh_all()  # built in bulk, past the services
        seconds = time.monotonic() - started
        if built.get("skipped"):
            self.stdout.write("The large organization is already there: nothing added.")
            return
        summary = ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in built.items())
        self.stdout.write(
            self.style.SUCCESS(f"Large organization built in {seconds:.1f} s: {summary}.")
        )
