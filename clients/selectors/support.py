"""Reads of a client's support network."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ..models import Client, SupportContact
from .consent import active_consents_of


def support_contacts_of(client: Client) -> QuerySet[SupportContact]:
    return client.support_contacts.filter(removed_at__isnull=True).order_by("name", "id")


def support_contact_of(client: Client, pk) -> SupportContact:
    try:
        return support_contacts_of(client).get(pk=pk)
    except (SupportContact.DoesNotExist, ValueError, TypeError):
        raise Http404("No such contact.")


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
