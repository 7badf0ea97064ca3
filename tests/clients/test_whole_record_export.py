"""A records request gets the whole record: every app's part of it (plans, notes,
appointments, referrals, groups, aftercare, consents and disclosures), in the JSON and the
printable copy, and nothing internal (ids of other rows, token digests)."""

import json

from django.urls import reverse

from recovery_portal.plugins import record_export_parts
from tests.casework.helpers import appointment_make, note_make, plan_make


def _export(as_supervisor, client_record, name):
    return as_supervisor.post(
        reverse(name, kwargs={"pk": client_record.pk}), {"basis": "right_of_access"}
    )


def test_every_app_adds_its_parts_of_the_record():
    keys = {part.key for part in record_export_parts()}
    assert {"plans", "notes", "appointments", "referrals"} <= keys  # casework
    assert {"enrollments", "attendance"} <= keys  # groups
    assert {"followups", "checkins", "help_requests"} <= keys  # aftercare
    assert {"consents", "disclosures", "support_contacts"} <= keys  # clients


def test_the_json_copy_holds_plans_notes_and_appointments(
    as_supervisor, case_manager, client_record
):
    plan_make(client_record, case_manager, goals=2, share=True)
    note_make(client_record, case_manager, signed=True, data="Talked about the new job.")
    appointment_make(client_record, case_manager)
    data = json.loads(_export(as_supervisor, client_record, "clients:export_json").content)
    parts = {part["key"]: part["rows"] for part in data["parts"]}
    assert len(parts["goals"]) == 2
    assert parts["notes"][0]["Data"] == "Talked about the new job."
    assert len(parts["appointments"]) == 1
    assert all("id" not in row for rows in parts.values() for row in rows)


def test_the_printable_copy_shows_every_part(as_supervisor, case_manager, client_record):
    note_make(client_record, case_manager, signed=True, data="Talked about the new job.")
    page = _export(as_supervisor, client_record, "clients:export_print").content.decode()
    for part in record_export_parts():
        assert part.title in page
    assert "Talked about the new job." in page
