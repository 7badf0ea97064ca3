"""The Celery app. Configuration comes from Django settings (CELERY_*); the periodic schedule
is recovery_portal/beat_schedule.py (settings.CELERY_BEAT_SCHEDULE), the one place every
periodic task is declared."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_portal.settings")

app = Celery("recovery_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
