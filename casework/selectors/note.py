"""Reads of progress notes. Staff reach them through the client's record (scope from
``clients.selectors``); a client reads only the signed notes shared with them."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from casework.models import Goal, NoteAddendum, ProgressNote


def notes_of(client) -> QuerySet[ProgressNote]:
    """The client's notes, newest contact first, with who wrote and signed them, the goals
    addressed and how many addenda (a fixed number of queries per page)."""
    return (
        ProgressNote.objects.filter(client=client)
        .select_related("author", "signed_by", "cosigned_by")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.only("id", "statement")))
        .annotate(addenda_count=Count("addenda"))
        .order_by("-contact_date", "-id")
    )


def note_of(client, pk) -> ProgressNote:
    try:
        note = (
            ProgressNote.objects.filter(client=client)
            .select_related("author", "signed_by", "cosigned_by")
            .prefetch_related(
                "goals",
                Prefetch("addenda", queryset=NoteAddendum.objects.select_related("signed_by")),
            )
            .get(pk=pk)
        )
    except (ProgressNote.DoesNotExist, ValueError, TypeError):
        raise Http404("No such note.")
    note.client = client
    return note


def shared_notes_of(client) -> QuerySet[ProgressNote]:
    """What the client themself may read: signed notes marked "share with client"."""
    return (
        ProgressNote.objects.filter(client=client, share_with_client=True, signed_at__isnull=False)
        .select_related("author")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.only("id", "statement")),
            Prefetch("addenda", queryset=NoteAddendum.objects.select_related("signed_by")),
        )
    )
