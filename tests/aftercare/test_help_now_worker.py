"""'Talk to someone now' is fast for real: with a Celery worker running and no beat at all, the
on-call staff member's message leaves within seconds, because committing the request enqueues
the dispatcher at once."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from aftercare.models import OnCallShift
from aftercare.services.checkin import help_now_request
from tests.notifications.backends import read_outbox
from tests.workers import WorkerProcess, wait_until

pytestmark = pytest.mark.worker


@pytest.fixture
def worker(transactional_db, tmp_path):
    from recovery_portal.celery import app as celery_app

    celery_app.control.purge()
    outbox = tmp_path / "outbox.jsonl"
    process = WorkerProcess(
        name="help",
        log_dir=tmp_path,
        env={
            "TEST_EMAIL_BACKEND": "tests.notifications.backends.RecordingEmailBackend",
            "REMINDER_TEST_OUTBOX": str(outbox),
        },
    ).start()
    yield outbox
    process.stop()


def test_the_on_call_message_leaves_within_seconds_without_waiting_for_beat(
    worker, client_record, client_user, other_case_manager
):
    now = timezone.now()
    OnCallShift.objects.create(
        staff=other_case_manager,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    pressed = timezone.now()
    with transaction.atomic():
        help_now_request(client=client_record, actor=client_user)
    assert wait_until(lambda: read_outbox(worker), timeout=20, every=0.2), "nothing was sent"
    sends = read_outbox(worker)
    assert [s["to"] for s in sends] == [other_case_manager.email]
    assert (timezone.now() - pressed).total_seconds() < 20
