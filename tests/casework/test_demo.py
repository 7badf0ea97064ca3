"""The demo organization shows recovery plans and notes."""

from __future__ import annotations

from django.utils import timezone

from casework.models import PlanStatus, ProgressNote, RecoveryPlan
from clients.models import CaseAssignment, Client
from recovery_portal.home.demo import seed_all


def test_the_demo_gives_plans_and_notes_to_the_caseloads(db):
    people = seed_all()
    on_caseload = set(
        CaseAssignment.objects.filter(ended_at__isnull=True).values_list("client_id", flat=True)
    )
    assert on_caseload <= set(RecoveryPlan.objects.values_list("client_id", flat=True))
    assert RecoveryPlan.objects.filter(
        status=PlanStatus.ACTIVE, review_due__lt=timezone.localdate()
    ).exists()

    jordan = Client.objects.get(user=people["client@example.org"])
    plan = RecoveryPlan.objects.get(client=jordan)
    assert plan.status == PlanStatus.ACTIVE and plan.goals.count() == 3
    goal = plan.goals.first()
    assert goal.steps.exists() and goal.barriers.get().strategies.exists()
    latest = plan.versions.first()
    assert latest.number == 2 and not hasattr(latest, "acknowledgement")
    assert hasattr(plan.versions.get(number=1), "acknowledgement")
    notes = ProgressNote.objects.filter(client=jordan)
    assert notes.filter(signed_at__isnull=True).exists()
    assert notes.filter(signed_at__isnull=False, share_with_client=True).exists()
    assert notes.filter(addenda__isnull=False, cosigned_at__isnull=False).exists()

    counts = (RecoveryPlan.objects.count(), ProgressNote.objects.count())
    seed_all()
    assert (RecoveryPlan.objects.count(), ProgressNote.objects.count()) == counts
