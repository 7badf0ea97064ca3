"""Aftercare's demo data: every state shown, and seeding twice changes nothing."""

import pytest
from django.core.management import call_command

from aftercare.discharge import today_without_aftercare
from aftercare.models import (
    AftercareNotStarted,
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
        for m in (
            AftercarePlan,
            AftercareNotStarted,
            FollowUp,
            CheckIn,
            CheckInAlert,
            HelpRequest,
            OnCallShift,
        )
    ]


def test_the_demo_shows_every_aftercare_state_and_seeding_again_changes_nothing(settings, client):
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
    _discharge_shows_aftercare(client)
    before = _counts()
    call_command("seed_demo", force=True)
    assert _counts() == before


def _discharge_shows_aftercare(client):
    """Clients still in treatment have no plan, so discharging one offers it; one discharged
    client has neither a plan nor a reason (on Today), another declined (the reason shown)."""
    from django.urls import reverse

    from clients.models import Client, ClientStatus
    from recovery_portal.accounts.models import User

    active = Client.objects.filter(status=ClientStatus.ACTIVE, user__isnull=True)
    assert active.count() >= 5
    assert not AftercarePlan.objects.filter(client__in=active).exists()
    manager = User.objects.get(email="casemanager@example.org")
    mine = active.filter(assignments__case_manager=manager, assignments__ended_at__isnull=True)
    client.force_login(manager)
    page = client.get(reverse("clients:status", args=[mine.first().pk])).content.decode()
    assert "Start an aftercare plan from today" in page
    waiting = today_without_aftercare(manager)
    assert waiting is not None and len(waiting["clients"]) == 1
    assert waiting["clients"][0].status == ClientStatus.DISCHARGED
    assert "Discharged without aftercare" in client.get(reverse("home:today")).content.decode()
    declined = AftercareNotStarted.objects.get()
    assert declined.reason == "declined" and declined.client.status == ClientStatus.DISCHARGED
