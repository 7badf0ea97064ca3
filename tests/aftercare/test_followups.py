"""Plans, follow-ups, contact attempts and outcomes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from aftercare.models import FollowUp, FollowUpNeed, FollowUpStatus, PlanCloseReason
from aftercare.services.followup import (
    attempt_record,
    followup_close,
    need_mark_acted_on,
    unreachable_close_overdue,
)
from aftercare.services.plan import plan_close
from clients.instruments.catalog import answers_for_score, instrument
from clients.services.screening import screening_record
from recovery_portal.audit.models import AuditEvent

from .conftest import complete, days_ago

pytestmark = pytest.mark.django_db


def test_a_plan_creates_its_follow_ups_from_the_template(plan):
    labels = list(plan.followups.order_by("sequence").values_list("label", "status"))
    assert labels == [
        ("7-day check", "open"),
        ("30-day follow-up", "open"),
        ("90-day follow-up", "open"),
        ("6-month follow-up", "open"),
        ("12-month follow-up", "open"),
    ]
    assert AuditEvent.objects.filter(action="aftercare.plan.start", client_id=plan.client_id)


def test_a_client_has_one_active_plan_at_a_time(plan, start_plan, client_record):
    with pytest.raises(ValidationError, match="already has an active"):
        start_plan(client_record)


def test_the_plan_copies_the_intake_barc10_as_the_baseline(start_plan, client_record, supervisor):
    screening_record(
        client=client_record,
        instrument=instrument("barc10"),
        answers=answers_for_score(instrument("barc10"), 31),
        actor=supervisor,
    )
    assert start_plan(client_record).baseline_barc10 == 31


def test_completed_inside_the_window_counts_in_window_and_after_it_late(plan, case_manager):
    first, second = plan.followups.order_by("sequence")[:2]
    complete(first, case_manager, first.window_opens)
    first.refresh_from_db()
    assert first.status == FollowUpStatus.COMPLETED_IN_WINDOW

    # Move the discharge date back so the second window is over, then complete it.
    second.window_closes = days_ago(1)
    second.window_opens = days_ago(20)
    second.due_date = days_ago(5)
    second.save()
    complete(second, case_manager, timezone.localdate())
    second.refresh_from_db()
    assert second.status == FollowUpStatus.COMPLETED_LATE


def test_an_outcome_keeps_the_needs_found_as_rows_to_act_on(plan, case_manager):
    followup = plan.followups.order_by("sequence").first()
    complete(followup, case_manager, timezone.localdate(), needs=["A bus pass", " ", "Dentist"])
    needs = FollowUpNeed.objects.filter(client=plan.client)
    assert sorted(n.description for n in needs) == ["A bus pass", "Dentist"]
    assert not any(n.referred for n in needs)
    need_mark_acted_on(need=needs[0], actor=case_manager, referral_id=42)
    needs[0].refresh_from_db()
    assert needs[0].referred and needs[0].referral_id == 42


def test_bad_outcome_values_change_nothing(plan, case_manager):
    followup = plan.followups.order_by("sequence").first()
    with pytest.raises(ValidationError):
        complete(followup, case_manager, timezone.localdate(), days_of_use_last_30=31)
    with pytest.raises(ValidationError):
        complete(followup, case_manager, timezone.localdate() + dt.timedelta(days=1))
    followup.refresh_from_db()
    assert followup.is_open and not hasattr(followup, "outcome_cache")


def test_after_n_tries_without_reaching_the_client_it_ends_as_unable_to_reach(
    plan, case_manager, settings
):
    settings.AFTERCARE_UNREACHABLE_AFTER_ATTEMPTS = 3
    followup = plan.followups.order_by("sequence").first()
    attempt_record(followup=followup, method="call", reached=False, actor=case_manager)
    attempt_record(followup=followup, method="text", reached=True, actor=case_manager)
    attempt_record(followup=followup, method="email", reached=False, actor=case_manager)
    attempt_record(followup=followup, method="call", reached=False, actor=case_manager)
    followup.refresh_from_db()
    assert followup.is_open  # three misses, but the window is still open: outreach goes on
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    FollowUp.objects.filter(pk=followup.pk).update(
        window_opens=yesterday - dt.timedelta(days=20),
        due_date=yesterday - dt.timedelta(days=10),
        window_closes=yesterday,
    )
    attempt_record(followup=followup, method="call", reached=False, actor=case_manager)
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.UNABLE_TO_REACH
    with pytest.raises(ValidationError, match="already closed"):
        attempt_record(followup=followup, method="call", reached=False, actor=case_manager)


def test_the_daily_task_closes_past_windows_with_enough_tries_and_leaves_the_rest(
    plan, case_manager, settings
):
    settings.AFTERCARE_UNREACHABLE_AFTER_ATTEMPTS = 5
    tried, untried = plan.followups.order_by("sequence")[:2]
    for _ in range(2):
        attempt_record(followup=tried, method="call", reached=False, actor=case_manager)
    settings.AFTERCARE_UNREACHABLE_AFTER_ATTEMPTS = 2
    later = timezone.localdate() + dt.timedelta(days=400)
    assert unreachable_close_overdue(today=later) == 1
    tried.refresh_from_db()
    untried.refresh_from_db()
    assert tried.status == FollowUpStatus.UNABLE_TO_REACH
    assert untried.is_open


def test_an_administrative_close_needs_a_reason(plan, case_manager):
    followup = plan.followups.order_by("sequence").first()
    with pytest.raises(ValidationError, match="why"):
        followup_close(followup=followup, status=FollowUpStatus.ADMINISTRATIVE, actor=case_manager)
    followup_close(followup=followup, status=FollowUpStatus.DECLINED, actor=case_manager)
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DECLINED


def test_closing_the_plan_closes_open_follow_ups_as_administrative(plan, case_manager):
    first = plan.followups.order_by("sequence").first()
    complete(first, case_manager, timezone.localdate())
    plan_close(plan=plan, reason=PlanCloseReason.TRANSFERRED, actor=case_manager)
    statuses = list(plan.followups.order_by("sequence").values_list("status", flat=True))
    assert statuses == ["in_window"] + ["administrative"] * 4


def test_unable_to_reach_before_the_window_opens_says_when_it_opens(
    start_plan, client_record, case_manager
):
    plan = start_plan(client_record, discharged=timezone.localdate())
    followup = plan.followups.get(label__startswith="90-day")
    opens, closes = followup.window_opens, followup.window_closes
    assert opens > timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        followup_close(followup=followup, status=FollowUpStatus.UNABLE_TO_REACH, actor=case_manager)
    message = " ".join(refused.value.messages)
    assert f"The window opens on {opens:%B} {opens.day}, {opens.year}" in message
    assert f"closes on {closes:%B} {closes.day}, {closes.year}" in message
    assert "is open until" not in message
