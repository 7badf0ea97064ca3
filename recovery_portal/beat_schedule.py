"""Every periodic task, in one place (settings.py reads it as ``CELERY_BEAT_SCHEDULE``):
one entry each, with a comment saying why and how often. django-celery-beat copies these into
its tables at start."""

from __future__ import annotations

from celery.schedules import crontab


def _outbox(dispatch_every_seconds: int) -> dict:
    """The reminder outbox and the texts people send back."""
    return {
        # The reminder outbox: claim and send due reminders. Every minute; several beats or
        # overlapping runs are harmless (rows are claimed with SKIP LOCKED), and a run that waited
        # longer than one interval in the queue is dropped, the next one does its work.
        "notifications.dispatch_due_reminders": {
            "task": "recovery_portal.notifications.tasks.dispatch_due_reminders",
            "schedule": dispatch_every_seconds,
            "options": {"expires": dispatch_every_seconds},
        },
        # Texts people sent: act on any stored but never processed (the web process died
        # between storing and acting). Every minute; each text is acted on once.
        "notifications.process_pending_texts": {
            "task": "recovery_portal.notifications.tasks.process_pending_texts",
            "schedule": 60,
        },
        # Texts from numbers of no client: deleted after SMS_UNMATCHED_KEEP_DAYS (30). Daily.
        "notifications.purge_unmatched_texts": {
            "task": "recovery_portal.notifications.tasks.purge_unmatched_texts",
            "schedule": 60 * 60 * 24,
        },
    }


def schedule(*, dispatch_every_seconds: int) -> dict:
    return {
        **_outbox(dispatch_every_seconds),
        # Expired sessions hold who was signed in: remove them nightly.
        "accounts.clear_expired_sessions": {
            "task": "recovery_portal.accounts.tasks.clear_expired_sessions",
            "schedule": 60 * 60 * 24,
        },
        # The audit trail's hash chain, checked nightly: an ERROR in the log if it was tampered
        # with (recovery_portal/audit/chain.py); a million events take about 20 s.
        "audit.verify_audit_chain": {
            "task": "recovery_portal.audit.tasks.verify_audit_chain",
            "schedule": 60 * 60 * 24,
        },
        # Peer groups: keep eight weeks of sessions made ahead (idempotent; hourly so a new group
        # or a schedule change is filled in soon, and a missed run costs nothing).
        "groups.generate_sessions": {"task": "groups.tasks.generate_sessions", "schedule": 60 * 60},
        # Aftercare: a client in aftercare who missed two check-ins in a row raises one alert to
        # their case manager. Hourly, so a silence is noticed the same morning; once per silence.
        "aftercare.scan_missed_checkins": {
            "task": "aftercare.tasks.scan_missed_checkins",
            "schedule": 60 * 60,
        },
        # Aftercare: a discreet "time to check in" reminder, for the next mid-morning, to clients
        # whose day (or week) has no check-in yet. Hourly; one reminder per client and day.
        "aftercare.schedule_checkin_prompts": {
            "task": "aftercare.tasks.schedule_checkin_prompts",
            "schedule": 60 * 60,
        },
        # Aftercare: unhandled safety alerts escalate (aftercare/services/safety.py). Every minute.
        "aftercare.escalate_safety": {"task": "aftercare.tasks.escalate_safety", "schedule": 60},
        # Aftercare: milestones of days in recovery (and the opt-in messages). Daily.
        "aftercare.record_milestones": {
            "task": "aftercare.tasks.record_milestones",
            "schedule": 60 * 60 * 24,
        },
        # Records retention: on the first of each month, list closed records past
        # RECORD_RETENTION_YEARS for an administrator's decision (idempotent: each once), and tell
        # the administrators. Nothing is destroyed without their approval.
        "clients.list_records_past_retention": {
            "task": "clients.tasks.list_records_past_retention",
            "schedule": crontab(minute=0, hour=6, day_of_month=1),
        },
        # Aftercare: follow-ups whose window closed after the set number of unanswered tries end
        # as "unable to reach". Daily.
        "aftercare.close_unreachable_followups": {
            "task": "aftercare.tasks.close_unreachable_followups",
            "schedule": 60 * 60 * 24,
        },
    }
