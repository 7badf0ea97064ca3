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
    # One line each, where the status is chosen (the select's hint).
    assert "(check-ins, follow-up calls).<br>Discharged: the client has left" in page
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


def test_an_earlier_episodes_closed_plan_does_not_hide_a_new_discharge_from_today(
    client, client_record, case_manager
):
    import datetime as dt

    from aftercare.selectors.followup import latest_plan
    from aftercare.services.plan import plan_close, plan_start

    old = plan_start(
        client=client_record,
        discharge_date=dt.date(2025, 3, 1),
        responsible=case_manager,
        actor=case_manager,
    )
    plan_close(plan=old, reason="completed", actor=case_manager)
    client.force_login(case_manager)
    _discharge(client, client_record)  # box unticked: the old, closed plan is all there is
    today = client.get(reverse("home:today")).content.decode()
    assert "Discharged without aftercare" in today and client_record.display_name in today
    new_plan = plan_start(
        client=client_record,
        discharge_date=dt.date.today(),
        responsible=case_manager,
        actor=case_manager,
    )
    # The Follow-ups tab shows the new, active plan, not the earlier episode's closed one.
    assert latest_plan(client_record) == new_plan
    assert "Discharged without aftercare" not in client.get(reverse("home:today")).content.decode()


def test_a_discharged_record_can_be_closed(client, client_record, supervisor):
    client.force_login(supervisor)
    _discharge(client, client_record)
    client.post(
        reverse("clients:status", args=[client_record.pk]),
        {"to_status": "closed", "reason": "Services ended"},
    )
    client_record.refresh_from_db()
    assert client_record.status == ClientStatus.CLOSED


def test_moving_to_aftercare_with_the_box_ticked_starts_the_plan(
    client, client_record, case_manager
):
    client.force_login(case_manager)
    page = client.post(
        reverse("clients:status", args=[client_record.pk]),
        {"to_status": "aftercare", "reason": "", "step_aftercare_plan": "on"},
        follow=True,
    ).content.decode()
    client_record.refresh_from_db()
    assert client_record.status == ClientStatus.AFTERCARE
    plan = AftercarePlan.objects.get(client=client_record)
    assert FollowUp.objects.filter(plan=plan).count() > 0
    assert "An aftercare plan is started" in page


def test_the_box_says_when_it_applies_and_no_status_is_preselected(
    client, client_record, case_manager
):
    client.force_login(case_manager)
    url = reverse("clients:status", args=[client_record.pk])
    page = client.get(url).content.decode()
    assert "Applies when the new status is Discharged or Aftercare" in page
    select = re.search(r'<select name="to_status".*?</select>', page, re.S).group(0)
    assert re.search(r'<option value=""[^>]*selected', select)
    response = client.post(url, {"to_status": "", "step_aftercare_plan": "on"})
    assert response.status_code == 200
    assert "Please choose the new status." in response.content.decode()
    client_record.refresh_from_db()
    assert client_record.status == ClientStatus.ACTIVE and not AftercarePlan.objects.exists()


def test_aftercare_without_a_plan_is_on_today_and_the_tab_offers_to_start_now(
    client, client_record, case_manager
):
    client.force_login(case_manager)
    client.post(
        reverse("clients:status", args=[client_record.pk]), {"to_status": "aftercare"}
    )  # box unticked
    today = client.get(reverse("home:today")).content.decode()
    assert "Discharged without aftercare" in today and client_record.display_name in today
    client.post(
        reverse("aftercare:not_started", args=[client_record.pk]),
        {"reason": "declined", "note": ""},
    )
    today = client.get(reverse("home:today")).content.decode()
    assert "Discharged without aftercare" not in today
    tab = client.get(reverse("aftercare:followups", args=[client_record.pk])).content.decode()
    assert "Aftercare not started" in tab
    assert "Start one when the client is discharged" not in tab


def test_after_record_why_not_the_tab_of_a_discharged_client_does_not_say_wait(
    client, client_record, case_manager
):
    client.force_login(case_manager)
    _discharge(client, client_record)  # box unticked
    client.post(
        reverse("aftercare:not_started", args=[client_record.pk]),
        {"reason": "declined", "note": ""},
    )
    tab = client.get(reverse("aftercare:followups", args=[client_record.pk])).content.decode()
    assert "Aftercare not started" in tab
    assert "Start one when the client is discharged" not in tab
