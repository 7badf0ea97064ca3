"""Referrals: what is shared goes out only under a consent that covers it, asked at the moment
of sending, and lands in the client's ledger; the closed loop dates each step."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.models import Referral, ReferralStatus
from casework.panels import today as today_panel
from clients.models import Disclosure, DisclosureChannel, InformationKind, Purpose
from clients.services.consent import consent_revoke
from clients.services.disclosure import DisclosureRefused
from tests.clients.consent.helpers import consent_make

from .helpers import referral_make, resource_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing(case_manager):
    return resource_make(case_manager)


def _consent_for_referrals(client, actor, **overrides):
    data = {
        "recipient_name": "",
        "recipient_class": "referral_providers",
        "information_kinds": [InformationKind.CONTACT, InformationKind.APPOINTMENTS],
        "information_description": "My name, phone number and the reason for the referral",
        "purpose": Purpose.REFERRAL,
    }
    data.update(overrides)
    return consent_make(client, actor, **data)


def test_sharing_without_a_consent_is_refused_and_nothing_is_saved(
    client_record, case_manager, housing
):
    with pytest.raises(DisclosureRefused):
        referral_make(
            client_record, case_manager, housing, shared_information=[InformationKind.CONTACT]
        )
    assert not Referral.objects.exists()
    assert not Disclosure.objects.exists()


def test_a_referral_sharing_nothing_needs_no_consent_and_discloses_nothing(
    client_record, case_manager, housing
):
    referral = referral_make(client_record, case_manager, housing, shared_information=[])
    assert referral.status == ReferralStatus.SENT
    assert referral.disclosure is None
    assert not Disclosure.objects.exists()


def test_with_a_covering_consent_the_disclosure_is_recorded_in_the_clients_ledger(
    client_record, case_manager, housing
):
    consent = _consent_for_referrals(client_record, case_manager)
    referral = referral_make(
        client_record,
        case_manager,
        housing,
        shared_information=[InformationKind.CONTACT],
        shared_description="Name and phone number",
    )
    disclosure = Disclosure.objects.get()
    assert referral.disclosure == disclosure
    assert disclosure.consent == consent
    assert disclosure.client == client_record
    assert disclosure.channel == DisclosureChannel.REFERRAL
    assert disclosure.information_kinds == [InformationKind.CONTACT]
    assert housing.organization.name in disclosure.recipient_name
    assert disclosure.recipient_address == (housing.address_line or housing.email)


def test_a_consent_naming_the_organization_covers_it_and_not_another_provider(
    client_record, case_manager, housing
):
    _consent_for_referrals(
        client_record,
        case_manager,
        recipient_class="",
        recipient_name=housing.organization.name,
    )
    referral_make(client_record, case_manager, housing, shared_information=["contact"])
    food = resource_make(
        case_manager, organization_name="Northside Food Bank", name="Weekly groceries"
    )
    with pytest.raises(DisclosureRefused):
        referral_make(client_record, case_manager, food, shared_information=["contact"])
    assert Disclosure.objects.count() == 1


def test_information_the_consent_does_not_cover_is_refused(client_record, case_manager, housing):
    _consent_for_referrals(client_record, case_manager)
    with pytest.raises(DisclosureRefused):
        referral_make(
            client_record,
            case_manager,
            housing,
            shared_information=[InformationKind.ASSESSMENTS],
        )
    assert not Referral.objects.exists()


def test_sharing_is_refused_again_the_moment_the_consent_is_revoked(
    client_record, case_manager, housing, client_user
):
    consent = _consent_for_referrals(client_record, case_manager)
    referral_make(client_record, case_manager, housing, shared_information=["contact"])
    consent_revoke(consent=consent, actor=client_user)
    with pytest.raises(DisclosureRefused):
        referral_make(client_record, case_manager, housing, shared_information=["contact"])
    assert Referral.objects.count() == 1
    assert Disclosure.objects.count() == 1


def test_the_page_says_why_sharing_was_refused_and_saves_nothing(
    client, case_manager, client_record, housing
):
    client.force_login(case_manager)
    response = client.post(
        reverse("casework:referral_new", args=[client_record.pk]),
        {
            "resource": housing.pk,
            "reason": "Housing",
            "urgency": "soon",
            "shared_information": ["contact"],
            "confirmed": "yes",  # past the confirmation step (tests/casework/test_confirm.py)
        },
    )
    assert response.status_code == 200
    assert "No signed consent in effect covers" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_loop_closes_step_by_step_each_with_its_date(client_record, case_manager, housing):
    from casework.services.referral import referral_update

    referral = referral_make(client_record, case_manager, housing)
    referral = referral_update(referral=referral, status="accepted", actor=case_manager)
    with pytest.raises(ValidationError):
        referral_update(referral=referral, status="scheduled", actor=case_manager)
    visit = timezone.localdate() + timedelta(days=4)
    referral = referral_update(
        referral=referral, status="scheduled", first_visit_on=visit, actor=case_manager
    )
    referral = referral_update(referral=referral, status="completed", actor=case_manager)
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.first_visit_on == visit
    assert referral.sent_at <= referral.accepted_at <= referral.scheduled_at
    assert referral.scheduled_at <= referral.completed_at
    assert [label for label, _ in referral.timeline] == [
        "Sent",
        "Accepted",
        "Scheduled",
        "Completed",
    ]
    with pytest.raises(ValidationError):
        referral_update(referral=referral, status="declined", actor=case_manager)


def test_a_step_that_skips_the_loop_is_refused(client_record, case_manager, housing):
    from casework.services.referral import referral_update

    referral = referral_make(client_record, case_manager, housing)
    with pytest.raises(ValidationError):
        referral_update(referral=referral, status="completed", actor=case_manager)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_a_referral_without_news_for_a_week_needs_follow_up_until_someone_updates_it(
    client_record, case_manager, housing, settings
):
    from casework.services.referral import referral_update

    settings.REFERRAL_STALE_DAYS = 7
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        referral = referral_make(client_record, case_manager, housing)
    fresh = referral_make(client_record, case_manager, housing)
    panel = today_panel(case_manager)
    assert [r.pk for r in panel["stale_referrals"]] == [referral.pk]
    assert referral.needs_follow_up and not fresh.needs_follow_up
    referral_update(referral=referral, status="sent", note="Left a message", actor=case_manager)
    assert today_panel(case_manager)["stale_referrals"] == []


def test_a_closed_referral_never_needs_follow_up(client_record, case_manager, housing):
    from casework.services.referral import referral_update

    with time_machine.travel(timezone.now() - timedelta(days=30)):
        referral = referral_make(client_record, case_manager, housing)
        referral_update(referral=referral, status="declined", actor=case_manager)
    assert today_panel(case_manager)["stale_referrals"] == []


def test_the_client_sees_where_they_were_referred(client, client_user, client_record, case_manager):
    resource = resource_make(case_manager, name="Job readiness workshop")
    referral_make(client_record, case_manager, resource)
    client.force_login(client_user)
    page = client.get(reverse("casework:my_appointments")).content.decode()
    assert "Job readiness workshop" in page
    assert "555-0142" in page


def test_the_list_of_referrals_waiting_for_news_shows_mine_only(
    client, case_manager, other_case_manager, client_record, other_client_record, housing
):
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        waiting = referral_make(client_record, case_manager, housing, reason="Needs a flat")
        referral_make(other_client_record, other_case_manager, housing, reason="Not mine")
    referral_make(client_record, case_manager, housing, reason="Fresh news")
    client.force_login(case_manager)
    page = client.get(reverse("casework:open_referrals") + "?waiting=1")
    assert [r.pk for r in page.context["page"]] == [waiting.pk]
    everything = client.get(reverse("casework:open_referrals")).content.decode()
    assert "Robin Other" not in everything
    assert everything.count("Recovery Housing Intake") == 2


@pytest.mark.parametrize("purpose", [Purpose.SUPPORT, Purpose.AT_MY_REQUEST, Purpose.OTHER])
def test_a_consent_for_another_purpose_does_not_cover_a_referral(
    client_record, case_manager, housing, purpose
):
    # E.g. the client agreed to keep their supporters informed, not to be referred.
    _consent_for_referrals(
        client_record, case_manager, purpose=purpose, purpose_detail="my own reasons"
    )
    with pytest.raises(DisclosureRefused, match="for this purpose"):
        referral_make(
            client_record, case_manager, housing, shared_information=[InformationKind.CONTACT]
        )
    assert not Referral.objects.exists()
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("purpose", [Purpose.CARE_COORDINATION, Purpose.TREATMENT])
def test_a_consent_for_a_purpose_a_referral_fits_covers_it_and_keeps_its_purpose(
    client_record, case_manager, housing, purpose
):
    consent = _consent_for_referrals(client_record, case_manager, purpose=purpose)
    referral_make(
        client_record, case_manager, housing, shared_information=[InformationKind.CONTACT]
    )
    assert Disclosure.objects.get().consent == consent
    assert Disclosure.objects.get().purpose == purpose
