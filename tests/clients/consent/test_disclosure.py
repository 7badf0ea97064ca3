"""Only a signed consent in effect covers a disclosure; each disclosure is logged for the client."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from clients.models import Disclosure, InformationKind
from clients.part2 import REDISCLOSURE_NOTICE
from clients.selectors.consent import covering_consent
from clients.services.consent import consent_revoke
from clients.services.disclosure import DisclosureRefused, disclosure_record
from clients.services.support import support_contact_remove
from recovery_portal.audit.models import AuditEvent

from .helpers import consent_make, contact_make

ATTENDANCE = InformationKind.ATTENDANCE


def _covered(**question) -> bool:
    return covering_consent(**question) is not None


@pytest.fixture
def sister(client_record, client_user):
    return contact_make(client_record, client_user)


def _share(client_record, recipient, actor, information=ATTENDANCE):
    return disclosure_record(
        client=client_record,
        recipient=recipient,
        information=information,
        description="Told her Jamie attended group on Monday",
        actor=actor,
    )


def test_a_signed_consent_covers_its_recipient_and_information(client_record, case_manager, sister):
    consent = consent_make(client_record, case_manager, recipient_contact=sister)
    assert covering_consent(client=client_record, recipient=sister, information=ATTENDANCE) == (
        consent
    )
    assert _covered(client=client_record, recipient=sister, information=[ATTENDANCE])
    assert not _covered(client=client_record, recipient=sister, information=InformationKind.PLAN)
    assert not _covered(client=client_record, recipient="name:someone-else", information=ATTENDANCE)
    assert not _covered(
        client=client_record, recipient=sister, information=ATTENDANCE, purpose="referral"
    )
    assert _covered(
        client=client_record, recipient=sister, information=ATTENDANCE, purpose="support"
    )


def test_a_consent_waiting_for_signature_covers_nothing(client_record, case_manager, sister):
    consent_make(client_record, case_manager, recipient_contact=sister, signed=False)
    assert covering_consent(client=client_record, recipient=sister, information=ATTENDANCE) is None
    with pytest.raises(DisclosureRefused):
        _share(client_record, sister, case_manager)
    assert not Disclosure.objects.exists()


def test_a_revoked_consent_blocks_disclosure_at_once(client_record, case_manager, sister):
    consent = consent_make(client_record, case_manager, recipient_contact=sister)
    _share(client_record, sister, case_manager)
    consent_revoke(consent=consent, actor=client_record.user)
    with pytest.raises(DisclosureRefused):
        _share(client_record, sister, case_manager)
    assert Disclosure.objects.count() == 1


def test_an_expired_consent_blocks_disclosure(client_record, case_manager, sister):
    expires = timezone.localdate() + timezone.timedelta(days=10)
    consent_make(client_record, case_manager, recipient_contact=sister, expires_on=expires)
    assert _covered(client=client_record, recipient=sister, information=ATTENDANCE)
    with time_machine.travel(timezone.now() + timezone.timedelta(days=11)):
        assert not _covered(client=client_record, recipient=sister, information=ATTENDANCE)
        with pytest.raises(DisclosureRefused):
            _share(client_record, sister, case_manager)


def test_a_whole_record_consent_covers_every_kind(client_record, case_manager):
    consent_make(
        client_record,
        case_manager,
        recipient_name="Dr. Lee, Eastside Clinic",
        information_kinds=[InformationKind.WHOLE_RECORD],
        purpose="treatment",
    )
    for kind in InformationKind.values:
        assert _covered(
            client=client_record, recipient="name:dr-lee-eastside-clinic", information=kind
        )


def test_a_class_consent_covers_each_member_of_the_class(client_record, case_manager, sister):
    consent_make(client_record, case_manager, recipient_name="", recipient_class="support_network")
    assert _covered(client=client_record, recipient=sister, information=ATTENDANCE)


def test_one_clients_consent_never_covers_another_client(
    client_record, other_client_record, case_manager, sister
):
    consent_make(client_record, case_manager, recipient_contact=sister)
    assert not _covered(client=other_client_record, recipient=sister, information=ATTENDANCE)


def test_a_disclosure_is_logged_with_whom_when_what_why_and_audited(
    client_record, case_manager, sister
):
    consent = consent_make(client_record, case_manager, recipient_contact=sister)
    disclosure = _share(client_record, sister, case_manager)
    assert disclosure.consent == consent
    assert disclosure.recipient_name == "Dana Rivers"
    assert disclosure.purpose == "support"
    assert disclosure.disclosed_by == case_manager
    event = AuditEvent.objects.get(action="client.disclose")
    assert event.client_id == client_record.pk
    assert event.details["consent"] == consent.pk


def test_the_client_sees_their_disclosures_with_the_part2_notice(
    client, client_user, client_record, case_manager, sister
):
    consent_make(client_record, case_manager, recipient_contact=sister)
    _share(client_record, sister, case_manager)
    client.force_login(client_user)
    page = client.get(reverse("clients:my_disclosures")).content.decode()
    assert "Told her Jamie attended group on Monday" in page
    assert "Dana Rivers" in page
    assert REDISCLOSURE_NOTICE[:80] in page


def test_staff_record_a_disclosure_only_under_a_consent_in_effect(
    client, case_manager, client_record, sister
):
    consent = consent_make(client_record, case_manager, recipient_contact=sister)
    client.force_login(case_manager)
    url = reverse("clients:disclosure_create", kwargs={"client_pk": client_record.pk})
    data = {
        "consent": consent.pk,
        "information_kinds": ["plan"],
        "description": "Read her the plan",
        "disclosed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    response = client.post(url, data)
    assert "No signed consent in effect covers" in response.content.decode()
    assert not Disclosure.objects.exists()
    response = client.post(url, {**data, "information_kinds": ["attendance"]})
    assert response.status_code == 302
    assert Disclosure.objects.get().description == "Read her the plan"


def test_removing_a_contact_revokes_the_consents_naming_them(
    client_record, case_manager, client_user, sister
):
    consent = consent_make(client_record, case_manager, recipient_contact=sister)
    support_contact_remove(contact=sister, actor=client_user)
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    assert not _covered(client=client_record, recipient=sister, information=ATTENDANCE)


def test_the_cover_sheet_carries_the_notice_and_a_copy_of_the_consent(
    client, client_record, case_manager, sister
):
    """42 CFR 2.32: what leaves under a consent goes with the notice and the consent's copy."""
    consent_make(client_record, case_manager, recipient_contact=sister)
    disclosure = _share(client_record, sister, case_manager)
    client.force_login(case_manager)
    page = client.get(
        reverse("clients:disclosure_cover", args=[client_record.pk, disclosure.pk])
    ).content.decode()
    assert "42 CFR part 2" in page
    assert "Copy of the consent this record is disclosed under" in page
    assert "Told her Jamie attended group on Monday" in page
