"""One dispatch pass by hand, for operators and cron: ``manage.py send_due_reminders``."""

from django.core.management.base import BaseCommand

from recovery_portal.notifications.dispatch import dispatch_due_reminders


class Command(BaseCommand):
    help = "Send the reminders that are due now (one pass; safe beside running workers)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=None)
        parser.add_argument(
            "--time-budget", type=float, default=None, help="Stop claiming after this many seconds."
        )

    def handle(self, *args, batch_size=None, time_budget=None, **options):
        result = dispatch_due_reminders(batch_size=batch_size, time_budget=time_budget)
        self.stdout.write(f"Reminders: {result}")
