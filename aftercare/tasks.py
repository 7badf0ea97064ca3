"""Periodic tasks of aftercare (declared in settings.CELERY_BEAT_SCHEDULE): thin, no arguments."""

from celery import shared_task

from aftercare.services.checkin import checkin_prompts_schedule, missed_checkins_scan
from aftercare.services.followup import unreachable_close_overdue
from aftercare.services.milestone import milestones_record
from aftercare.services.safety import safety_escalate


@shared_task(name="aftercare.tasks.scan_missed_checkins")
def scan_missed_checkins() -> int:
    return missed_checkins_scan()


@shared_task(name="aftercare.tasks.record_milestones")
def record_milestones() -> int:
    return milestones_record()


@shared_task(name="aftercare.tasks.close_unreachable_followups")
def close_unreachable_followups() -> int:
    return unreachable_close_overdue()


@shared_task(name="aftercare.tasks.schedule_checkin_prompts")
def schedule_checkin_prompts() -> int:
    return checkin_prompts_schedule()


@shared_task(name="aftercare.tasks.escalate_safety")
def escalate_safety() -> int:
    return safety_escalate()
