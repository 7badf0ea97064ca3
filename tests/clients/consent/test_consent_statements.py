"""What the client agreed to is kept word for word: the statements §2.31 requires (redisclosure,
refusing to sign, and for treatment, payment and operations the HIPAA redisclosure statement)
are stored with the consent when it is made and shown wherever it is read. A client under 18
also needs a parent's or guardian's signature where the organization's setting requires it."""

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clients.models import Purpose
from clients.part2 import (
    HIPAA_REDISCLOSURE_STATEMENT,
    REDISCLOSURE_STATEMENT,
    REFUSAL_STATEMENT,
)
from clients.services.consent import consent_sign
from clients.services.record import client_update

from .helpers import consent_make, paper_consent_make


def test_a_treatment_consent_keeps_the_three_statements_shown_at_signing(
    client, client_record, case_manager, client_user
):
    consent = consent_make(client_record, case_manager, purpose=Purpose.TREATMENT, signed=False)
    for statement in (REDISCLOSURE_STATEMENT, REFUSAL_STATEMENT, HIPAA_REDISCLOSURE_STATEMENT):
        assert statement in consent.statements
    client.force_login(client_user)
    page = client.get(reverse("clients:my_consent", args=[consent.pk])).content.decode()
    assert REFUSAL_STATEMENT[:60] in page
    assert HIPAA_REDISCLOSURE_STATEMENT[:60] in page


def test_other_consents_keep_the_redisclosure_and_refusal_statements(client_record, case_manager):
    consent = consent_make(client_record, case_manager, purpose=Purpose.SUPPORT)
    assert REDISCLOSURE_STATEMENT in consent.statements
    assert REFUSAL_STATEMENT in consent.statements
    assert HIPAA_REDISCLOSURE_STATEMENT not in consent.statements


@pytest.mark.parametrize("purpose", [Purpose.CARE_COORDINATION, Purpose.REFERRAL])
def test_care_coordination_and_referral_consents_carry_the_hipaa_statement(
    purpose, client_record, case_manager
):
    """Records coordinated or referred to providers go for treatment (§2.31(a)(4)(iii))."""
    consent = consent_make(client_record, case_manager, purpose=purpose)
    assert HIPAA_REDISCLOSURE_STATEMENT in consent.statements


def test_the_stored_statements_are_shown_even_after_the_wording_changes(
    client, client_record, case_manager
):
    consent = consent_make(client_record, case_manager, purpose=Purpose.TREATMENT)
    type(consent).objects.filter(pk=consent.pk).update(statements="The words of that day.")
    client.force_login(case_manager)
    page = client.get(
        reverse("clients:consent_detail", args=[client_record.pk, consent.pk])
    ).content.decode()
    assert "The words of that day." in page


def test_a_paper_consent_keeps_the_statements_printed_on_the_form(
    client_record, case_manager, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    consent = paper_consent_make(client_record, case_manager, purpose=Purpose.TREATMENT)
    assert HIPAA_REDISCLOSURE_STATEMENT in consent.statements


@pytest.fixture
def minor(client_record, case_manager):
    client_update(
        client=client_record,
        actor=case_manager,
        fields={"date_of_birth": timezone.localdate() - relativedelta(years=16)},
    )
    client_record.refresh_from_db()
    return client_record


def test_a_minor_needs_a_guardian_signature_by_default(minor, case_manager):
    consent = consent_make(minor, case_manager, signed=False)
    with pytest.raises(ValidationError) as error:
        consent_sign(consent=consent, user=minor.user, typed_name=minor.legal_name, confirmed=True)
    assert "guardian_name" in error.value.message_dict
    consent = consent_sign(
        consent=consent,
        user=minor.user,
        typed_name=minor.legal_name,
        confirmed=True,
        guardian_name="Pat Client (mother)",
    )
    assert consent.is_active and consent.guardian_name == "Pat Client (mother)"


def test_a_minor_signs_alone_where_the_setting_says_state_law_does_not_require_a_guardian(
    minor, case_manager, settings
):
    settings.PART2_MINOR_NEEDS_GUARDIAN_SIGNATURE = False
    consent = consent_make(minor, case_manager, signed=False)
    consent = consent_sign(
        consent=consent, user=minor.user, typed_name=minor.legal_name, confirmed=True
    )
    assert consent.is_active


def test_a_minor_at_or_over_the_states_minor_consent_age_signs_alone(minor, case_manager, settings):
    settings.PART2_MINOR_CONSENT_AGE = 16  # the minor is 16 today
    consent = consent_make(minor, case_manager, signed=False)
    consent = consent_sign(
        consent=consent, user=minor.user, typed_name=minor.legal_name, confirmed=True
    )
    assert consent.is_active and consent.guardian_name == ""


def test_a_minor_under_the_states_minor_consent_age_needs_a_guardian_and_is_told_the_age(
    minor, case_manager, settings
):
    settings.PART2_MINOR_CONSENT_AGE = 17
    consent = consent_make(minor, case_manager, signed=False)
    with pytest.raises(ValidationError) as error:
        consent_sign(consent=consent, user=minor.user, typed_name=minor.legal_name, confirmed=True)
    assert "under 17" in error.value.message_dict["guardian_name"][0]


def test_a_minors_paper_consent_needs_the_guardians_name(minor, case_manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as error:
        paper_consent_make(minor, case_manager)
    assert "guardian_name" in error.value.message_dict
    consent = paper_consent_make(minor, case_manager, guardian_name="Pat Client")
    assert consent.is_active


def test_staff_confirm_the_paper_form_carries_the_statements(client_record):
    from clients.forms.consent import ConsentForm

    form = ConsentForm({"signature_method": "paper"}, client=client_record)
    assert not form.is_valid()
    assert "carries these statements" in " ".join(form.errors["paper_statements"])
    form = ConsentForm({"signature_method": "portal"}, client=client_record)
    form.is_valid()
    assert "paper_statements" not in form.errors
