"""Staff view of a client's support network."""

from __future__ import annotations

from django.shortcuts import render

from clients.models.support import FAMILY_SUPPORT_LINKS
from clients.selectors import client_for
from clients.selectors_consent import active_consents_of, support_contacts_of
from clients.services import client_record_viewed
from recovery_portal.accounts.decorators import clinical_record_required


def contacts_with_consents(client):
    """Each contact with the consents in effect that name them (two queries in all)."""
    contacts = list(support_contacts_of(client))
    by_contact: dict[int, list] = {}
    for consent in active_consents_of(client):
        if consent.recipient_contact_id:
            by_contact.setdefault(consent.recipient_contact_id, []).append(consent)
    for contact in contacts:
        contact.active_consents = by_contact.get(contact.pk, [])
    return contacts


@clinical_record_required
def support_network(request, client_pk):
    client = client_for(request.user, client_pk)
    client_record_viewed(actor=request.user, client=client, part="support network", request=request)
    return render(
        request,
        "clients/support/network.html",
        {
            "client": client,
            "contacts": contacts_with_consents(client),
            "family_links": FAMILY_SUPPORT_LINKS,
        },
    )
