"""A consent holds every element 42 CFR 2.31 requires; one missing an element cannot be saved."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from clients.models import Consent
from clients.models.consent import SignatureMethod
from clients.services.consent import consent_record_paper, consent_request, consent_sign
from recovery_portal.audit.models import AuditEvent

from .helpers import consent_make, elements, scan_file

MISSING = [
    ("discloser", {"discloser": "  "}, "who may disclose"),
    ("information_kinds", {"information_kinds": []}, "kind of information"),
    ("information_description", {"information_description": ""}, "describe specifically"),
    ("recipient_name", {"recipient_name": ""}, "name the recipients"),
    ("purpose", {"purpose": ""}, "purpose"),
    ("revocation_statement", {"revocation_statement": ""}, "right to revoke"),
    ("expires_on", {"expires_on": None, "expiry_event": ""}, "expiry date, or an event"),
]


@pytest.mark.parametrize(("field", "change", "message"), MISSING, ids=[m[0] for m in MISSING])
def test_a_consent_missing_an_element_is_refused_with_a_message(
    field, change, message, client_record, case_manager
):
    with pytest.raises(ValidationError) as error:
        consent_request(client=client_record, actor=case_manager, **elements(**change))
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert not Consent.objects.exists()


def test_a_purpose_of_other_needs_words(client_record, case_manager):
    with pytest.raises(ValidationError) as error:
        consent_request(client=client_record, actor=case_manager, **elements(purpose="other"))
    assert "purpose_detail" in error.value.message_dict


def test_the_client_name_is_required_by_the_model(client_record, case_manager):
    consent = consent_make(client_record, case_manager, signed=False)
    consent.client_name = ""
    with pytest.raises(ValidationError) as error:
        consent.full_clean()
    assert "client_name" in error.value.message_dict


def test_an_expiry_event_is_enough_instead_of_a_date(client_record, case_manager):
    consent = consent_make(
        client_record, case_manager, expires_on=None, expiry_event="when I leave the program"
    )
    assert consent.is_active
    assert consent.expiry_text == "when I leave the program"


@pytest.mark.parametrize(
    ("missing", "field"),
    [("signature_name", "signature_name"), ("signed_on", "signed_at"), ("scan", "scan")],
)
def test_a_paper_consent_needs_signature_date_and_scan(
    missing, field, client_record, case_manager, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    paper = {
        "signature_name": client_record.legal_name,
        "signed_on": timezone.localdate(),
        "scan": scan_file(),
    }
    paper[missing] = "" if missing == "signature_name" else None
    with pytest.raises(ValidationError) as error:
        consent_record_paper(client=client_record, actor=case_manager, **paper, **elements())
    assert field in error.value.message_dict
    assert not Consent.objects.exists()


def test_the_database_refuses_a_consent_missing_an_element(client_record):
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            client=client_record,
            client_name=client_record.legal_name,
            discloser="",
            information_kinds=["attendance"],
            information_description="Attendance",
            recipient_name="Dana",
            recipient_key="name:dana",
            purpose="support",
            expires_on=timezone.localdate(),
            signature_method=SignatureMethod.PORTAL,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            client=client_record,
            client_name=client_record.legal_name,
            discloser="Us",
            information_kinds=["attendance"],
            information_description="Attendance",
            recipient_name="Dana",
            recipient_key="name:dana",
            purpose="support",
            signature_method=SignatureMethod.PORTAL,
        )


def test_the_client_signs_with_their_typed_name_and_the_time_and_ip_are_kept(
    client, client_user, client_record, case_manager
):
    consent = consent_make(client_record, case_manager, signed=False)
    assert consent.state == "awaiting"
    client.force_login(client_user)
    url = reverse("clients:my_consent", kwargs={"pk": consent.pk})
    response = client.post(url, {"typed_name": "Someone Else", "confirm": "on"})
    assert response.status_code == 200
    assert "Please type your name exactly as shown: Jamie Client" in response.content.decode()
    response = client.post(url, {"typed_name": "jamie  client"})
    assert "Please tick the box to confirm" in response.content.decode()
    consent.refresh_from_db()
    assert consent.signed_at is None
    response = client.post(
        url, {"typed_name": "Jamie Client", "confirm": "on"}, REMOTE_ADDR="198.51.100.4"
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.is_active
    assert consent.signature_name == "Jamie Client"
    assert consent.signed_ip == "198.51.100.4"
    assert abs((timezone.now() - consent.signed_at).total_seconds()) < 60
    assert AuditEvent.objects.filter(action="consent.sign", actor=client_user).exists()


def test_a_revoked_consent_cannot_be_signed(client_record, case_manager, client_user):
    consent = consent_make(client_record, case_manager, signed=False)
    from clients.services.consent import consent_revoke

    consent_revoke(consent=consent, actor=client_user)
    with pytest.raises(ValidationError, match="revoked"):
        consent_sign(consent=consent, user=client_user, typed_name="Jamie Client", confirmed=True)


def test_staff_cannot_sign_for_the_client_in_the_portal(client_record, case_manager):
    consent = consent_make(client_record, case_manager, signed=False)
    with pytest.raises(ValidationError, match="Only the client"):
        consent_sign(consent=consent, user=case_manager, typed_name="Jamie Client", confirmed=True)


def test_the_staff_form_names_each_missing_element_and_saves_nothing(
    client, case_manager, client_record
):
    client.force_login(case_manager)
    url = reverse("clients:consent_create", kwargs={"client_pk": client_record.pk})
    response = client.post(url, {"signature_method": "portal", "revocation_statement": ""})
    assert response.status_code == 200
    page = response.content.decode()
    for message in (
        "Please choose the purpose",
        "Please say who may disclose",
        "Please choose at least one kind of information",
        "Please describe specifically",
        "Please name the recipients",
        "Please keep the statement of the right to revoke",
        "Please give an expiry date, or an event or condition",
    ):
        assert message in page, message
    assert not Consent.objects.exists()


def test_staff_record_a_paper_consent_with_its_scan(
    client, case_manager, client_record, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(case_manager)
    url = reverse("clients:consent_create", kwargs={"client_pk": client_record.pk})
    data = {
        "signature_method": "paper",
        "discloser": "Recovery Portal and its staff",
        "information_kinds": ["attendance", "progress"],
        "information_description": "Attendance and general progress",
        "recipient_class": "referral_providers",
        "purpose": "referral",
        "revocation_statement": "Revoke any time by telling us in writing.",
        "expires_on": "",
        "expiry_event": "when I leave the program",
        "signature_name": "Jamie Client",
        "signed_on": "2026-13-01",
        "paper_statements": "on",
    }
    response = client.post(url, {**data, "scan": scan_file("scan.txt", b"hello")})
    page = response.content.decode()
    assert "Please enter the date signed as YYYY-MM-DD" in page
    assert "Please attach a PDF, PNG or JPEG file" in page
    response = client.post(
        url, {**data, "signed_on": str(timezone.localdate()), "scan": scan_file()}
    )
    assert response.status_code == 302, response.content.decode()
    consent = Consent.objects.get()
    assert consent.is_active
    assert consent.recipient_key == "class:referral_providers"
    assert consent.recipient_name == "Providers I am referred to by my case manager"
    assert consent.scan.name.startswith("consents/") and consent.scan.name.endswith(".pdf")
    assert (tmp_path / consent.scan.name).read_bytes().startswith(b"%PDF")
    scan = client.get(
        reverse("clients:consent_scan", kwargs={"client_pk": client_record.pk, "pk": consent.pk})
    )
    assert scan.status_code == 200
    assert b"".join(scan.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="consent.record_paper").exists()
