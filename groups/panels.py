"""The groups' card on the client's 'My recovery' page (declared in ``apps.py``)."""

from __future__ import annotations

from django.http import Http404

from clients.selectors import own_client_record

from .selectors import next_sessions_of


def my_meetings(user) -> dict | None:
    try:
        client = own_client_record(user)
    except Http404:
        return None
    return {"next": next_sessions_of(client, limit=3)}
