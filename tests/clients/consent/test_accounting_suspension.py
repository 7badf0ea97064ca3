"""The accounting of disclosures (HIPAA 164.528): the recipient's address when known, and the
suspension a health oversight agency or law enforcement official may ask for — the client's
pages and every copy of the record leave such a disclosure out until the date given; staff
see it marked; an oral request lasts at most 30 days."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clients.models import Disclosure, InformationKind
from clients.models.disclosure import LegalBasis
from clients.selectors.export import disclosures_export
from clients.services.accounting_suspension import disclosure_suspend_accounting
from clients.services.disclosure import disclosure_record, disclosure_record_without_consent
from recovery_portal.audit.models import AuditEvent
from tests.conftest import reauthenticate

from .helpers import consent_make, contact_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_disclosure(client_record, case_manager):
    return disclosure_record_without_consent(
        client=client_record,
        actor=case_manager,
        basis=LegalBasis.AUDIT_EVALUATION,
        recipient_name="State licensing audit",
        recipient_address="PO Box 12, Capital City",
        basis_reference="Audit agreement 2026-14",
        information=InformationKind.ATTENDANCE,
        description="Attendance records for the audit sample",
    )


def _url(disclosure):
    return reverse("clients:disclosure_suspend", args=[disclosure.client_id, disclosure.pk])


def _suspend(disclosure, actor, *, days=60, in_writing=True, **overrides):
    data = {
        "disclosure": disclosure,
        "actor": actor,
        "until": timezone.localdate() + dt.timedelta(days=days),
        "authority": "health_oversight",
        "requested_by": "State licensing board, investigator R. Lee",
        "statement": "Telling the client now would impede an open investigation, 60 days.",
        "in_writing": in_writing,
        "stated_on": timezone.localdate(),
    }
    data.update(overrides)
    return disclosure_suspend_accounting(**data)


def test_the_client_sees_the_recipients_address(client, client_user, audit_disclosure):
    client.force_login(client_user)
    page = client.get(reverse("clients:my_disclosures")).content.decode()
    assert "State licensing audit" in page and "PO Box 12, Capital City" in page


def test_an_address_given_with_a_consented_disclosure_is_kept(
    client_record, case_manager, client_user
):
    sister = contact_make(client_record, client_user)
    consent_make(client_record, case_manager, recipient_contact=sister)
    disclosure = disclosure_record(
        client=client_record,
        recipient=sister,
        information=InformationKind.ATTENDANCE,
        description="Attended group on Monday",
        recipient_address="dana@example.org",
        actor=case_manager,
    )
    assert disclosure.recipient_address == "dana@example.org"


def test_a_suspended_disclosure_is_left_out_of_everything_the_client_is_given(
    client, client_user, supervisor, audit_disclosure
):
    _suspend(audit_disclosure, supervisor)
    client.force_login(client_user)
    assert (
        "State licensing audit"
        not in client.get(reverse("clients:my_disclosures")).content.decode()
    )
    assert (
        "State licensing audit"
        not in client.get(reverse("clients:my_record_views")).content.decode()
    )
    assert disclosures_export(audit_disclosure.client) == []

    # A copy of the whole record, even the client's own, leaves it out too.
    client.force_login(supervisor)
    reauthenticate(client)
    response = client.post(
        reverse("clients:export_json", args=[audit_disclosure.client_id]),
        {"basis": "right_of_access"},
    )
    parts = {part["key"]: part["rows"] for part in json.loads(response.content)["parts"]}
    shared = [row["to whom"] for row in parts["disclosures"]]
    assert shared == ["Jamie Client"]  # only this copy itself, to the client


def test_staff_keep_it_on_the_ledger_marked(client, supervisor, audit_disclosure):
    _suspend(audit_disclosure, supervisor)
    client.force_login(supervisor)
    page = client.get(
        reverse("clients:disclosure_list", args=[audit_disclosure.client_id])
    ).content.decode()
    assert "State licensing audit" in page
    assert "Left out of the client's accounting until" in page


def test_the_client_sees_it_again_once_the_suspension_ends(
    client_user, supervisor, audit_disclosure
):
    _suspend(audit_disclosure, supervisor, days=0)  # until today, inclusive
    Disclosure.objects.filter(pk=audit_disclosure.pk).update(
        accounting_suspended_until=timezone.localdate() - dt.timedelta(days=1)
    )
    assert [row["to whom"] for row in disclosures_export(audit_disclosure.client)] == [
        "State licensing audit"
    ]


def test_an_oral_request_lasts_at_most_thirty_days_from_the_first_oral_statement(
    supervisor, audit_disclosure
):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        _suspend(audit_disclosure, supervisor, days=31, in_writing=False)
    assert "at most 30 days" in error.value.message_dict["until"][0]
    audit_disclosure.refresh_from_db()
    assert audit_disclosure.accounting_suspended_until is None
    # Stated ten days ago: twenty days are left.
    ten_days_ago = today - dt.timedelta(days=10)
    with pytest.raises(ValidationError):
        _suspend(audit_disclosure, supervisor, days=21, in_writing=False, stated_on=ten_days_ago)
    _suspend(audit_disclosure, supervisor, days=20, in_writing=False, stated_on=ten_days_ago)
    # A second oral request cannot stretch it: the 30 days count from the first.
    with pytest.raises(ValidationError):
        _suspend(audit_disclosure, supervisor, days=25, in_writing=False)
    # The written statement sets its own period; every request is kept as made.
    _suspend(audit_disclosure, supervisor, days=90, in_writing=True)
    audit_disclosure.refresh_from_db()
    assert audit_disclosure.accounting_suspended_until == today + dt.timedelta(days=90)
    assert [s.in_writing for s in audit_disclosure.suspensions.order_by("pk")] == [False, True]


def test_only_a_health_oversight_agency_or_law_enforcement_may_ask(supervisor, audit_disclosure):
    with pytest.raises(ValidationError) as error:
        _suspend(audit_disclosure, supervisor, authority="private_auditor")
    assert "authority" in error.value.message_dict
    assert not audit_disclosure.suspensions.exists()


def test_only_disclosures_to_oversight_or_law_enforcement_can_be_suspended(
    client_record, case_manager, supervisor
):
    emergency = disclosure_record_without_consent(
        client=client_record,
        actor=case_manager,
        basis=LegalBasis.MEDICAL_EMERGENCY,
        recipient_name="Dr. Ames",
        recipient_affiliation="County General",
        emergency_nature="Overdose",
        information=InformationKind.ASSESSMENTS,
        description="Medications",
    )
    with pytest.raises(ValidationError):
        _suspend(emergency, supervisor)
    emergency.refresh_from_db()
    assert emergency.accounting_suspended_until is None


def test_a_supervisor_suspends_it_on_the_page_and_it_is_audited(
    client, supervisor, audit_disclosure
):
    client.force_login(supervisor)
    url = reverse(
        "clients:disclosure_suspend", args=[audit_disclosure.client_id, audit_disclosure.pk]
    )
    until = timezone.localdate() + dt.timedelta(days=90)
    response = client.post(
        url,
        {
            "authority": "law_enforcement",
            "requested_by": "County prosecutor, Det. R. Lee",
            "in_writing": "1",
            "stated_on": timezone.localdate().isoformat(),
            "statement": "Would impede the investigation; 90 days.",
            "until": until.isoformat(),
        },
    )
    assert response.status_code == 302
    audit_disclosure.refresh_from_db()
    assert audit_disclosure.accounting_suspended_until == until
    event = AuditEvent.objects.get(action="disclosure.accounting_suspended")
    assert event.details == {
        "disclosure": audit_disclosure.pk,
        "until": until.isoformat(),
        "in_writing": True,
    }


def test_bad_input_on_the_page_is_named_and_changes_nothing(client, supervisor, audit_disclosure):
    client.force_login(supervisor)
    url = reverse(
        "clients:disclosure_suspend", args=[audit_disclosure.client_id, audit_disclosure.pk]
    )
    response = client.post(url, {"requested_by": "", "statement": "", "until": "soon"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please enter the leave it out of the client" in page or "YYYY-MM-DD" in page
    audit_disclosure.refresh_from_db()
    assert audit_disclosure.accounting_suspended_until is None


def test_a_case_manager_may_not_suspend(client, case_manager, audit_disclosure):
    client.force_login(case_manager)
    url = reverse(
        "clients:disclosure_suspend", args=[audit_disclosure.client_id, audit_disclosure.pk]
    )
    assert client.get(url).status_code == 403


def test_the_client_is_never_told_that_a_suspension_was_looked_at_or_made(
    client, client_user, supervisor, audit_disclosure
):
    client.force_login(supervisor)
    client.get(_url(audit_disclosure))
    _suspend(audit_disclosure, supervisor)
    client.force_login(client_user)
    page = client.get(reverse("clients:my_record_views")).content.decode().lower()
    assert "suspen" not in page and "licensing" not in page


def _record_a_court_order_suspended_at_once(client, client_record, **suspension):
    """Post the without-consent form for a court order, ticking the suspension."""
    return client.post(
        reverse("clients:disclosure_without_consent", args=[client_record.pk]),
        {
            "basis": "court_order",
            "recipient_name": "County prosecutor",
            "basis_reference": "Order of Judge Ames, case 26-114, Nov 2",
            "information_kinds": ["attendance"],
            "description": "Attendance dates",
            "disclosed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "suspend": "on",
            "suspension_authority": "law_enforcement",
            **suspension,
        },
    )


def test_it_can_be_suspended_as_it_is_recorded_so_the_client_never_sees_it(
    client, client_record, client_user, supervisor
):
    client.force_login(supervisor)
    today = timezone.localdate()
    response = _record_a_court_order_suspended_at_once(
        client,
        client_record,
        suspension_requested_by="County prosecutor, Det. R. Lee",
        suspension_in_writing="1",
        suspension_stated_on=today.isoformat(),
        suspension_statement="Would impede the investigation; 60 days.",
        suspension_until=(today + dt.timedelta(days=60)).isoformat(),
    )
    assert response.status_code == 302
    disclosure = Disclosure.objects.get(client=client_record)
    assert disclosure.accounting_suspended
    client.force_login(client_user)
    assert "County prosecutor" not in client.get(reverse("clients:my_disclosures")).content.decode()


def test_a_bad_suspension_on_the_form_records_nothing_at_all(client, client_record, supervisor):
    client.force_login(supervisor)
    response = _record_a_court_order_suspended_at_once(client, client_record)
    assert response.status_code == 200
    assert "Please give their statement" in response.content.decode()
    assert not Disclosure.objects.exists()
