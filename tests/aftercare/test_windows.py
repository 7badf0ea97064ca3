"""Follow-up windows: month arithmetic right at month ends and in leap years."""

import datetime as dt

import pytest

from aftercare.models import FollowUpStep
from aftercare.services.plan import default_template, plan_start
from aftercare.windows import after, window_for

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),  # no 31 February: the last day of the month
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # a leap day a year on
        (D(2024, 2, 29), 48, D(2028, 2, 29)),  # and four years on
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2025, 3, 31), 5, D(2025, 8, 31)),
        (D(2025, 10, 31), 8, D(2026, 6, 30)),
        (D(2025, 12, 15), 2, D(2026, 2, 15)),  # across a year end
    ],
)
def test_months_after_a_date_land_on_the_same_day_or_the_last_day_of_a_shorter_month(
    start, months, expected
):
    assert after(start, months=months) == expected


def test_days_count_exactly_across_a_leap_day():
    assert after(D(2024, 2, 1), days=30) == D(2024, 3, 2)
    assert after(D(2025, 2, 1), days=30) == D(2025, 3, 3)
    assert after(D(2023, 3, 1), days=365) == D(2024, 2, 29)


def test_the_six_month_follow_up_counts_from_month_five_to_month_eight_at_a_month_end(db):
    step = default_template().steps.get(label="6-month follow-up")
    window = window_for(D(2025, 8, 31), step)
    assert window.opens == D(2026, 1, 31)
    assert window.closes == D(2026, 4, 30)
    assert window.due == D(2026, 2, 28)  # the 6-month anniversary, not day 180
    assert window.contains(D(2026, 4, 30)) and not window.contains(D(2026, 5, 1))


def test_a_plan_discharged_on_a_leap_day_gets_windows_on_real_dates(
    db, client_record, case_manager
):
    plan = plan_start(
        client=client_record,
        discharge_date=D(2024, 2, 29),
        responsible=case_manager,
        actor=case_manager,
    )
    rows = {f.label: f for f in plan.followups.all()}
    assert [f.due_date for f in sorted(rows.values(), key=lambda f: f.sequence)] == [
        D(2024, 3, 7),
        D(2024, 3, 30),
        D(2024, 5, 29),
        D(2024, 8, 29),
        D(2025, 2, 28),
    ]
    six = rows["6-month follow-up"]
    assert (six.window_opens, six.window_closes) == (D(2024, 7, 29), D(2024, 10, 29))
    twelve = rows["12-month follow-up"]
    assert (twelve.window_opens, twelve.window_closes) == (D(2025, 1, 29), D(2025, 4, 29))


def test_the_default_schedule_is_7_30_and_90_days_then_6_and_12_calendar_months(db):
    steps = list(default_template().steps.all())
    assert [(s.due_months, s.due_days) for s in steps] == [
        (0, 7),
        (0, 30),
        (0, 90),
        (6, 0),
        (12, 0),
    ]


def test_a_template_step_whose_window_does_not_hold_its_due_date_is_refused(db):
    from django.core.exceptions import ValidationError

    step = FollowUpStep(template=default_template(), label="odd", due_days=30, closes_days=10)
    with pytest.raises(ValidationError, match="window"):
        step.clean()
