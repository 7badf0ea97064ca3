"""The follow-up rate as SAMHSA computes it (docs/follow-up-rate.md), worked by hand.

GPRA 6-month follow-ups counted from the intake interview: due on the 6-month anniversary,
in window from month 5 to month 8. Seven clients had their intake on 10 September 2025, so
their windows run from 10 February to 10 May 2026 and close in May 2026; on 15 June 2026:

    A  interviewed 1 March (in window)                     due, done in window
    B  interviewed 20 May (after the window)               due, not in window
    C  never reached, still open                           due, not done
    D  died; recorded 1 April, before the window closed    left out
    E  died; recorded 25 May, after the window closed      due, not done
    F  chose to stop (withdrew) on 1 April                 due, not done
    G  reached on 20 January (outreach: too early for an
       interview, which is refused), interviewed 15 Feb    due, done in window

Due 6 (A B C E F G), done in window 2 (A G): 2 / 6 = 33.3 %, below the 80 % target. Two more
(H, I: intake 1 December 2025, window 1 May to 1 August 2026) are in progress: H interviewed on
1 June, I open: "1 done so far of 2 open", not in the rate. J (intake 1 March 2026; window
opens 1 August) is early: three unanswered calls leave it open, counted nowhere yet.

A naive count (done ÷ closed, as the dashboard used to) would read 3 done (A B G; H too once
its window is open) of 6 closed: 50 % and more, and with H 4 of 7.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from aftercare.models import FollowUp, FollowUpStatus
from aftercare.selectors.reports import compliance
from aftercare.services.followup import attempt_record, followup_close
from aftercare.services.intake import GPRA_STEP_LABEL
from aftercare.services.plan import plan_close, plan_start
from clients.models import Intake
from clients.services.intake import intake_complete, intake_start
from tests.factories import ClientFactory

from .conftest import complete

pytestmark = pytest.mark.django_db

ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), ZONE), tick=False)


def enrolled(day: dt.date, case_manager, supervisor) -> FollowUp:
    """A client whose intake interview was completed on ``day``; their GPRA follow-up."""
    with at(day):
        record = ClientFactory(case_manager=case_manager, actor=supervisor)
        intake = intake_start(client=record, actor=case_manager)
        Intake.objects.filter(pk=intake.pk).update(
            sections={"strengths": {"goals_in_own_words": "Stay well", "needs": []}}
        )
        intake.refresh_from_db()
        intake_complete(intake=intake, actor=case_manager, activate=False)
    return FollowUp.objects.get(intake=intake, label=GPRA_STEP_LABEL)


def test_intake_anchored_windows_count_calendar_months_at_month_ends_and_in_leap_years(
    case_manager, supervisor
):
    # (intake, due, opens, closes), by hand: a month on from the 31st is the month's last day.
    cases = [
        (dt.date(2024, 1, 31), dt.date(2024, 7, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30)),
        (dt.date(2023, 8, 31), dt.date(2024, 2, 29), dt.date(2024, 1, 31), dt.date(2024, 4, 30)),
        (dt.date(2024, 2, 29), dt.date(2024, 8, 29), dt.date(2024, 7, 29), dt.date(2024, 10, 29)),
        (dt.date(2023, 9, 30), dt.date(2024, 3, 30), dt.date(2024, 2, 29), dt.date(2024, 5, 30)),
        (dt.date(2024, 8, 31), dt.date(2025, 2, 28), dt.date(2025, 1, 31), dt.date(2025, 4, 30)),
    ]
    for intake_day, due, opens, closes in cases:
        followup = enrolled(intake_day, case_manager, supervisor)
        assert (followup.due_date, followup.window_opens, followup.window_closes) == (
            due,
            opens,
            closes,
        ), intake_day
        assert followup.plan_id is None and followup.step.is_reported


def test_the_gpra_follow_up_stays_when_an_aftercare_plan_starts_and_closes(
    case_manager, supervisor
):
    followup = enrolled(dt.date(2026, 1, 5), case_manager, supervisor)
    with at(dt.date(2026, 2, 1)):
        plan = plan_start(
            client=followup.client,
            discharge_date=dt.date(2026, 2, 1),
            responsible=case_manager,
            actor=supervisor,
        )
        plan_close(plan=plan, reason="withdrew", actor=supervisor)
    followup.refresh_from_db()
    assert followup.is_open and followup.plan_id is None
    assert plan.followups.filter(status=FollowUpStatus.ADMINISTRATIVE).count() == 5


def _cohort(case_manager, supervisor) -> dict:
    closing = dt.date(2025, 9, 10)
    people = {name: enrolled(closing, case_manager, supervisor) for name in "ABCDEFG"}
    people |= {name: enrolled(dt.date(2025, 12, 1), case_manager, supervisor) for name in "HI"}
    people["J"] = enrolled(dt.date(2026, 3, 1), case_manager, supervisor)
    with at(dt.date(2026, 1, 20)):
        with pytest.raises(ValidationError, match="opens on February 10, 2026"):
            complete(people["G"], case_manager, dt.date(2026, 1, 20))
        attempt_record(followup=people["G"], method="call", reached=True, actor=case_manager)
    with at(dt.date(2026, 2, 15)):
        complete(people["G"], case_manager, dt.date(2026, 2, 15))
    with at(dt.date(2026, 3, 1)):
        complete(people["A"], case_manager, dt.date(2026, 3, 1))
    with at(dt.date(2026, 4, 1)):
        for name, reason in (("D", "deceased"), ("F", "withdrew")):
            followup_close(
                followup=people[name],
                status=FollowUpStatus.ADMINISTRATIVE,
                reason=reason,
                actor=case_manager,
            )
        for _ in range(settings.AFTERCARE_UNREACHABLE_AFTER_ATTEMPTS + 1):
            attempt_record(followup=people["J"], method="call", reached=False, actor=case_manager)
            attempt_record(followup=people["C"], method="call", reached=False, actor=case_manager)
        with pytest.raises(ValidationError, match="window is open until May 10, 2026"):
            followup_close(
                followup=people["C"], status=FollowUpStatus.UNABLE_TO_REACH, actor=case_manager
            )
    with at(dt.date(2026, 5, 20)):
        complete(people["B"], case_manager, dt.date(2026, 5, 20))
    with at(dt.date(2026, 5, 25)):
        followup_close(
            followup=people["E"],
            status=FollowUpStatus.ADMINISTRATIVE,
            reason="deceased",
            actor=case_manager,
        )
    with at(dt.date(2026, 6, 1)):
        complete(people["H"], case_manager, dt.date(2026, 6, 1))
    for followup in people.values():
        followup.refresh_from_db()
    return people


def test_the_worked_example_gives_the_rate_the_in_progress_figure_and_the_target_line(
    case_manager, supervisor
):
    people = _cohort(case_manager, supervisor)
    # Outreach before the window: tries, never "unable to reach", never "late".
    assert people["J"].is_open and people["C"].is_open
    assert people["B"].status == FollowUpStatus.COMPLETED_LATE
    assert people["G"].status == FollowUpStatus.COMPLETED_IN_WINDOW
    with at(dt.date(2026, 6, 15)):
        data = compliance(supervisor, label=GPRA_STEP_LABEL, today=dt.date(2026, 6, 15))
        every_step = compliance(supervisor, today=dt.date(2026, 6, 15))
    overall = data["overall"]
    assert (overall["due"], overall["in_window"], overall["late"], overall["missed"]) == (
        6,
        2,
        1,
        3,
    )
    assert overall["rate"] == 33.3 and overall["meets_target"] is False
    assert data["target"] == 80
    may = next(m for m in data["months"] if m["month"] == dt.date(2026, 5, 1))
    assert (may["due"], may["in_window"], may["rate"]) == (6, 2, 33.3)
    assert sum(m["due"] for m in data["months"]) == 6
    assert data["in_progress"] == {"open": 2, "done": 1}
    assert data["exclusions"] == {
        "left_out": [{"reason": "The client died", "count": 1}],
        "counted": [
            {"reason": "Client chose to stop", "count": 1},
            {"reason": "The client died", "count": 1},
        ],
    }
    # Every step together: the same people (only GPRA follow-ups exist), and no target line.
    assert every_step["overall"]["rate"] == 33.3 and every_step["target"] is None


def test_an_administrator_may_mark_another_reason_excludable_and_the_rate_follows(
    case_manager, supervisor
):
    from aftercare.models import ExclusionReason

    people = _cohort(case_manager, supervisor)
    ExclusionReason.objects.filter(code="withdrew").update(excludable=True)
    data = compliance(supervisor, label=GPRA_STEP_LABEL, today=dt.date(2026, 6, 15))
    # F leaves the denominator too: 2 of 5.
    assert (data["overall"]["due"], data["overall"]["rate"]) == (5, 40.0)
    assert people["F"].exclusion_reason.code == "withdrew"


def test_unable_to_reach_only_after_the_window_closed(case_manager, supervisor):
    followup = enrolled(dt.date(2025, 9, 10), case_manager, supervisor)
    with at(dt.date(2026, 5, 11)):
        for _ in range(settings.AFTERCARE_UNREACHABLE_AFTER_ATTEMPTS):
            attempt_record(followup=followup, method="call", reached=False, actor=case_manager)
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.UNABLE_TO_REACH


def test_a_discharge_step_has_its_own_rate_without_the_target_line(
    client_record, case_manager, supervisor
):
    with at(dt.date(2026, 1, 1)):
        plan_start(
            client=client_record,
            discharge_date=dt.date(2026, 1, 1),
            responsible=case_manager,
            actor=supervisor,
        )
    data = compliance(supervisor, label="7-day check", today=dt.date(2026, 6, 15))
    assert (data["overall"]["due"], data["overall"]["rate"], data["target"]) == (1, 0.0, None)


def test_closing_a_plan_later_does_not_remove_an_already_missed_follow_up(
    client_record, case_manager, supervisor
):
    with at(dt.date(2026, 1, 1)):
        plan = plan_start(
            client=client_record,
            discharge_date=dt.date(2026, 1, 1),
            responsible=case_manager,
            actor=supervisor,
        )
    # The 7-day check's window closed on 15 January, missed; the client died in June.
    with at(dt.date(2026, 6, 20)):
        plan_close(plan=plan, reason="deceased", actor=supervisor)
    seven = compliance(supervisor, label="7-day check", today=dt.date(2026, 6, 25))
    assert (seven["overall"]["due"], seven["overall"]["rate"]) == (1, 0.0)
    assert seven["exclusions"]["counted"] == [{"reason": "The client died", "count": 1}]
    # The 12-month follow-up (window December 2026 to March 2027) is rightly left out.
    twelve = compliance(supervisor, label="12-month follow-up", today=dt.date(2027, 6, 1))
    assert twelve["overall"]["due"] == 0
    assert twelve["exclusions"]["left_out"] == [{"reason": "The client died", "count": 1}]


def test_before_the_window_opens_the_page_says_when_and_offers_a_reached_try(
    client, case_manager, supervisor
):
    followup = enrolled(dt.date(2026, 1, 5), case_manager, supervisor)
    client.force_login(case_manager)
    page_url = reverse("aftercare:followup", args=[followup.client_id, followup.pk])
    outcome_url = reverse("aftercare:outcome", args=[followup.client_id, followup.pk])
    with at(dt.date(2026, 3, 1)):
        page = client.get(page_url).content.decode()
        assert "The window opens on June 5, 2026" in page
        assert outcome_url not in page
        response = client.get(outcome_url, follow=True)
        assert "The window opens on June 5, 2026" in response.content.decode()
        client.post(
            reverse("aftercare:attempt_add", args=[followup.client_id, followup.pk]),
            {"try-method": "call", "try-reached": "yes", "try-note": ""},
        )
    followup.refresh_from_db()
    assert followup.is_open and followup.attempts.filter(reached=True).count() == 1
    with at(dt.date(2026, 6, 5)):
        client.force_login(case_manager)  # months later: a new session
        assert outcome_url in client.get(page_url).content.decode()
