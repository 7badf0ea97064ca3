"""Progress notes: DAP, signed and then locked in the database itself, addenda, co-signing,
sharing with the client, and every reading audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from casework.models import NoteAddendum, NoteGoal, ProgressNote
from casework.services.note import note_addendum_add, note_cosign, note_sign, note_update
from recovery_portal.audit.models import AuditEvent

from .helpers import note_make, plan_make


def test_a_case_manager_writes_a_dap_note_with_the_goals_it_addresses(
    client, case_manager, client_record
):
    plan = plan_make(client_record, case_manager, goals=2)
    goal = plan.goals.first()
    client.force_login(case_manager)
    response = client.post(
        reverse("casework:note_new", args=[client_record.pk]),
        {
            "contact_type": "video",
            "contact_date": "2026-11-20",
            "duration_minutes": "40",
            "goals": [str(goal.pk)],
            "data": "Said the week went well.",
            "assessment": "Steady.",
            "plan_text": "Call on Friday.",
        },
    )
    assert response.status_code == 302
    note = ProgressNote.objects.get(client=client_record)
    assert (note.contact_type, note.duration_minutes, list(note.goals.all())) == (
        "video",
        40,
        [goal],
    )
    assert not note.is_signed


def test_bad_input_on_a_note_gets_a_message_and_saves_nothing(client, case_manager, client_record):
    client.force_login(case_manager)
    response = client.post(
        reverse("casework:note_new", args=[client_record.pk]),
        {"contact_type": "phone", "contact_date": "2026-11-20", "duration_minutes": "0"},
    )
    assert response.status_code == 200
    assert "between 1 and 1440" in response.content.decode()
    assert not ProgressNote.objects.exists()


def test_signing_locks_the_note_in_the_database(case_manager, client_record):
    plan = plan_make(client_record, case_manager)
    note = note_make(client_record, case_manager, goals=[plan.goals.get()])
    note_update(note=note, actor=case_manager, fields={"data": "Corrected before signing"})
    note = note_sign(note=note, actor=case_manager)
    notes = ProgressNote.objects.filter(pk=note.pk)
    with pytest.raises(DatabaseError, match="signed progress note"), transaction.atomic():
        notes.update(data="Changed afterwards")
    with pytest.raises(DatabaseError, match="signed progress note"), transaction.atomic():
        notes.update(signed_at=None)
    # Raw SQL, past the ORM's own PROTECT check: the trigger is what refuses.
    with (
        pytest.raises(DatabaseError, match="cannot be deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM casework_progressnote WHERE id = %s", [note.pk])
    with pytest.raises(DatabaseError, match="goals of a signed"), transaction.atomic():
        NoteGoal.objects.filter(note=note).delete()
    assert notes.get().data == "Corrected before signing"


def test_the_services_refuse_to_change_a_signed_note(case_manager, client_record):
    note = note_make(client_record, case_manager, signed=True)
    with pytest.raises(ValidationError, match="signed and locked"):
        note_update(note=note, actor=case_manager, fields={"data": "New"})
    with pytest.raises(ValidationError, match="already signed"):
        note_sign(note=note, actor=case_manager)


def test_after_signing_only_signed_addenda_are_added(client, case_manager, client_record):
    note = note_make(client_record, case_manager, signed=True)
    client.force_login(case_manager)
    client.post(
        reverse("casework:note_addendum", args=[client_record.pk, note.pk]),
        {"text": "Spoke to them again later."},
    )
    addendum = NoteAddendum.objects.get(note=note)
    assert (addendum.text, addendum.signed_by) == ("Spoke to them again later.", case_manager)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        NoteAddendum.objects.filter(pk=addendum.pk).update(text="Rewritten")
    page = client.get(reverse("casework:note", args=[client_record.pk, note.pk])).content.decode()
    assert "Spoke to them again later." in page


def test_an_unsigned_note_takes_no_addendum(case_manager, client_record):
    note = note_make(client_record, case_manager)
    with pytest.raises(ValidationError, match="not signed yet"):
        note_addendum_add(note=note, actor=case_manager, text="Too early")


def test_only_the_author_signs_and_only_a_supervisor_co_signs(
    case_manager, supervisor, other_case_manager, client_record
):
    note = note_make(client_record, case_manager)
    with pytest.raises(ValidationError, match="Only the note's author"):
        note_sign(note=note, actor=supervisor)
    note = note_sign(note=note, actor=case_manager)
    with pytest.raises(ValidationError, match="Only a supervisor"):
        note_cosign(note=note, actor=other_case_manager)
    note = note_cosign(note=note, actor=supervisor)
    assert note.cosigned_by == supervisor
    with pytest.raises(ValidationError, match="already co-signed"):
        note_cosign(note=note, actor=supervisor)
    with pytest.raises(DatabaseError, match="co-signature"), transaction.atomic():
        ProgressNote.objects.filter(pk=note.pk).update(cosigned_at=None)


def test_a_supervisor_co_signs_through_the_page(client, case_manager, supervisor, client_record):
    note = note_make(client_record, case_manager, signed=True)
    client.force_login(supervisor)
    page = client.get(reverse("casework:note", args=[client_record.pk, note.pk])).content.decode()
    assert "Co-sign this note" in page
    client.post(reverse("casework:note_cosign", args=[client_record.pk, note.pk]))
    note.refresh_from_db()
    assert note.cosigned_by == supervisor


def test_the_client_sees_only_signed_notes_shared_with_them(
    client, case_manager, client_record, client_user, other_client_record
):
    note_make(client_record, case_manager, signed=True, shared=True, data="Shared and signed")
    note_make(client_record, case_manager, signed=True, data="Signed, private")
    note_make(client_record, case_manager, shared=True, data="Shared draft")
    client.force_login(client_user)
    page = client.get(reverse("casework:my_notes")).content.decode()
    assert "Shared and signed" in page
    assert "Signed, private" not in page and "Shared draft" not in page


def test_reading_notes_is_audited(client, case_manager, client_record):
    note = note_make(client_record, case_manager, signed=True)
    client.force_login(case_manager)
    client.get(reverse("casework:notes", args=[client_record.pk]))
    client.get(reverse("casework:note", args=[client_record.pk, note.pk]))
    parts = list(
        AuditEvent.objects.filter(
            action="client.view", actor=case_manager, client_id=client_record.pk
        )
        .order_by("id")
        .values_list("details__part", flat=True)
    )
    assert parts == ["progress notes", "progress note"]


def test_another_case_manager_cannot_reach_a_note(
    client, other_case_manager, case_manager, client_record
):
    note = note_make(client_record, case_manager, signed=True)
    client.force_login(other_case_manager)
    url = reverse("casework:note_addendum", args=[client_record.pk, note.pk])
    assert client.post(url, {"text": "Sneaky"}).status_code == 404
    assert not NoteAddendum.objects.exists()


def test_a_plan_or_note_never_moves_to_another_client(
    client_record, other_client_record, case_manager
):
    from casework.models import RecoveryPlan

    plan = plan_make(client_record, case_manager, share=True)
    note = note_make(client_record, case_manager)
    for model, pk in ((RecoveryPlan, plan.pk), (ProgressNote, note.pk)):
        with pytest.raises(DatabaseError, match="one client for good"), transaction.atomic():
            model.objects.filter(pk=pk).update(client=other_client_record)
        with connection.cursor() as cursor, pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute(
                f"UPDATE {model._meta.db_table} SET client_id = %s WHERE id = %s",
                [other_client_record.pk, pk],
            )
        assert model.objects.get(pk=pk).client_id == client_record.pk
