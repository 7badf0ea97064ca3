"""Days in recovery and milestones: 30, 60, 90 days, 6 months, 1 year, then yearly; the
client may hide the count or restart it; messages only for those who opted in."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from aftercare.models import Milestone
from aftercare.selectors.checkin import recovery_count
from aftercare.services.checkin import settings_update
from aftercare.services.milestone import count_restart, milestones_reached, milestones_record
from recovery_portal.notifications.models import Reminder, ReminderKind

pytestmark = pytest.mark.django_db
D = dt.date


def test_milestones_fall_at_30_60_90_days_6_months_1_year_and_yearly():
    reached = milestones_reached(D(2024, 2, 29), D(2026, 3, 1))
    assert [(k, d) for k, _, d in reached] == [
        ("30d", D(2024, 3, 30)),
        ("60d", D(2024, 4, 29)),
        ("90d", D(2024, 5, 29)),
        ("6m", D(2024, 8, 29)),
        ("1y", D(2025, 2, 28)),
        ("2y", D(2026, 2, 28)),
    ]


def test_the_daily_task_records_each_milestone_once_and_messages_only_those_who_opted_in(
    start_plan, client_record, client_user, other_client_record
):
    start_plan(client_record)
    today = timezone.localdate()
    settings_update(
        client=client_record,
        actor=client_user,
        milestone_messages=True,
        count_from=today - dt.timedelta(days=30),
    )
    assert milestones_record() == 1
    assert milestones_record() == 0
    milestone = Milestone.objects.get()
    assert (milestone.label, milestone.reached_on) == ("30 days", today)
    assert Reminder.objects.filter(recipient=client_user, kind=ReminderKind.MILESTONE).count() == 1


def test_a_hidden_count_gets_no_message(start_plan, client_record, client_user):
    start_plan(client_record)
    settings_update(
        client=client_record,
        actor=client_user,
        milestone_messages=True,
        count_hidden=True,
        count_from=timezone.localdate() - dt.timedelta(days=60),
    )
    milestones_record()
    assert Milestone.objects.count() == 2
    assert not Reminder.objects.filter(kind=ReminderKind.MILESTONE).exists()


def test_restarting_the_count_starts_the_milestones_again(start_plan, client_record, client_user):
    start_plan(client_record)
    today = timezone.localdate()
    settings_update(
        client=client_record, actor=client_user, count_from=today - dt.timedelta(days=100)
    )
    milestones_record()
    count_restart(client=client_record, actor=client_user, start=today - dt.timedelta(days=30))
    milestones_record()
    assert sorted(Milestone.objects.values_list("count_from", "key")) == sorted(
        [(today - dt.timedelta(days=100), k) for k in ("30d", "60d", "90d")]
        + [(today - dt.timedelta(days=30), "30d")]
    )
    client_record.refresh_from_db()
    count = recovery_count(client_record)
    assert count["days"] == 30 and count["next"]["label"] == "60 days"


def test_the_case_manager_sees_the_count_and_milestones_unless_the_client_hid_it(
    client, start_plan, client_record, client_user, case_manager
):
    start_plan(client_record)
    settings_update(
        client=client_record,
        actor=client_user,
        count_from=timezone.localdate() - dt.timedelta(days=64),
    )
    milestones_record()
    client.force_login(case_manager)
    page = client.get(reverse("aftercare:followups", args=[client_record.pk])).content.decode()
    assert "64 days" in page and "60 days" in page
    settings_update(client=client_record, actor=client_user, count_hidden=True)
    page = client.get(reverse("aftercare:followups", args=[client_record.pk])).content.decode()
    assert "64 days" not in page and "keep their count private" in page
