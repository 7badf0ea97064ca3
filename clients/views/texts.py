"""The case manager's inbox of texts from clients (replies to reminders that need a person).
Opening a text is a read of the client's record, audited."""

from __future__ import annotations

from django.shortcuts import render

from clients.selectors.texts import text_for, text_inbox_for
from clients.services.record import client_record_viewed
from recovery_portal.accounts.decorators import clinical_record_required, clinical_staff_required
from recovery_portal.notifications.inbound import inbound_text_read


@clinical_staff_required
def text_inbox(request):
    """Texts from the clients in the viewer's scope, newest first."""
    return render(request, "clients/texts/inbox.html", {"texts": text_inbox_for(request.user)})


@clinical_record_required
def text_message(request, pk):
    text = text_for(request.user, pk)
    inbound_text_read(text=text, actor=request.user, request=request)
    client_record_viewed(
        actor=request.user, client=text.client, part="text message", request=request
    )
    return render(request, "clients/texts/message.html", {"text": text, "client": text.client})
