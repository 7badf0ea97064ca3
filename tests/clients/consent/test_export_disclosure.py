"""A records export made for someone else is a disclosure under a consent covering the whole
record, logged against it; without such a consent nothing is exported."""

import json

from django.urls import reverse

from clients.models import Disclosure, InformationKind
from tests.conftest import reauthenticate

from .helpers import consent_make


def test_an_export_for_a_recipient_is_logged_as_a_disclosure(client, supervisor, client_record):
    consent = consent_make(
        client_record,
        supervisor,
        recipient_name="Eastside Clinic",
        information_kinds=[InformationKind.WHOLE_RECORD],
    )
    client.force_login(supervisor)
    reauthenticate(client)  # whole-record exports ask for the password again
    detail = client.get(reverse("clients:consent_detail", args=[client_record.pk, consent.pk]))
    assert b"Printable record for Eastside Clinic" in detail.content

    url = reverse("clients:export_json", args=[client_record.pk]) + f"?for={consent.pk}"
    response = client.get(url)
    assert response.status_code == 200
    assert json.loads(response.content)["disclosed_to"] == "Eastside Clinic"
    disclosure = Disclosure.objects.get(consent=consent)
    assert disclosure.channel == "export"
    assert disclosure.information_kinds == [InformationKind.WHOLE_RECORD]

    page = client.get(
        reverse("clients:export_print", args=[client_record.pk]) + f"?for={consent.pk}"
    )
    assert b"Disclosed to Eastside Clinic" in page.content
    assert Disclosure.objects.filter(consent=consent).count() == 2


def test_a_consent_that_does_not_cover_the_whole_record_exports_nothing(
    client, supervisor, client_record
):
    consent = consent_make(client_record, supervisor, recipient_name="Dana Rivers (sister)")
    client.force_login(supervisor)
    reauthenticate(client)  # whole-record exports ask for the password again
    url = reverse("clients:export_print", args=[client_record.pk]) + f"?for={consent.pk}"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "clients:consent_detail", args=[client_record.pk, consent.pk]
    )
    assert not Disclosure.objects.exists()


def test_another_clients_consent_cannot_be_named(
    client, supervisor, client_record, other_client_record
):
    other = consent_make(
        other_client_record, supervisor, information_kinds=[InformationKind.WHOLE_RECORD]
    )
    client.force_login(supervisor)
    reauthenticate(client)  # whole-record exports ask for the password again
    url = reverse("clients:export_json", args=[client_record.pk]) + f"?for={other.pk}"
    assert client.get(url).status_code == 404
    assert not Disclosure.objects.exists()
