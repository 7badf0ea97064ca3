"""Migration 0006 on existing rows: outcomes and check-ins keep every value they had; an outcome
whose BARC-10 was left empty (the old form said "leave empty if not asked") reads "not asked"."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from aftercare.models import CheckIn, Outcome
from aftercare.services.checkin import checkin_record
from tests.factories import ClientFactory

from .conftest import complete, days_ago

BEFORE = ("aftercare", "0005_alert_alerted")


def _migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_existing_outcomes_and_check_ins_keep_their_values(
    start_plan, case_manager, supervisor, client_record, client_user
):
    plan = start_plan(
        ClientFactory(case_manager=case_manager, actor=supervisor), discharged=days_ago(40)
    )
    first, second = plan.followups.order_by("sequence")[:2]
    complete(
        first,
        case_manager,
        days_ago(30),
        days_of_use_last_30=2,
        any_use_since_last_contact=True,
        barc10=41,
    )
    complete(second, case_manager, timezone.localdate(), meetings_last_30=0)
    checkin_record(
        client=client_record, actor=client_user, mood=3, craving=0, any_use=False, sleep="well"
    )
    _migrate([BEFORE])  # the rows as they were before: no "not given" columns, no items
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    scored = Outcome.objects.get(followup=first)
    assert (scored.any_use_since_last_contact, scored.days_of_use_last_30) == (True, 2)
    assert (scored.barc10_score, scored.barc10_not_given) == (41, "")
    assert (scored.housing, scored.work_or_school, scored.meetings_last_30) == (
        "own_or_rent",
        "part_time",
        8,
    )
    empty = Outcome.objects.get(followup=second)
    assert (empty.barc10_score, empty.barc10_not_given) == (None, "not_asked")
    assert (empty.any_use_since_last_contact, empty.days_of_use_last_30) == (False, 0)
    assert empty.meetings_last_30 == 0 and empty.meetings_last_30_not_given == ""
    checkin = CheckIn.objects.get()
    assert (checkin.craving, checkin.any_use, checkin.craving_not_given) == (0, False, "")
