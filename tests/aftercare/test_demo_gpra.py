"""The demo's GPRA cohort: intake-anchored 6-month follow-ups in every state the dashboard
tells apart, and a dashboard that shows them."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from aftercare.models import FollowUp, FollowUpStatus
from aftercare.selectors.reports import compliance
from aftercare.services.intake import GPRA_STEP_LABEL

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_gpra_cohort_in_every_state(settings, client, django_user_model):
    settings.DEBUG = True
    call_command("seed_demo")
    today = timezone.localdate()
    gpra = FollowUp.objects.filter(intake__isnull=False, label=GPRA_STEP_LABEL)
    assert gpra.exists() and not gpra.filter(plan__isnull=False).exists()
    assert set(gpra.values_list("status", flat=True)) == set(FollowUpStatus.values)
    assert gpra.filter(status=FollowUpStatus.OPEN, window_closes__lt=today).exists()  # missed
    early = gpra.filter(status=FollowUpStatus.OPEN, window_opens__gt=today)
    assert early.filter(attempts__reached=True).exists()
    supervisor = django_user_model.objects.get(email="supervisor@example.org")
    data = compliance(supervisor, label=GPRA_STEP_LABEL)
    assert data["target"] == 80 and data["overall"]["due"] > 0
    assert data["in_progress"]["open"] > data["in_progress"]["done"] > 0
    client.force_login(supervisor)
    page = client.get(reverse("aftercare:compliance")).content.decode()
    assert f'value="{GPRA_STEP_LABEL}" selected' in page
    assert "In progress (window open now)" in page
