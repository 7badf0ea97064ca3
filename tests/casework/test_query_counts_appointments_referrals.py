"""Query counts of Today, the caseload and the directory do not grow with the caseload: each
is measured with 5 and with 500 clients (each with appointments, referrals waiting for news,
no recent contact) under one bound."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import Appointment, Referral, Resource
from clients.models import CaseAssignment, Client, ClientStatus

from .helpers import resource_make


def _populate(n, case_manager, *, resources: int):
    """``n`` more clients on ``case_manager``'s caseload, each with a completed appointment
    long ago, one today and one next week, and a referral with no news for two weeks; and
    ``resources`` directory entries. Bulk-created: volume, not behaviour (the services are
    exercised by the other tests)."""
    now = timezone.now()
    people = Client.objects.bulk_create(
        Client(
            legal_first_name=f"Person{i}",
            legal_last_name="Volume",
            status=ClientStatus.ACTIVE,
            created_at=now - timedelta(days=90),
        )
        for i in range(n)
    )
    CaseAssignment.objects.bulk_create(
        CaseAssignment(client=c, case_manager=case_manager) for c in people
    )
    Appointment.objects.bulk_create(
        Appointment(client=c, staff=case_manager, starts_at=when, place="Office", status=status)
        for c in people
        for when, status in (
            (now - timedelta(days=45), "completed"),
            (now + timedelta(minutes=5), "scheduled"),
            (now + timedelta(days=7), "scheduled"),
        )
    )
    template = resource_make(case_manager)
    Resource.objects.bulk_create(
        Resource(organization=template.organization, name=f"Service {i}") for i in range(resources)
    )
    Referral.objects.bulk_create(
        Referral(
            client=c,
            resource=template,
            reason="Volume",
            made_by=case_manager,
            last_update_at=now - timedelta(days=14),
        )
        for c in people
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "url_name", "query"),
    [
        ("case_manager", "home:today", ""),
        ("supervisor", "home:today", ""),
        ("case_manager", "casework:caseload", ""),
        ("case_manager", "casework:caseload", "?sort=-last"),
        ("supervisor", "casework:caseload", "?sort=manager"),
        ("case_manager", "casework:week", ""),
        ("case_manager", "casework:open_referrals", "?waiting=1"),
        ("supervisor", "casework:open_referrals", ""),
        ("case_manager", "casework:resources", ""),
        ("case_manager", "casework:resources", "?q=service&category=housing"),
    ],
)
def test_the_page_runs_as_many_queries_for_500_clients_as_for_5(
    persona, url_name, query, request, client, case_manager, client_record
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse(url_name) + query
    _populate(5, case_manager, resources=5)
    small = _count(client, url)
    _populate(495, case_manager, resources=495)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries with 5 clients, {large} with 500"


def test_the_today_card_lists_the_items_and_counts_the_rest(client, case_manager, client_record):
    _populate(30, case_manager, resources=0)
    client.force_login(case_manager)
    page = client.get(reverse("home:today")).content.decode()
    assert "30 with no update for 7 days or more" in page
    assert "30 clients." in page
    assert page.count("Person") >= 8
