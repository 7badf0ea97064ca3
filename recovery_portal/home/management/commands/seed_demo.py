from django.conf import settings
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

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo accounts have a known password. "
                "Use --force on a staging copy only."
            )
        with transaction.atomic():
            seed_all()
        self.stdout.write(self.style.SUCCESS("Demo organization ready."))
        self.stdout.write(f"Password for every demo account: {settings.DEMO_PASSWORD}")
        self.stdout.write(
            f"Staff two-step sign-in secret (any authenticator app): {settings.DEMO_TOTP_SECRET}"
        )
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:<28} {account.role.value}")
