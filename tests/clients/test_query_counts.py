"""Page query counts do not grow with the number of clients or the size of a record: each page
is measured with 5 and with 200 clients (and screenings, alerts, drafts, texts) under one
bound."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.instruments.catalog import answers_for_score, instrument
from clients.models import (
    CaseAssignment,
    Client,
    ClientStatus,
    ClientStatusChange,
    Intake,
    SafetyAlert,
    Screening,
)
from recovery_portal.notifications.models import InboundOutcome, InboundText


def _populate(n, case_manager, record):
    """``n`` more clients on ``case_manager``'s caseload with an open alert and a draft intake
    each, and ``n`` screenings and status changes on ``record``. Bulk-created: these are
    volume, not behaviour (the services are exercised by the other tests)."""
    people = Client.objects.bulk_create(
        Client(
            legal_first_name=f"Person{i}",
            legal_last_name="Volume",
            phone=f"555-1{i:03d}",
            status=ClientStatus.ACTIVE,
            date_of_birth=dt.date(1980, 1, 1),
        )
        for i in range(n)
    )
    CaseAssignment.objects.bulk_create(
        CaseAssignment(client=c, case_manager=case_manager) for c in people
    )
    SafetyAlert.objects.bulk_create(
        SafetyAlert(client=c, kind="self_harm", message="PHQ-9 item 9") for c in people
    )
    Intake.objects.bulk_create(Intake(client=c, started_by=case_manager) for c in people)
    phq = instrument("phq9")
    now = timezone.now()
    Screening.objects.bulk_create(
        Screening(
            client=record,
            instrument_code="phq9",
            instrument_name=phq.name,
            answers=answers_for_score(phq, i % 27),
            score=i % 27,
            band_label=phq.band_for(i % 27).label,
            band_level=phq.band_for(i % 27).level,
            administered_at=now - dt.timedelta(days=i),
        )
        for i in range(n)
    )
    InboundText.objects.bulk_create(
        InboundText(
            provider_sid=f"SMvolume{i}",
            from_number="+15551234567",
            body="running late",
            outcome=InboundOutcome.INBOX,
            sender_id=record.user_id,
        )
        for i in range(n)
    )
    ClientStatusChange.objects.bulk_create(
        ClientStatusChange(client=record, from_status="active", to_status="active", reason="x")
        for _ in range(n)
    )


# (page, about client_record?, persona, bound). The bounds are the counts measured when
# written: session, user, roles, the permissions the roles give (one query, since role
# permissions decide), the page's own reads and the audit event (two: the chain's head is
# locked, then the event inserted; audit/chain.py).
PAGES = [
    ("clients:list", False, "case_manager", 14),
    ("clients:list", False, "supervisor", 14),
    # Today and the overview gather cards from every app: casework's plans to review (+1) and
    # appointments, requests, referrals and contacts (+5); on the overview casework's plan (+2)
    # and appointments (+3), groups' meetings (+2).
    # Aftercare's cards: Today +1, the overview +2 (its plan and the check-in settings); and on
    # Today the live safety region (+1 more: open help requests and alerts are read apart from
    # the rest, and clients discharged without aftercare). Texts from clients: the unread ones
    # shown, their clients, how many are unread (+3).
    ("home:today", False, "case_manager", 13 + 1 + 5 + 1 + 1 + 3),
    ("home:client_overview", True, "case_manager", 17 + 2 + 3 + 2 + 2),
    ("clients:profile", True, "case_manager", 12),
    ("clients:screenings", True, "case_manager", 13),
    ("clients:intake", True, "case_manager", 14),
    # + the legal holds placed on it, and whether aftercare offers its step (a plan exists)
    ("clients:status", True, "case_manager", 15),
    ("clients:assignments", True, "case_manager", 13),
]


@pytest.mark.parametrize("size", [5, 200])
@pytest.mark.parametrize(("url_name", "about_record", "persona", "bound"), PAGES)
def test_page_queries_do_not_grow_with_data(
    url_name,
    about_record,
    persona,
    bound,
    size,
    request,
    client,
    case_manager,
    client_record,
    django_assert_max_num_queries,
):
    _populate(size, case_manager, client_record)
    client.force_login(request.getfixturevalue(persona))
    kwargs = {"pk": client_record.pk} if about_record else {}
    url = reverse(url_name, kwargs=kwargs)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
