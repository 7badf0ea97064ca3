"""Background work of the clients app. Portal invitations are e-mailed through the
notifications outbox (a reminder of kind "invitation" whose source is the
``PortalInvitation``), so its dispatcher's retries and delivery log apply to them too. A task
added here takes ids, not objects, and calls a service."""

from celery import shared_task

from clients.services.destruction import retention_files_retry
from clients.services.retention import retention_reviews_list


@shared_task(name="clients.tasks.list_records_past_retention")
def list_records_past_retention() -> dict[str, int]:
    """Monthly (CELERY_BEAT_SCHEDULE): list closed records past retention for an
    administrator's decision, and try again to delete the files of destroyed records that
    failed to go. Idempotent; destroys no record."""
    files_left = retention_files_retry()
    return {**retention_reviews_list(), "files_left": files_left}
