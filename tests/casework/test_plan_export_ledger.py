"""The plan's FHIR export is a copy that leaves the portal, so it is on the disclosure ledger
like the whole-record export: the page asks who it goes to, only a POST makes it, and a
recipient needs a consent in effect that covers the recovery plan."""

import base64
import json

from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from clients.models import Disclosure, InformationKind
from clients.models.disclosure import LegalBasis
from tests.clients.consent.helpers import consent_make

from .helpers import plan_make


def _url(client_record):
    return reverse("casework:plan_fhir", args=[client_record.pk])


def test_opening_the_export_page_shares_nothing(client, case_manager, client_record):
    plan_make(client_record, case_manager, share=True)
    client.force_login(case_manager)
    response = client.get(_url(client_record))
    assert response.status_code == 200
    assert b"This copy of the recovery plan goes" in response.content
    assert not Disclosure.objects.exists()


def test_an_export_to_the_client_is_on_their_ledger(client, case_manager, client_record):
    plan_make(client_record, case_manager, share=True)
    client.force_login(case_manager)
    response = client.post(_url(client_record), {"basis": "right_of_access"})
    assert response["Content-Type"] == "application/fhir+json"
    # To the client themself: no consent to copy.
    kinds = {e["resource"]["resourceType"] for e in json.loads(response.content)["entry"]}
    assert "DocumentReference" not in kinds
    disclosure = Disclosure.objects.get(client=client_record)
    assert disclosure.legal_basis == LegalBasis.RIGHT_OF_ACCESS
    assert disclosure.information_kinds == [InformationKind.PLAN]
    assert disclosure.description == "Recovery plan, exported (FHIR R4)"


def test_an_export_under_a_consent_covering_the_plan_names_the_recipient(
    client, case_manager, client_record
):
    plan_make(client_record, case_manager, share=True)
    consent = consent_make(
        client_record,
        case_manager,
        recipient_name="Eastside Clinic",
        information_kinds=[InformationKind.PLAN],
    )
    client.force_login(case_manager)
    response = client.post(_url(client_record), {"basis": "consent", "consent": consent.pk})
    data = json.loads(response.content)
    bundle = Bundle.model_validate(data)
    disclosure = Disclosure.objects.get(consent=consent)
    # A copy of the consent goes with it (42 CFR 2.32(b)), labelled like every resource.
    [document] = [
        entry["resource"]
        for entry in data["entry"]
        if entry["resource"]["resourceType"] == "DocumentReference"
    ]
    copy = json.loads(base64.b64decode(document["content"][0]["attachment"]["data"]))
    assert copy["id"] == consent.pk and copy["recipients"] == "Eastside Clinic"
    for entry in bundle.entry:
        codes = {label.code for label in entry.resource.meta.security}
        assert {"R", "42CFRPart2", "ETH", "NORDSCLCD"} <= codes, entry.resource.get_resource_type()
    assert disclosure.recipient_name == "Eastside Clinic"
    assert disclosure.information_kinds == [InformationKind.PLAN]


def test_a_consent_that_does_not_cover_the_plan_lets_nothing_out(
    client, case_manager, client_record
):
    plan_make(client_record, case_manager, share=True)
    consent = consent_make(
        client_record, case_manager, information_kinds=[InformationKind.ATTENDANCE]
    )
    client.force_login(case_manager)
    response = client.post(_url(client_record), {"basis": "consent", "consent": consent.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "does not cover the recovery plan" in response.content.decode()
    assert not Disclosure.objects.exists()
