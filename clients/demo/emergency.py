"""Demo: casemanager2 opened a record on casemanager's caseload in an emergency, so the
supervisors' Today card and the record's header show what it looks like. Seeded once
(idempotent). Not client@'s record: the demo caseloads stay as ``record.py`` makes them."""

from __future__ import annotations

from clients.models import CaseAssignment, EmergencyAccess
from clients.services.emergency import emergency_access_open

REASON = (
    "They called the front desk late in the evening asking for help; their case manager was "
    "off shift, so I opened the record to find the safety plan."
)


def seed_emergency_access(people) -> None:
    manager = people["casemanager2@example.org"]
    if EmergencyAccess.objects.filter(user=manager).exists():
        return
    assignment = (
        CaseAssignment.objects.filter(
            case_manager=people["casemanager@example.org"], ended_at__isnull=True
        )
        .exclude(client__user=people["client@example.org"])
        .select_related("client")
        .order_by("client_id")
        .first()
    )
    if assignment is not None:
        emergency_access_open(user=manager, client=assignment.client, reason=REASON)
