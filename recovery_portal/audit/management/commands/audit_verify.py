"""Check the audit trail's hash chain from the first event to the last (audit/chain.py).

Exits non-zero, naming the first broken event, when an event was altered, removed or forged.
Run it on a schedule and keep the printed head hash somewhere the portal cannot write (a ticket,
a log shipped elsewhere): a later run that ends in a different hash for the same event id shows
the chain was rewritten wholesale.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from recovery_portal.audit.chain import chain_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; fails on an altered, removed or forged event."

    def handle(self, *args, **options):
        started = time.monotonic()
        result = chain_verify()
        seconds = time.monotonic() - started
        if not result.ok:
            raise CommandError(
                f"Audit trail NOT intact after {result.checked} good events: {result.message}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit trail intact: {result.checked} events in {seconds:.1f} s; "
                f"latest event {result.last_id}, head hash {result.last_hash}"
            )
        )
