"""A records request gets the whole record: every app's part of it (plans, notes,
appointments, referrals, groups, aftercare, consents and disclosures), in the JSON and the
printable copy, and nothing internal (ids of other rows, token digests)."""

import datetime as dt
import json

from django.urls import reverse
from django.utils import timezone

from aftercare.services.checkin import settings_update
from casework.models import ActionStep, StepOwner
from casework.services.plan import goal_update, plan_acknowledge, plan_review, step_client_update
from recovery_portal.plugins import record_export_parts
from tests.casework.helpers import appointment_make, note_make, plan_make
from tests.clients.consent.helpers import PDF, consent_make, paper_consent_make


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


def _parts(as_supervisor, client_record) -> dict:
    data = json.loads(_export(as_supervisor, client_record, "clients:export_json").content)
    return {part["key"]: part["rows"] for part in data["parts"]}


def _page(as_supervisor, client_record) -> str:
    return _export(as_supervisor, client_record, "clients:export_print").content.decode()


def test_every_version_of_the_plan_is_in_both_copies_whole(
    as_supervisor, case_manager, client_record
):
    plan = plan_make(client_record, case_manager, goals=1, share=True)
    plan_acknowledge(plan=plan, user=client_record.user)
    goal = plan.goals.get()
    goal_update(goal=goal, actor=case_manager, fields={"statement": "Ninety meetings"})
    plan_review(plan=plan, actor=case_manager, revise=True, progress={}, summary="Reworded")

    versions = _parts(as_supervisor, client_record)["plan_versions"]
    assert [v["version"] for v in versions] == [1, 2]
    first, second = versions
    assert (first["reason"], first["shared_by"]) == (
        "First shared with the client",
        str(case_manager),
    )
    assert first["acknowledged_at"] and second["acknowledged_at"] is None
    assert second["summary"] == "Reworded"
    shared = first["goals"][0]
    assert (shared["statement"], shared["domain"]) == (
        "Goal number 0 in my own words",
        "Substance use",
    )
    assert [s["what"] for s in shared["steps"]] == ["Do 0", "Call 0"]
    assert shared["barriers"] == [{"description": "Barrier 0", "strategies": ["Helps 0"]}]
    assert second["goals"][0]["statement"] == "Ninety meetings"
    assert all("id" not in g for v in versions for g in v["goals"])

    page = _page(as_supervisor, client_record)
    # The first wording is no longer on the plan: only version 1 carries it.
    assert "Goal number 0 in my own words" in page
    assert "version 1" in page and "version 2" in page
    assert "Barrier 0: Helps 0" in page
    assert "{&#x27;" not in page  # rows shown in words, not as Python's dicts


def test_a_step_comment_the_client_replaced_is_still_in_the_copy(
    as_supervisor, case_manager, client_record
):
    plan = plan_make(client_record, case_manager, share=True)
    step = ActionStep.objects.get(goal__plan=plan, owner=StepOwner.CLIENT)
    step_client_update(step=step, user=client_record.user, done=False, comment="Hard week")
    step.refresh_from_db()
    step_client_update(step=step, user=client_record.user, done=True, comment="Done it")

    parts = _parts(as_supervisor, client_record)
    assert [s["Comment"] for s in parts["steps"]] == ["Done it", ""]
    comments = [
        (c["Step"], c["Comment"], c["Still the step's comment"]) for c in parts["step_comments"]
    ]
    assert comments == [("Do 0", "Hard week", False), ("Do 0", "Done it", True)]
    assert "Hard week" in _page(as_supervisor, client_record)


def test_each_note_names_the_goals_it_addresses(as_supervisor, case_manager, client_record):
    goal = plan_make(client_record, case_manager, share=True).goals.get()
    note_make(client_record, case_manager, signed=True, goals=[goal])
    note_make(client_record, case_manager, signed=True)

    notes = _parts(as_supervisor, client_record)["notes"]
    assert [n["Goals it addresses"] for n in notes] == ["Goal number 0 in my own words", ""]


def test_the_restarted_count_of_days_is_in_the_copy(as_supervisor, client_record):
    restarted = timezone.localdate() - dt.timedelta(days=40)
    settings_update(
        client=client_record,
        actor=client_record.user,
        count_from=restarted,
        count_hidden=True,
        checkin_frequency="daily",
    )

    (row,) = _parts(as_supervisor, client_record)["aftercare_settings"]
    assert row["Days in recovery counted from"] == restarted.isoformat()
    assert row["Count of days hidden"] is True
    assert row["Check-ins asked"] == "Every day"
    assert restarted.isoformat() in _page(as_supervisor, client_record)


def test_a_paper_consent_lists_its_scan_as_an_attachment(
    as_supervisor, case_manager, client_record
):
    consent_make(client_record, case_manager)
    paper = paper_consent_make(client_record, case_manager)

    typed, scanned = _parts(as_supervisor, client_record)["consents"]
    assert typed["Scan of the signed form"] is None
    name = paper.scan.name.rsplit("/", 1)[-1]
    assert scanned["Scan of the signed form"] == name and name.endswith(".pdf")
    assert scanned["Scan size (bytes)"] == len(PDF)
    assert scanned["Scan filed on"] == paper.created_at.date().isoformat()
    path = reverse("clients:my_consent_scan", kwargs={"pk": paper.pk})
    assert path in scanned["Scan: how to get it"]
    page = _page(as_supervisor, client_record)
    assert name in page and "not carried in this copy" in page
