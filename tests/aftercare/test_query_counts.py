"""The aftercare pages of one record, and the client's own, keep the same number of queries
however many check-ins, alerts, tries and needs there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftercare.models import CheckIn, CheckInAlert, ContactAttempt, FollowUpNeed

pytestmark = pytest.mark.django_db


def _grow(plan, n, case_manager):
    """``n`` more check-ins (each with an alert), tries and needs on the plan's client: volume
    in bulk, the behaviour is tested elsewhere."""
    client = plan.client
    followup = plan.followups.order_by("sequence")[1]
    checkins = CheckIn.objects.bulk_create(
        CheckIn(client=client, mood=3, craving=9, any_use=False, sleep="some") for _ in range(n)
    )
    CheckInAlert.objects.bulk_create(
        CheckInAlert(client=client, checkin=c, reasons=["craving"], recipient=case_manager)
        for c in checkins
    )
    ContactAttempt.objects.bulk_create(
        ContactAttempt(followup=followup, method="call", reached=True, by=case_manager)
        for _ in range(n)
    )
    FollowUpNeed.objects.bulk_create(
        FollowUpNeed(followup=followup, client=client, description=f"Need {i}") for i in range(n)
    )
    return followup


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        ("aftercare:followups", "case_manager"),
        ("aftercare:followup", "case_manager"),
        ("aftercare:checkins", "case_manager"),
        ("home:client_overview", "case_manager"),
        ("aftercare:my_checkins", "client_user"),
        ("aftercare:my_followups", "client_user"),
        ("home:my_recovery", "client_user"),
    ],
)
def test_record_and_client_pages_do_not_grow_with_the_record(
    client, plan, case_manager, request, url_name, persona, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(persona))
    followup = _grow(plan, 3, case_manager)
    args = {
        "aftercare:followups": [plan.client_id],
        "aftercare:followup": [plan.client_id, followup.pk],
        "aftercare:checkins": [plan.client_id],
        "home:client_overview": [plan.client_id],
    }.get(url_name, [])
    url = reverse(url_name, args=args)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(plan, 150, case_manager)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
