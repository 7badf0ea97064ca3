"""Follow-up compliance: completed late is not in window, a closure leaves the denominator only
for an excludable reason recorded before the window closed; the dashboard, its CSV and its
query count."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from aftercare.models import FollowUp, FollowUpStatus
from aftercare.selectors.reports import compliance
from aftercare.services.followup import attempt_record, followup_close
from clients.selectors.record import record_views_of
from recovery_portal.csvsafe import neutralise as safe_cell

from .conftest import complete

pytestmark = pytest.mark.django_db


def _past_window(followup: FollowUp, days: int = 40) -> FollowUp:
    """Put a follow-up's window in the past (as if the plan had started long ago)."""
    today = timezone.localdate()
    FollowUp.objects.filter(pk=followup.pk).update(
        window_opens=today - dt.timedelta(days=days + 10),
        due_date=today - dt.timedelta(days=days),
        window_closes=today - dt.timedelta(days=days - 10),
    )
    followup.refresh_from_db()
    return followup


@pytest.fixture
def five_outcomes(plan, case_manager):
    """One follow-up ending each way, all due in the same month: in window, late, unable to
    reach, declined, administrative; plus one still open after its window (missed)."""
    items = [_past_window(f) for f in plan.followups.order_by("sequence")]
    in_window, late, unreached, declined, administrative = items
    complete(in_window, case_manager, in_window.due_date)
    complete(late, case_manager, late.window_closes + dt.timedelta(days=2))
    followup_close(followup=unreached, status=FollowUpStatus.UNABLE_TO_REACH, actor=case_manager)
    followup_close(followup=declined, status=FollowUpStatus.DECLINED, actor=case_manager)
    followup_close(
        followup=administrative,
        status=FollowUpStatus.ADMINISTRATIVE,
        reason="deceased",
        actor=case_manager,
    )
    return items


def test_rates_count_only_in_window_completions_and_a_death_recorded_late_stays_counted(
    five_outcomes, supervisor
):
    data = compliance(supervisor)
    overall = data["overall"]
    # The death was recorded after the window closed: still due. 5 due, 1 in window: 20 %.
    assert (overall["due"], overall["in_window"], overall["late"]) == (5, 1, 1)
    assert overall["missed"] == 3
    assert overall["rate"] == 20.0 and not overall["meets_target"]
    month = next(m for m in data["months"] if m["due"])
    assert month["rate"] == 20.0
    assert data["exclusions"] == {
        "left_out": [],
        "counted": [{"reason": "The client died", "count": 1}],
    }


def test_an_open_follow_up_counts_as_missed_only_once_its_window_has_passed(plan, supervisor):
    assert compliance(supervisor)["overall"]["due"] == 0
    _past_window(plan.followups.order_by("sequence").first())
    overall = compliance(supervisor)["overall"]
    assert (overall["due"], overall["in_window"], overall["rate"]) == (1, 0, 0.0)


def test_rates_are_given_by_case_manager(
    start_plan, client_record, other_client_record, case_manager, other_case_manager, supervisor
):
    mine = _past_window(start_plan(client_record).followups.order_by("sequence").first())
    theirs = _past_window(
        start_plan(other_client_record, responsible=other_case_manager)
        .followups.order_by("sequence")
        .first()
    )
    complete(mine, case_manager, mine.due_date)
    attempt_record(followup=theirs, method="call", reached=False, actor=other_case_manager)
    rows = {r["manager_email"]: r for r in compliance(supervisor)["managers"]}
    assert rows[case_manager.email]["rate"] == 100.0
    assert rows[other_case_manager.email]["rate"] == 0.0


def test_a_case_manager_counts_only_their_own_caseload(
    five_outcomes, other_case_manager, case_manager
):
    assert compliance(other_case_manager)["overall"]["due"] == 0
    assert compliance(case_manager)["overall"]["due"] == 5


def test_the_dashboard_shows_the_chart_data_and_the_same_numbers_in_a_table(
    client, five_outcomes, supervisor
):
    client.force_login(supervisor)
    page = client.get(reverse("aftercare:compliance")).content.decode()
    assert 'id="aftercare-chart-data"' in page and "vendor/chartjs/chart.umd.js" in page
    assert "aftercare/charts.js" in page
    assert "20.0 %" in page
    assert "<script>" not in page.replace('<script id="aftercare-chart-data"', "")


def test_the_csv_has_the_same_numbers_and_neutralises_formula_cells(
    client, five_outcomes, supervisor, case_manager
):
    case_manager.full_name = "=HYPERLINK(evil)"
    case_manager.save(update_fields=["full_name"])
    client.force_login(supervisor)
    response = client.get(reverse("aftercare:compliance_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    overall = next(r for r in rows if r[0] == "overall")
    assert overall[:2] == ["overall", "all"] and overall[2:] == ["5", "1", "1", "3", "20.0"]
    manager = next(r for r in rows if r[0] == "case manager")
    assert manager[1] == "'=HYPERLINK(evil)"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(value):
    assert safe_cell(value) == "'" + value
    assert safe_cell("plain") == "plain" and safe_cell(-3) == -3


def _many_clients(n: int, case_manager, supervisor) -> None:
    """``n`` clients with plans and follow-ups, made in bulk (a scale test, not a story)."""
    from aftercare.models import AftercarePlan
    from aftercare.services.plan import default_template
    from aftercare.windows import window_for
    from clients.models import CaseAssignment, Client

    template = default_template()
    steps = list(template.steps.all())
    clients = Client.objects.bulk_create(
        Client(legal_first_name=f"P{i}", legal_last_name="Scale", status="aftercare")
        for i in range(n)
    )
    CaseAssignment.objects.bulk_create(
        CaseAssignment(client=c, case_manager=case_manager, started_by=supervisor) for c in clients
    )
    today = timezone.localdate()
    plans = AftercarePlan.objects.bulk_create(
        AftercarePlan(
            client=c,
            discharge_date=today - dt.timedelta(days=(i * 13) % 400),
            template=template,
            responsible=case_manager,
        )
        for i, c in enumerate(clients)
    )
    followups = []
    for plan in plans:
        for seq, step in enumerate(steps, start=1):
            w = window_for(plan.discharge_date, step)
            status = FollowUpStatus.COMPLETED_IN_WINDOW if w.closes < today and seq % 2 else "open"
            followups.append(
                FollowUp(
                    plan=plan,
                    client_id=plan.client_id,
                    step=step,
                    label=step.label,
                    sequence=seq,
                    due_date=w.due,
                    window_opens=w.opens,
                    window_closes=w.closes,
                    status=status,
                )
            )
    FollowUp.objects.bulk_create(followups)


@pytest.mark.parametrize("url_name", ["aftercare:compliance", "aftercare:outcomes", "home:today"])
def test_dashboard_query_counts_stay_the_same_at_5_and_500_clients(
    client, supervisor, case_manager, url_name, django_assert_max_num_queries
):
    client.force_login(supervisor)
    _many_clients(5, case_manager, supervisor)
    client.get(reverse(url_name))  # warm caches (permissions, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name)).status_code == 200
    _many_clients(495, case_manager, supervisor)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_the_clients_the_dashboard_names_see_it_in_who_has_seen_my_record(
    client, plan, supervisor, client_record
):
    client.force_login(supervisor)
    page = client.get(reverse("aftercare:compliance")).content.decode()
    assert client_record.display_name in page  # due or closing soon: named on the page
    [event] = record_views_of(client_record).filter(action="aftercare.report.compliance")
    assert event.actor == supervisor and event.details["client_ids"] == [client_record.pk]
