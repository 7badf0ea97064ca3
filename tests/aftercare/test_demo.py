"""Aftercare's demo data: every state shown, and seeding twice changes nothing."""

import pytest
from django.core.management import call_command

from aftercare.models import (
    AftercarePlan,
    CheckIn,
    CheckInAlert,
    FollowUp,
    FollowUpStatus,
    HelpRequest,
    OnCallShift,
    Outcome,
)
from aftercare.services.checkin import on_call_now

pytestmark = pytest.mark.django_db


def _counts():
    return [
        m.objects.count()
        for m in (AftercarePlan, FollowUp, CheckIn, CheckInAlert, HelpRequest, OnCallShift)
    ]


def test_the_demo_shows_every_aftercare_state_and_seeding_again_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    statuses = set(FollowUp.objects.values_list("status", flat=True))
    assert statuses == set(FollowUpStatus.values)
    assert set(AftercarePlan.objects.values_list("close_reason", flat=True)) >= {
        "",
        "transferred",
        "deceased",
    }
    jordan = AftercarePlan.objects.get(client__user__email="client@example.org")
    assert jordan.client.checkins.count() >= 14
    assert CheckInAlert.objects.filter(handled_at__isnull=True).exists()
    assert [u.email for u in on_call_now()] == ["casemanager2@example.org"]
    # Outcomes as people answer them: BARC-10s item by item, some partial (no total), some
    # not asked, and some questions declined or not asked (kept as such).
    scored = Outcome.objects.filter(barc10_score__isnull=False)
    assert scored.exists() and all(len(o.barc10_answers) == 10 for o in scored)
    assert Outcome.objects.filter(barc10_score__isnull=True, barc10_not_given="").exists()
    assert Outcome.objects.filter(barc10_not_given="not_asked").exists()
    assert Outcome.objects.filter(days_of_use_last_30_not_given="declined").exists()
    assert Outcome.objects.filter(housing="not_asked").exists()
    before = _counts()
    call_command("seed_demo", force=True)
    assert _counts() == before
