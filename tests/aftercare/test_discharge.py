"""Discharge starts aftercare: the status form offers the plan in the same step, on by
default; a discharged client without one is on Today."""

import re

import pytest
from django.urls import reverse

from aftercare.models import AftercarePlan, FollowUp
from clients.models import ClientStatus

pytestmark = pytest.mark.django_db


def _discharge(client, record, **extra):
    data = {"to_status": "discharged", "reason": "Completed the program", **extra}
    return client.post(reverse("clients:status", args=[record.pk]), data, follow=True)


def test_the_status_form_explains_and_offers_the_plan_ticked(client, client_record, case_manager):
    client.force_login(case_manager)
    page = client.get(reverse("clients:status", args=[client_record.pk])).content.decode()
    assert "Aftercare: treatment is over" in page and "Discharged: the client has left" in page
    box = re.search(r'<input type="checkbox" name="step_aftercare_plan"[^>]*>', page)
    assert box is not None and "checked" in box.group(0)


def test_discharging_with_the_box_ticked_starts_the_plan_and_its_follow_ups(
    client, client_record, case_manager
):
    client.force_login(case_manager)
    page = _discharge(client, client_record, step_aftercare_plan="on").content.decode()
    client_record.refresh_from_db()
    plan = AftercarePlan.objects.get(client=client_record)
    assert client_record.status == ClientStatus.DISCHARGED
    assert plan.responsible == case_manager and plan.discharge_date == plan.created_at.date()
    assert FollowUp.objects.filter(plan=plan).count() == plan.template.steps.count() > 0
    assert "An aftercare plan is started" in page
    today = client.get(reverse("home:today")).content.decode()
    assert "Discharged without aftercare" not in today


def test_without_the_plan_the_client_stays_on_today_until_one_exists(
    client, client_record, case_manager
):
    client.force_login(case_manager)
    _discharge(client, client_record)  # box unticked
    assert not AftercarePlan.objects.exists()
    today = client.get(reverse("home:today")).content.decode()
    assert "Discharged without aftercare" in today and client_record.display_name in today
