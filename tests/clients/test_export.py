"""Records-request exports: supervisors only, the Part 2 notice on each, every export audited."""

import csv
import io
import json

from django.urls import reverse

from clients.instruments.catalog import answers_for_score, instrument
from clients.part2 import REDISCLOSURE_NOTICE
from clients.services.screening import screening_record
from recovery_portal.audit.models import AuditEvent


def test_the_json_export_carries_the_notice_and_the_whole_record(
    as_supervisor, supervisor, case_manager, client_record
):
    screening_record(
        client=client_record,
        instrument=instrument("phq9"),
        answers=answers_for_score(instrument("phq9"), 7),
        actor=case_manager,
    )
    response = as_supervisor.post(
        reverse("clients:export_json", kwargs={"pk": client_record.pk}),
        {"basis": "right_of_access"},
    )
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["part2_notice"] == REDISCLOSURE_NOTICE
    assert "42 CFR part 2" in data["part2_notice"]
    assert data["client"]["legal_last_name"] == "Client"
    assert data["screenings"][0]["score"] == 7
    assert data["status_history"] and data["case_assignments"]
    event = AuditEvent.objects.get(action="client.export", client_id=client_record.pk)
    assert (event.actor, event.details["format"]) == (supervisor, "json")


def test_the_printable_export_carries_the_notice_and_is_audited(as_supervisor, client_record):
    response = as_supervisor.post(
        reverse("clients:export_print", kwargs={"pk": client_record.pk}),
        {"basis": "right_of_access"},
    )
    page = response.content.decode()
    assert "prohibit you from using or disclosing this record" in page
    assert "Client record: Jamie Client" in page
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(
        action="client.export", client_id=client_record.pk, details__format="html"
    ).exists()


def test_a_case_manager_cannot_export_and_nothing_is_logged_as_exported(
    as_case_manager, client_record
):
    for name in ("clients:export_json", "clients:export_print"):
        response = as_case_manager.get(reverse(name, kwargs={"pk": client_record.pk}))
        assert response.status_code == 403
        response = as_case_manager.post(
            reverse(name, kwargs={"pk": client_record.pk}), {"basis": "right_of_access"}
        )
        assert response.status_code == 403
    assert as_case_manager.get(reverse("clients:list_csv")).status_code == 403
    assert not AuditEvent.objects.filter(
        action__in=["client.export", "client.list_export"]
    ).exists()


def test_the_client_list_csv_is_for_supervisors_and_audited(
    as_supervisor, client_record, other_client_record
):
    response = as_supervisor.get(reverse("clients:list_csv"), {"status": "active"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["id", "legal first name", "legal last name"]
    assert sorted(r[2] for r in rows[1:]) == ["Client", "Other"]
    event = AuditEvent.objects.get(action="client.list_export")
    assert event.details == {
        "format": "csv",
        "rows": 2,
        "filters": ["status"],
        "client_ids": [int(r[0]) for r in rows[1:]],
    }
