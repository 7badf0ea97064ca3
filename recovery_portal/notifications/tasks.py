"""Celery tasks of the reminder outbox: thin, no arguments, no personal data in the broker."""

from celery import shared_task

from recovery_portal.notifications.dispatch import dispatch_due_reminders as dispatch
from recovery_portal.notifications.inbound import (
    inbound_texts_process_pending,
    unmatched_texts_purge,
)


@shared_task(name="recovery_portal.notifications.tasks.dispatch_due_reminders")
def dispatch_due_reminders() -> str:
    """Run by beat every minute (settings.CELERY_BEAT_SCHEDULE). Safe to run many at once."""
    return str(dispatch())


@shared_task(name="recovery_portal.notifications.tasks.process_pending_texts")
def process_pending_texts() -> int:
    """Texts stored but never acted on (the web process died in between). Every minute."""
    return inbound_texts_process_pending()


@shared_task(name="recovery_portal.notifications.tasks.purge_unmatched_texts")
def purge_unmatched_texts() -> int:
    """Texts from numbers of no client, past SMS_UNMATCHED_KEEP_DAYS. Daily."""
    return unmatched_texts_purge()
