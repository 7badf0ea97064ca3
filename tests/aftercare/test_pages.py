"""The staff pages of a client's aftercare, the record's tab and overview card, Today's
follow-up card and the client's own pages."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from aftercare.models import AftercarePlan, FollowUpStatus
from recovery_portal.audit.models import AuditEvent

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def test_a_case_manager_starts_a_plan_from_the_follow_ups_tab(client, client_record, case_manager):
    client.force_login(case_manager)
    tab = client.get(reverse("aftercare:followups", args=[client_record.pk])).content.decode()
    assert "Start the aftercare plan" in tab and 'aria-current="page"' in tab
    url = reverse("aftercare:plan_edit", args=[client_record.pk])
    bad = client.post(url, {"discharge_date": "not a date", "responsible": case_manager.pk})
    assert bad.status_code == 200 and not AftercarePlan.objects.exists()
    response = client.post(
        url,
        {
            "discharge_date": days_ago(3).isoformat(),
            "responsible": case_manager.pk,
            "meetings_per_week": "3",
            "recovery_coaching": "on",
            "medication": "Buprenorphine",
        },
    )
    assert response.status_code == 302
    plan = AftercarePlan.objects.get()
    assert plan.followups.count() == 5 and plan.recovery_coaching
    assert AuditEvent.objects.filter(
        action="client.view", client_id=client_record.pk, details__part="follow-ups"
    ).exists()


def test_changing_the_discharge_date_on_the_form_moves_the_follow_ups(client, plan, case_manager):
    client.force_login(case_manager)
    new_date = plan.discharge_date + dt.timedelta(days=7)
    client.post(
        reverse("aftercare:plan_edit", args=[plan.client_id]),
        {
            "discharge_date": new_date.isoformat(),
            "responsible": case_manager.pk,
            "meetings_per_week": "1",
        },
    )
    seven = plan.followups.get(label="7-day check")
    assert seven.due_date == new_date + dt.timedelta(days=7)


def test_a_try_then_an_outcome_from_the_follow_up_page(client, plan, case_manager):
    client.force_login(case_manager)
    followup = plan.followups.order_by("sequence").first()
    detail = reverse("aftercare:followup", args=[plan.client_id, followup.pk])
    assert client.get(detail).status_code == 200
    client.post(
        reverse("aftercare:attempt_add", args=[plan.client_id, followup.pk]),
        {"try-method": "call", "try-reached": "no", "try-note": "Voicemail"},
    )
    assert followup.attempts.count() == 1
    outcome_url = reverse("aftercare:outcome", args=[plan.client_id, followup.pk])
    answers = {
        "completed_on": timezone.localdate().isoformat(),
        "any_use_since_last_contact": "no",
        "days_of_use_last_30": "0",
        "housing": "own_or_rent",
        "work_or_school": "student",
        "meetings_last_30": "6",
        "barc10": "asked",
        **{f"barc10_q{n}": "4" for n in range(1, 11)},
        "needs": "Help with a job application",
    }
    # Nothing pre-filled means nothing assumed: an answer left out is asked for, in words.
    bad = client.post(outcome_url, {**answers, "housing": "", "meetings_last_30": ""})
    assert "Please enter the number, or choose" in bad.content.decode()
    followup.refresh_from_db()
    assert followup.is_open
    client.post(outcome_url, answers)
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.COMPLETED_IN_WINDOW
    tab = client.get(reverse("aftercare:followups", args=[plan.client_id])).content.decode()
    assert "Needs to act on" in tab and "Help with a job application" in tab


def test_the_overview_has_an_aftercare_card(client, plan, case_manager):
    client.force_login(case_manager)
    page = client.get(reverse("home:client_overview", args=[plan.client_id])).content.decode()
    assert 'id="panel-aftercare"' in page and "follow-ups closed" in page


def test_today_lists_follow_ups_due_this_week_and_windows_closing(
    client, start_plan, client_record, case_manager, other_case_manager
):
    start_plan(client_record, discharged=days_ago(3))  # 7-day check due in 4 days
    client.force_login(case_manager)
    page = client.get(reverse("home:today")).content.decode()
    assert "Follow-ups this week" in page and "7-day check" in page
    client.force_login(other_case_manager)
    assert "7-day check" not in client.get(reverse("home:today")).content.decode()


def test_the_client_sees_their_follow_ups_and_a_home_card(client, plan, client_user):
    client.force_login(client_user)
    page = client.get(reverse("aftercare:my_followups")).content.decode()
    assert "30-day follow-up" in page and "Talk to someone now" in page
    home = client.get(reverse("home:my_recovery")).content.decode()
    assert "Check-ins and follow-ups" in home and "Talk to someone now" in home


def test_the_navigation_links_follow_the_persons_role(client, supervisor, client_user):
    client.force_login(supervisor)
    page = client.get(reverse("home:today")).content.decode()
    assert "Follow-up compliance" in page and "My check-ins" not in page
    client.force_login(client_user)
    page = client.get(reverse("home:my_recovery")).content.decode()
    assert "My check-ins" in page and "Follow-up compliance" not in page


def test_starting_the_plan_may_move_the_client_to_aftercare(client, client_record, case_manager):
    client.force_login(case_manager)
    client.post(
        reverse("aftercare:plan_edit", args=[client_record.pk]),
        {
            "discharge_date": days_ago(1).isoformat(),
            "responsible": case_manager.pk,
            "meetings_per_week": "2",
            "move_to_aftercare": "on",
        },
    )
    client_record.refresh_from_db()
    assert client_record.status == "aftercare"
    assert client_record.status_changes.first().changed_by == case_manager


@pytest.mark.parametrize(
    ("url_name", "captions"),
    [
        (
            "aftercare:compliance",
            [
                "Rate completed in window by the month the window closed",
                "Rate completed in window by the person responsible for the plan",
            ],
        ),
        ("aftercare:outcomes", ["Change from intake (intake → follow-up)"]),
    ],
)
def test_the_report_tables_scroll_regions_are_reachable_by_keyboard(
    client, supervisor, url_name, captions
):
    """axe "scrollable-region-focusable": at 390 px each table scrolls sideways, so its
    wrapper takes the focus and is named by the table's caption."""
    client.force_login(supervisor)
    page = client.get(reverse(url_name)).content.decode()
    wrappers = re.findall(r'<div class="table-responsive"[^>]*>', page)
    assert wrappers and len(wrappers) == len(captions)
    for wrapper, caption in zip(wrappers, captions, strict=True):
        assert 'tabindex="0"' in wrapper and 'role="region"' in wrapper
        assert f'aria-label="{caption}"' in wrapper
        assert f"<caption>{caption}</caption>" in page
