"""Periodic work of the groups app (declared in CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from groups.services.group import sessions_generate_all


@shared_task(ignore_result=True)
def generate_sessions() -> int:
    """Keep eight weeks of sessions made ahead for every active group. Idempotent."""
    return sessions_generate_all()
