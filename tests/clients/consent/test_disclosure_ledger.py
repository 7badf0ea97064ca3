"""The ledger names who actually received information, on the day it went; disclosures the rule
permits without consent (medical emergency, court order, audit and evaluation) are recorded with
their legal basis, and the client sees every one of them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clients.models import Disclosure, InformationKind
from clients.models.disclosure import LegalBasis
from clients.selectors.consent import covering_consent
from clients.services.consent import consent_revoke
from clients.services.disclosure import (
    DisclosureRefused,
    disclosure_record,
    disclosure_record_without_consent,
)
from clients.services.support import support_contact_remove

from .helpers import consent_make, contact_make

ATTENDANCE = InformationKind.ATTENDANCE


def _class_consent(client_record, actor, klass="treatment_providers"):
    return consent_make(client_record, actor, recipient_name="", recipient_class=klass)


def test_a_disclosure_under_a_class_consent_names_the_actual_recipient(client_record, case_manager):
    _class_consent(client_record, case_manager)
    question = {
        "client": client_record,
        "recipient": "class:treatment_providers",
        "information": ATTENDANCE,
        "description": "Attendance for March",
        "actor": case_manager,
    }
    with pytest.raises(ValidationError) as error:
        disclosure_record(**question)
    assert "recipient_name" in error.value.message_dict
    disclosure = disclosure_record(**question, recipient_name="Dr. Lee, Eastside Clinic")
    assert disclosure.recipient_name == "Dr. Lee, Eastside Clinic"


def test_a_disclosure_made_while_the_consent_was_valid_can_be_logged_after_revocation(
    client_record, case_manager
):
    consent = consent_make(client_record, case_manager, recipient_name="Dana Rivers (sister)")
    made_at = timezone.now() - timezone.timedelta(hours=2)
    type(consent).objects.filter(pk=consent.pk).update(
        signed_at=timezone.now() - timezone.timedelta(days=3)
    )
    consent_revoke(consent=consent, actor=client_record.user)
    share = {
        "client": client_record,
        "recipient": "name:dana-rivers-sister",
        "information": ATTENDANCE,
        "description": "Phoned her on Monday",
        "actor": case_manager,
    }
    with pytest.raises(DisclosureRefused):
        disclosure_record(**share)
    disclosure = disclosure_record(**share, disclosed_at=made_at)
    assert disclosure.consent == consent
    assert disclosure.disclosed_at == made_at
    with pytest.raises(DisclosureRefused):
        disclosure_record(**share, disclosed_at=timezone.now() - timezone.timedelta(days=5))
    with pytest.raises(ValidationError):
        disclosure_record(**share, disclosed_at=timezone.now() + timezone.timedelta(days=1))


def test_staff_enter_the_date_and_the_actual_recipient_on_the_form(
    client, client_record, case_manager
):
    consent = _class_consent(client_record, case_manager)
    type(consent).objects.filter(pk=consent.pk).update(
        signed_at=timezone.now() - timezone.timedelta(days=3)
    )
    client.force_login(case_manager)
    url = reverse("clients:disclosure_create", kwargs={"client_pk": client_record.pk})
    when = (timezone.localtime() - timezone.timedelta(days=1)).replace(second=0, microsecond=0)
    data = {
        "consent": consent.pk,
        "information_kinds": ["attendance"],
        "description": "Faxed attendance",
        "disclosed_at": when.strftime("%Y-%m-%dT%H:%M"),
    }
    page = client.post(url, data).content.decode()
    assert "name of who actually received it" in page
    response = client.post(url, {**data, "recipient_name": "Dr. Lee"})
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.disclosed_at == when
    assert disclosure.recipient_name == "Dr. Lee"


def test_a_removed_contact_is_no_longer_covered_by_a_support_network_consent(
    client_record, case_manager, client_user
):
    sister = contact_make(client_record, client_user)
    _class_consent(client_record, case_manager, klass="support_network")
    assert covering_consent(client=client_record, recipient=sister, information=ATTENDANCE)
    support_contact_remove(contact=sister, actor=client_user)
    sister.refresh_from_db()
    assert covering_consent(client=client_record, recipient=sister, information=ATTENDANCE) is None
    with pytest.raises(DisclosureRefused):
        disclosure_record(
            client=client_record,
            recipient=sister,
            information=ATTENDANCE,
            description="Told her about group",
            actor=case_manager,
        )


def _emergency(client_record, actor, **overrides):
    data = {
        "client": client_record,
        "actor": actor,
        "basis": LegalBasis.MEDICAL_EMERGENCY,
        "recipient_name": "Dr. Ortiz",
        "recipient_affiliation": "St. Mary's Emergency Department",
        "information": [InformationKind.WHOLE_RECORD],
        "description": "Current medications and substance use history",
        "emergency_nature": "Unresponsive after a suspected overdose; history needed to treat",
        "disclosed_at": timezone.now() - timezone.timedelta(minutes=30),
    }
    data.update(overrides)
    return disclosure_record_without_consent(**data)


def test_a_medical_emergency_disclosure_records_what_2_51_c_requires(client_record, case_manager):
    for missing in ("recipient_name", "recipient_affiliation", "emergency_nature"):
        with pytest.raises(ValidationError) as error:
            _emergency(client_record, case_manager, **{missing: ""})
        assert missing in error.value.message_dict
    disclosure = _emergency(client_record, case_manager)
    assert disclosure.consent is None
    assert disclosure.legal_basis == LegalBasis.MEDICAL_EMERGENCY
    assert disclosure.disclosed_by == case_manager


def test_a_court_order_and_an_audit_need_their_reference(client_record, supervisor):
    for basis in (LegalBasis.COURT_ORDER, LegalBasis.AUDIT_EVALUATION):
        with pytest.raises(ValidationError) as error:
            _emergency(client_record, supervisor, basis=basis, emergency_nature="")
        assert "basis_reference" in error.value.message_dict
    order = _emergency(
        client_record,
        supervisor,
        basis=LegalBasis.COURT_ORDER,
        emergency_nature="",
        basis_reference="County Court order No. 24-118, dated March 3 (42 CFR 2.64)",
    )
    assert order.legal_basis == LegalBasis.COURT_ORDER


def test_the_client_sees_disclosures_without_consent_in_who_has_seen_my_record(
    client, client_record, client_user, case_manager
):
    _emergency(client_record, case_manager)
    client.force_login(client_user)
    page = client.get(reverse("clients:my_record_views")).content.decode()
    assert "Dr. Ortiz" in page
    assert "Medical emergency" in page
    page = client.get(reverse("clients:my_disclosures")).content.decode()
    assert "St. Mary&#x27;s Emergency Department" in page


def test_staff_record_an_emergency_disclosure_on_its_form(client, client_record, case_manager):
    client.force_login(case_manager)
    url = reverse("clients:disclosure_without_consent", kwargs={"client_pk": client_record.pk})
    assert client.get(url).status_code == 200
    data = {
        "basis": "medical_emergency",
        "recipient_name": "Dr. Ortiz",
        "recipient_affiliation": "St. Mary's ED",
        "information_kinds": ["whole_record"],
        "description": "Medications",
        "emergency_nature": "",
        "disclosed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    page = client.post(url, data).content.decode()
    assert "nature of the emergency" in page
    assert not Disclosure.objects.exists()
    response = client.post(url, {**data, "emergency_nature": "Overdose"})
    assert response.status_code == 302
    assert Disclosure.objects.get().legal_basis == "medical_emergency"
