"""Building consents, contacts and invitations for tests, through the services."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clients.models import InformationKind, Purpose
from clients.models.invitation import invitation_token
from clients.services.consent import consent_record_paper, consent_request, consent_sign
from clients.services.invitation import invitation_send
from clients.services.support import support_contact_create
from tests.dates import a_year_from_today

PDF = b"%PDF-1.4\n% test scan\n"


def elements(**overrides) -> dict:
    """Every required element of a consent but the signature, filled in."""
    data = {
        "discloser": "Recovery Portal and its staff",
        "information_kinds": [InformationKind.ATTENDANCE],
        "information_description": "Whether I attended my weekly group meetings",
        "recipient_class": "",
        "recipient_name": "Dana Rivers (sister)",
        "purpose": Purpose.SUPPORT,
        "purpose_detail": "",
        "expires_on": a_year_from_today(),
        "expiry_event": "",
    }
    data.update(overrides)
    return data


def contact_make(client, actor, **overrides):
    data = {
        "name": "Dana Rivers",
        "kind": "family",
        "relationship": "sister",
        "phone": "555-0199",
        "may_contact": True,
        "contact_about": "if I miss two meetings in a row",
    }
    data.update(overrides)
    return support_contact_create(client=client, actor=actor, **data)


def consent_make(client, actor, *, signed: bool = True, **overrides):
    """A consent prepared by ``actor`` and, when ``signed``, signed by the client in the portal."""
    consent = consent_request(client=client, actor=actor, **elements(**overrides))
    if signed:
        consent = consent_sign(
            consent=consent, user=client.user, typed_name=client.legal_name, confirmed=True
        )
    return consent


def scan_file(name: str = "signed.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def paper_consent_make(client, actor, *, signed_on: date | None = None, **overrides):
    return consent_record_paper(
        client=client,
        actor=actor,
        signature_name=client.legal_name,
        signed_on=signed_on or timezone.localdate(),
        scan=scan_file(),
        **elements(**overrides),
    )


def invitation_make(client, actor, email: str = "") -> tuple:
    """Send an invitation; return it and the secret token the e-mail will carry."""
    invitation = invitation_send(client=client, actor=actor, email=email)
    return invitation, invitation_token(invitation.token_nonce)
