"""Fixtures of the aftercare tests: a plan for ``client_record`` and helpers to finish
follow-ups through the services, as staff would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from aftercare.services.followup import followup_complete
from aftercare.services.plan import plan_start
from clients.instruments.catalog import answers_for_score, instrument
from clients.services.screening import screening_record
from recovery_portal.notifications.models import Reminder, ReminderState


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def start_plan(case_manager, supervisor):
    def make(client, *, discharged: dt.date | None = None, responsible=None):
        return plan_start(
            client=client,
            discharge_date=discharged or days_ago(10),
            responsible=responsible or case_manager,
            actor=supervisor,
        )

    return make


@pytest.fixture
def plan(start_plan, client_record):
    return start_plan(client_record)


def barc10_items(score: int) -> dict:
    """Ten BARC-10 answers that add up to ``score``."""
    return answers_for_score(instrument("barc10"), score)


def barc10_screen(client, actor, score: int, at: dt.datetime | None = None, intake=None):
    """A BARC-10 screening of ``client`` scoring ``score`` (e.g. at intake: the baseline)."""
    return screening_record(
        client=client,
        instrument=instrument("barc10"),
        answers=barc10_items(score),
        actor=actor,
        administered_at=at,
        intake=intake,
    )


def complete(followup, actor, on: dt.date, **fields):
    """Complete a follow-up with every answer given (a whole number for ``barc10`` stands for
    ten items adding up to it)."""
    values = {
        "any_use_since_last_contact": False,
        "days_of_use_last_30": 0,
        "housing": "own_or_rent",
        "work_or_school": "part_time",
        "meetings_last_30": 8,
        "barc10": "not_asked",
        **fields,
    }
    if isinstance(values["barc10"], int):
        values["barc10"] = barc10_items(values["barc10"])
    return followup_complete(followup=followup, actor=actor, completed_on=on, **values)


def pending_reminders(source, **filters):
    return Reminder.objects.filter(
        source_type=ContentType.objects.get_for_model(source),
        source_id=str(source.pk),
        state=ReminderState.SCHEDULED,
        **filters,
    )


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
