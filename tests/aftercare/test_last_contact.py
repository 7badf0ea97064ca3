"""A follow-up try that reached the client keeps their stored last contact
(``Client.last_contact_at``); one that did not reach them leaves it as it was."""

import datetime as dt

import pytest
from django.utils import timezone

from aftercare.services.followup import attempt_record
from clients.models import Client

pytestmark = pytest.mark.django_db


def _stored(client_record):
    return Client.objects.get(pk=client_record.pk).last_contact_at


def test_a_try_that_reached_the_client_is_a_contact(plan, case_manager, client_record):
    followup = plan.followups.order_by("sequence").first()
    before = _stored(client_record)
    missed_at = timezone.now() - dt.timedelta(hours=3)
    attempt_record(
        followup=followup, method="call", reached=False, actor=case_manager, at=missed_at
    )
    assert _stored(client_record) == before
    reached_at = timezone.now() - dt.timedelta(hours=1)
    attempt_record(
        followup=followup, method="call", reached=True, actor=case_manager, at=reached_at
    )
    assert _stored(client_record) == reached_at
