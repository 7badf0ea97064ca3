"""Download my record (issue 21, item 3): the client takes the same whole-record copy staff make
for a records request, while the record is active and after it is closed; each copy is on the
disclosure ledger as a copy to the client (their right of access) and audited."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from clients.models import ClientStatus
from clients.models.disclosure import Disclosure, DisclosureChannel, LegalBasis
from clients.services.record import client_status_change
from recovery_portal.audit.models import AuditEvent

URL = reverse("clients:my_record_download")


def _signed_in(client, user):
    user.refresh_from_db()
    client.force_login(user)
    return client


def _copies(record):
    return Disclosure.objects.filter(client=record, legal_basis=LegalBasis.RIGHT_OF_ACCESS)


def test_an_active_client_downloads_the_whole_record_as_json(client, client_user, client_record):
    _signed_in(client, client_user)
    assert client.get(URL).status_code == 200
    assert not _copies(client_record).exists(), "opening the page gives no copy"
    response = client.post(URL, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    payload = json.loads(response.content)
    assert payload["client"]["id"] == client_record.pk
    assert payload["legal_basis"] == LegalBasis.RIGHT_OF_ACCESS.label
    assert {part["key"] for part in payload["parts"]} >= {"plans", "checkins", "disclosures"}
    copy = _copies(client_record).get()
    assert copy.channel == DisclosureChannel.EXPORT
    assert copy.recipient_key == f"clients.client:{client_record.pk}"
    assert copy.disclosed_by == client_user
    export = AuditEvent.objects.get(action="client.export", target_id=str(client_record.pk))
    assert export.details == {"format": "json", "part": "whole record"}
    assert export.actor_id == client_user.pk


def test_a_closed_client_prints_the_copy_and_sees_it_on_the_ledger(
    client, client_user, client_record, case_manager
):
    client_status_change(
        client=client_record, to_status=ClientStatus.CLOSED, actor=case_manager, reason="Moved"
    )
    _signed_in(client, client_user)
    response = client.post(URL, {"format": "html"})
    page = response.content.decode()
    assert response.status_code == 200
    assert client_record.legal_name in page and "Your copy" in page
    assert "Back to the record" not in page, "the staff link is not the client's"
    assert _copies(client_record).count() == 1
    ledger = client.get(reverse("clients:my_disclosures")).content.decode()
    assert "downloaded from My recovery" in ledger


def test_an_unknown_format_gives_no_copy(client, client_user, client_record):
    _signed_in(client, client_user)
    assert client.post(URL, {"format": "pdf"}).status_code == 400
    assert not _copies(client_record).exists()


@pytest.mark.parametrize("name", ["home:my_recovery", "clients:my_profile"])
def test_the_client_pages_link_to_it(client, client_user, client_record, name):
    _signed_in(client, client_user)
    assert URL in client.get(reverse(name)).content.decode()
