"""A real Celery worker, over the real Redis broker, changes the real database."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from recovery_portal.accounts.tasks import clear_expired_sessions
from recovery_portal.celery import app as celery_app
from tests.workers import wait_until

pytestmark = pytest.mark.worker


def _session(expire_date):
    store = SessionStore()
    store["who"] = "someone"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=expire_date)
    return store.session_key


def test_a_worker_runs_a_task_that_changes_the_database(celery_worker_process):
    expired = _session(timezone.now() - timedelta(days=1))
    live = _session(timezone.now() + timedelta(hours=1))

    clear_expired_sessions.delay()

    assert wait_until(lambda: not Session.objects.filter(session_key=expired).exists())
    assert Session.objects.filter(session_key=live).exists()
    assert "clear_expired_sessions" in celery_worker_process.output()


def test_the_worker_acknowledges_late_with_prefetch_one():
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.worker_prefetch_multiplier == 1
    assert celery_app.conf.task_serializer == "json"
    assert "accounts.clear_expired_sessions" in celery_app.conf.beat_schedule
