"""Reads of a client's support network."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from clients.models import Client, SupportContact
from clients.selectors.consent import active_consents_of, recipient_keys


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


def contacts_for_emergency(client) -> list[SupportContact]:
    """The client's support network as an emergency summary shows it (two queries): each
    contact with ``covering_consents``, the consents in effect naming them or a class they
    belong to ("people in my support network"), and ``contactable``: the client said they may
    be contacted AND a signed consent covers it. Without both, nobody calls them."""
    contacts = list(support_contacts_of(client))
    consents = list(active_consents_of(client))
    for contact in contacts:
        keys = set(recipient_keys(contact))
        contact.covering_consents = [c for c in consents if c.recipient_key in keys]
        contact.contactable = contact.may_contact and bool(contact.covering_consents)
    return contacts
