"""Writes of the client's support network. Each writes its audit event in the same
transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from clients.models import Client, SupportContact
from clients.models.support import SUPPORT_CONTACT_FIELDS
from clients.services.consent import consent_revoke
from recovery_portal.audit.services import audit_record


@transaction.atomic
def support_contact_create(*, client: Client, actor, request=None, **data) -> SupportContact:
    contact = SupportContact(client=client, created_by=actor)
    for field in SUPPORT_CONTACT_FIELDS:
        if field in data:
            setattr(contact, field, data[field])
    contact.full_clean()
    contact.save()
    audit_record(actor=actor, action="support_contact.create", target=contact, request=request)
    return contact


@transaction.atomic
def support_contact_update(
    *, contact: SupportContact, actor, request=None, **data
) -> SupportContact:
    changed = []
    for field in SUPPORT_CONTACT_FIELDS:
        if field in data and getattr(contact, field) != data[field]:
            setattr(contact, field, data[field])
            changed.append(field)
    contact.full_clean()
    contact.save()
    audit_record(
        actor=actor,
        action="support_contact.update",
        target=contact,
        request=request,
        details={"fields": changed},
    )
    return contact


@transaction.atomic
def support_contact_remove(*, contact: SupportContact, actor, request=None) -> SupportContact:
    """Take a contact out of the network. Consents naming them are revoked: nothing more goes
    to someone the client removed. The row stays, for the disclosure history."""
    contact.removed_at = timezone.now()
    contact.may_contact = False
    contact.save(update_fields=["removed_at", "may_contact", "updated_at"])
    for consent in contact.consents.filter(revoked_at__isnull=True):
        consent_revoke(
            consent=consent,
            actor=actor,
            note="Contact removed from support network",
            request=request,
        )
    audit_record(actor=actor, action="support_contact.remove", target=contact, request=request)
    return contact
