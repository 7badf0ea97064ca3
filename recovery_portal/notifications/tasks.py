"""Celery tasks of the reminder outbox: thin, no arguments, no personal data in the broker."""

from celery import shared_task

from recovery_portal.notifications.dispatch import dispatch_due_reminders as dispatch


@shared_task(name="recovery_portal.notifications.tasks.dispatch_due_reminders")
def dispatch_due_reminders() -> str:
    """Run by beat every minute (settings.CELERY_BEAT_SCHEDULE). Safe to run many at once."""
    return str(dispatch())
