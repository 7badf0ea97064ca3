"""Every staff page of the access matrix keeps its query count whatever the caseload: each page
a case manager or a supervisor may open is fetched with 5 and then with 200 more clients on the
case manager's caseload (each with appointments, a referral, a plan and notes, an open safety
alert and a draft intake), and must not make one query more (issue 22, item 5).

The rows and their URL arguments are the access matrix's (``tests/access.py``), in the same
module-wide world of personas and records (``tests/access_world.py``); the volume is
bulk-created: size, not behaviour.
"""

from __future__ import annotations

import copy
import random
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.demo.scale import build_plans_and_notes
from casework.models import Appointment, Referral
from clients.models import CaseAssignment, Client, ClientStatus, Intake, SafetyAlert
from clients.services.contact import last_contact_refresh
from tests import access_world
from tests.access import OK, gather_rows
from tests.access_world import PersonaRequest
from tests.casework.helpers import resource_make

# The access matrix's module-wide world (personas and records), as a fixture of this module.
matrix_world = access_world.matrix_world

MATRIX = gather_rows()
PERSONAS = ("case_manager", "supervisor")


def _populate(n: int, case_manager, resource) -> None:
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
    Referral.objects.bulk_create(
        Referral(
            client=c,
            resource=resource,
            reason="Volume",
            made_by=case_manager,
            last_update_at=now - timedelta(days=14),
        )
        for c in people
    )
    build_plans_and_notes(people, [case_manager] * n, random.Random(n))
    SafetyAlert.objects.bulk_create(
        SafetyAlert(client=c, kind="self_harm", message="PHQ-9 item 9") for c in people
    )
    Intake.objects.bulk_create(Intake(client=c, started_by=case_manager) for c in people)
    last_contact_refresh(client_ids=[c.pk for c in people])


def _counts(persona: str, request, world) -> dict[str, tuple[int, int]]:
    """Each page the persona may open: (queries, status), every GET in a savepoint."""
    counts = {}
    for name, row in sorted(MATRIX.items()):
        if row.expected[persona] != OK:
            continue
        cache.clear()
        with transaction.atomic():
            kwargs = row.kwargs(PersonaRequest(request, world))
            url = reverse(name, kwargs=kwargs) + row.query
            browser = HttpClient()
            browser.force_login(copy.deepcopy(world[persona]))
            with CaptureQueriesContext(connection) as queries:
                response = browser.get(url)
            transaction.set_rollback(True)
        counts[name] = (len(queries), response.status_code)
    return counts


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_staff_page_makes_more_queries_for_a_larger_caseload(persona, request, db, matrix_world):
    manager = matrix_world["case_manager"]
    with transaction.atomic():
        resource = resource_make(manager)
        _populate(5, manager, resource)
        small = _counts(persona, request, matrix_world)
        _populate(195, manager, resource)
        large = _counts(persona, request, matrix_world)
        transaction.set_rollback(True)
    assert len(small) > 20, "the matrix names fewer staff pages than expected"
    failures = [
        f"{name}: {small[name][0]} queries with 5 clients, {large[name][0]} with 200"
        for name in small
        if large[name][0] > small[name][0]
    ]
    failures += [
        f"{name}: status {small[name][1]} with 5 clients, {large[name][1]} with 200"
        for name in small
        if small[name][1] != large[name][1]
    ]
    assert failures == [], "\n".join(failures)
