"""Writes to progress notes. A signed note is locked in the database itself (see the model);
these services say so kindly first, and write the audit event in the same transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.models import Goal, NoteAddendum, ProgressNote
from clients.services.contact import last_contact_refresh
from recovery_portal.audit.services import audit_record

NOTE_FIELDS = (
    "contact_type",
    "contact_date",
    "duration_minutes",
    "data",
    "assessment",
    "plan_text",
    "share_with_client",
)


def _goals_of_client(client, goals) -> list[Goal]:
    goals = list(goals or [])
    if any(goal.plan.client_id != client.pk for goal in goals):
        raise ValidationError({"goals": "A note can address only this client's goals."})
    return goals


@transaction.atomic
def note_create(*, client, author, fields: dict, goals=(), request=None) -> ProgressNote:
    note = ProgressNote(
        client=client, author=author, **{k: v for k, v in fields.items() if k in NOTE_FIELDS}
    )
    note.full_clean(exclude=["client", "author", "signed_by", "cosigned_by"])
    note.save()
    note.goals.set(_goals_of_client(client, goals))
    last_contact_refresh(client_ids=[note.client_id])
    audit_record(actor=author, action="note.create", target=note, request=request)
    return note


@transaction.atomic
def note_update(
    *, note: ProgressNote, actor, fields: dict, goals=None, request=None
) -> ProgressNote:
    """Change a draft note (its author only). ``goals=None`` leaves the goals addressed as
    they are."""
    note = ProgressNote.objects.select_for_update().get(pk=note.pk)
    if note.is_signed:
        raise ValidationError("This note is signed and locked. Add an addendum instead.")
    if note.author_id != actor.pk:
        raise ValidationError("Only the note's author can change it before it is signed.")
    for name in NOTE_FIELDS:
        if name in fields:
            setattr(note, name, fields[name])
    note.full_clean(exclude=["client", "author", "signed_by", "cosigned_by"])
    note.save()
    if goals is not None:
        note.goals.set(_goals_of_client(note.client, goals))
    last_contact_refresh(client_ids=[note.client_id])
    audit_record(actor=actor, action="note.change", target=note, request=request)
    return note


@transaction.atomic
def note_sign(*, note: ProgressNote, actor, request=None) -> ProgressNote:
    """The author signs the note; from then on the database refuses any change to it."""
    note = ProgressNote.objects.select_for_update().get(pk=note.pk)
    if note.is_signed:
        raise ValidationError("This note is already signed.")
    if note.author_id != actor.pk:
        raise ValidationError("Only the note's author can sign it.")
    note.signed_at, note.signed_by = timezone.now(), actor
    note.save(update_fields=["signed_at", "signed_by", "updated_at"])
    audit_record(actor=actor, action="note.sign", target=note, request=request)
    return note


@transaction.atomic
def note_cosign(*, note: ProgressNote, actor, request=None) -> ProgressNote:
    """A supervisor co-signs a signed note written by someone else (once)."""
    note = ProgressNote.objects.select_for_update().get(pk=note.pk)
    if not actor.may_see_all_clients:
        raise ValidationError("Only a supervisor can co-sign a note.")
    if not note.is_signed:
        raise ValidationError("The author must sign the note before it is co-signed.")
    if note.author_id == actor.pk:
        raise ValidationError("A co-signature must come from someone other than the author.")
    if note.cosigned_at is not None:
        raise ValidationError("This note is already co-signed.")
    note.cosigned_at, note.cosigned_by = timezone.now(), actor
    note.save(update_fields=["cosigned_at", "cosigned_by", "updated_at"])
    audit_record(actor=actor, action="note.cosign", target=note, request=request)
    return note


@transaction.atomic
def note_addendum_add(*, note: ProgressNote, actor, text: str, request=None) -> NoteAddendum:
    """Add to a signed note; the addendum is signed by its writer as it is saved."""
    note = ProgressNote.objects.get(pk=note.pk)
    if not note.is_signed:
        raise ValidationError("This note is not signed yet: change the note itself.")
    if not text.strip():
        raise ValidationError({"text": "Please write the addendum."})
    addendum = NoteAddendum.objects.create(note=note, text=text.strip(), signed_by=actor)
    audit_record(
        actor=actor,
        action="note.addendum",
        target=note,
        request=request,
        details={"addendum": addendum.pk},
    )
    return addendum
