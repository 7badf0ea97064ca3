"""Every records-request export is on the ledger: chosen at export time, to the client (right of
access) or under a consent covering the whole record, and always by POST. What leaves under a
consent carries a copy of the consent next to the Part 2 notice."""

import json

from django.urls import reverse

from clients.models import Disclosure, InformationKind
from clients.models.disclosure import LegalBasis
from clients.part2 import REDISCLOSURE_NOTICE, REDISCLOSURE_STATEMENT
from tests.conftest import reauthenticate

from .helpers import consent_make


def _whole_record_consent(client_record, actor, **overrides):
    return consent_make(
        client_record,
        actor,
        recipient_name="Eastside Clinic",
        information_kinds=[InformationKind.WHOLE_RECORD],
        **overrides,
    )


def _url(name, client_record):
    return reverse(f"clients:{name}", args=[client_record.pk])


def test_a_get_never_makes_a_disclosure(client, supervisor, client_record):
    consent = _whole_record_consent(client_record, supervisor)
    client.force_login(supervisor)
    reauthenticate(client)  # whole-record exports ask for the password again
    for name in ("export_json", "export_print"):
        response = client.get(_url(name, client_record) + f"?for={consent.pk}")
        assert response.status_code == 200
        assert b"To the client (right of access)" in response.content
    assert not Disclosure.objects.exists()


def test_an_export_under_a_consent_is_logged_and_carries_a_copy_of_the_consent(
    client, supervisor, client_record
):
    consent = _whole_record_consent(client_record, supervisor)
    client.force_login(supervisor)
    reauthenticate(client)  # whole-record exports ask for the password again
    detail = client.get(reverse("clients:consent_detail", args=[client_record.pk, consent.pk]))
    assert b"Printable record for Eastside Clinic" in detail.content

    data = {"basis": "consent", "consent": consent.pk}
    response = client.post(_url("export_json", client_record), data)
    assert response.status_code == 200
    payload = json.loads(response.content)
    assert payload["disclosed_to"] == "Eastside Clinic"
    assert payload["part2_notice"] == REDISCLOSURE_NOTICE
    assert payload["consent"]["recipients"] == "Eastside Clinic"
    assert payload["consent"]["signature"] == "Jamie Client"
    assert REDISCLOSURE_STATEMENT in payload["consent"]["statements"]
    disclosure = Disclosure.objects.get(consent=consent)
    assert disclosure.channel == "export"
    assert disclosure.information_kinds == [InformationKind.WHOLE_RECORD]

    page = client.post(_url("export_print", client_record), data).content.decode()
    assert "Disclosed to Eastside Clinic" in page
    assert "Copy of the consent" in page
    assert consent.information_description in page
    assert Disclosure.objects.filter(consent=consent).count() == 2


def test_an_export_to_the_client_is_logged_as_right_of_access_and_shown_to_them(
    client, supervisor, client_record, client_user
):
    client.force_login(supervisor)
    reauthenticate(client)  # whole-record exports ask for the password again
    response = client.post(_url("export_json", client_record), {"basis": "right_of_access"})
    assert json.loads(response.content)["disclosed_to"] == "Jamie Client"
    disclosure = Disclosure.objects.get()
    assert disclosure.legal_basis == LegalBasis.RIGHT_OF_ACCESS
    assert disclosure.consent is None
    client.force_login(client_user)
    page = client.get(reverse("clients:my_disclosures")).content.decode()
    assert "right of access" in page.lower()


def test_a_consent_that_does_not_cover_the_whole_record_exports_nothing(
    client, supervisor, client_record
):
    consent = consent_make(client_record, supervisor, recipient_name="Dana Rivers (sister)")
    client.force_login(supervisor)
    reauthenticate(client)  # whole-record exports ask for the password again
    response = client.post(
        _url("export_print", client_record), {"basis": "consent", "consent": consent.pk}
    )
    assert response.status_code == 200
    assert "Nothing was exported" in response.content.decode()
    assert "Client record:" not in response.content.decode()
    assert not Disclosure.objects.exists()


def test_another_clients_consent_cannot_be_named(
    client, supervisor, client_record, other_client_record
):
    other = _whole_record_consent(other_client_record, supervisor)
    client.force_login(supervisor)
    reauthenticate(client)  # whole-record exports ask for the password again
    response = client.post(
        _url("export_json", client_record), {"basis": "consent", "consent": other.pk}
    )
    assert response["Content-Type"].startswith("text/html")
    assert not Disclosure.objects.exists()


def test_an_event_only_consent_needs_the_confirmation_at_export(client, supervisor, client_record):
    consent = _whole_record_consent(
        client_record, supervisor, expires_on=None, expiry_event="when my court case is closed"
    )
    client.force_login(supervisor)
    reauthenticate(client)  # whole-record exports ask for the password again
    data = {"basis": "consent", "consent": consent.pk}
    page = client.post(_url("export_json", client_record), data).content.decode()
    assert "has not happened" in page
    assert not Disclosure.objects.exists()
    response = client.post(_url("export_json", client_record), {**data, "event_confirmed": "on"})
    assert response["Content-Type"].startswith("application/json")
    assert Disclosure.objects.get().event_confirmed
