"""The audit trail outlives the records it is about (a client's record is destroyed under the
retention policy; its events are never changed or deleted), so events name people and objects
by number, never by name or clinical content; staff who act are named by e-mail."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from aftercare.models import CheckInAlert, FollowUp, FollowUpNeed
from aftercare.services.followup import followup_complete, need_mark_acted_on
from clients.instruments.catalog import answers_for_score, instrument
from clients.models import (
    Client,
    EmergencyAccess,
    IntakeNeed,
    SafetyAlert,
    Screening,
    SupportContact,
)
from clients.services.emergency import emergency_access_open
from clients.services.screening import screening_record
from recovery_portal.accounts.models import User
from recovery_portal.audit.models import AuditEvent
from recovery_portal.audit.services import audit_label, audit_record

pytestmark = pytest.mark.django_db


def _what_must_not_be_in_the_trail() -> set[str]:
    """Every name, address, phone and piece of clinical content the database holds about
    clients: what no audit event may carry."""
    found: set[str] = set()
    for row in Client.objects.all():
        found |= {
            row.legal_first_name,
            row.legal_last_name,
            row.preferred_name,
            row.display_name,
            row.email,
            row.phone,
        }
    for user in User.objects.filter(client_record__isnull=False):
        found |= {user.full_name, user.email, user.phone}
    for screening in Screening.objects.all():
        found |= {screening.band_label, f"{screening.instrument_name} {screening.score}"}
    found |= set(SupportContact.objects.values_list("name", flat=True))
    found |= set(IntakeNeed.objects.values_list("description", flat=True))
    found |= set(FollowUpNeed.objects.values_list("description", flat=True))
    found |= set(EmergencyAccess.objects.values_list("reason", flat=True))
    found |= set(SafetyAlert.objects.values_list("message", flat=True))
    # Short codes ("use", "self_harm") are searched as JSON strings: "use" must not match "user".
    for reasons in CheckInAlert.objects.values_list("reasons", flat=True):
        found |= {json.dumps(reason) for reason in reasons}
    found |= {json.dumps(kind) for kind in SafetyAlert.objects.values_list("kind", flat=True)}
    return {text for text in found if text and text.strip()}


def _leaks(events) -> list[str]:
    needles = sorted(_what_must_not_be_in_the_trail(), key=len, reverse=True)
    # Whole words only (a first name "Kit" is not in "kitchen"), case as written.
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in needles) + r")(?!\w)")
    leaks = []
    for event in events:
        for field in ("target_label", "actor_label", "details"):
            value = getattr(event, field)
            text = json.dumps(value, ensure_ascii=False) if field == "details" else value
            if match := pattern.search(text):
                leaks.append(f"{event.action} {field}: {match.group(0)!r} in {text[:120]!r}")
    return leaks


def test_no_event_of_a_whole_organizations_records_names_a_client_or_holds_clinical_content(
    settings, client
):
    settings.DEBUG = True
    call_command("seed_demo")
    manager = User.objects.get(email="casemanager@example.org")
    other_manager = User.objects.get(email="casemanager2@example.org")
    # What the demo may not do itself: a need found at a follow-up, acted on; an emergency
    # access with the reason in words; a client signing in, and a wrong password for another.
    followup = FollowUp.objects.filter(status="open").select_related("client").first()
    followup_complete(
        followup=followup,
        actor=manager,
        completed_on=timezone.localdate(),
        any_use_since_last_contact=True,
        days_of_use_last_30=3,
        housing="own_or_rent",
        work_or_school="full_time",
        meetings_last_30=4,
        barc10="not_asked",
        needs=["Help paying for buprenorphine refills"],
    )
    need_mark_acted_on(need=FollowUpNeed.objects.get(followup=followup), actor=manager)
    jordan = Client.objects.get(user__email="client@example.org")
    emergency_access_open(
        user=other_manager,
        client=jordan,
        reason="Jordan rang at night after drinking again and asked for their sponsor's number",
    )
    client.post(
        reverse("account_login"),
        {"login": "client@example.org", "password": settings.DEMO_PASSWORD},
    )
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": "client2@example.org", "password": "wrong-1"})

    events = AuditEvent.objects.all()
    assert events.count() > 2000
    # Every kind of thing the demo does is in the trail: clients' own actions, screenings,
    # alerts, contacts, consents, disclosures, check-ins, follow-ups, emergency access.
    actions = set(events.values_list("action", flat=True))
    assert {
        "auth.login",
        "auth.login_failed",
        "client.create",
        "screening.record",
        "client.safety_alert",
        "support_contact.create",
        "consent.record_paper",
        "aftercare.checkin",
        "aftercare.alert.raise",
        "aftercare.need.acted_on",
        "client.emergency_access",
        "groups.rsvp",
    } <= actions
    assert events.filter(actor__client_record__isnull=False).exists()
    assert _leaks(events) == []


def test_a_target_is_named_by_kind_and_number_a_client_record_by_its_number(
    client_record, case_manager
):
    screening = screening_record(
        client=client_record,
        instrument=instrument("gad7"),
        answers=answers_for_score(instrument("gad7"), 10),
        actor=case_manager,
    )
    assert str(screening).startswith("GAD-7 10")  # what the trail used to keep
    event = AuditEvent.objects.get(action="screening.record")
    assert (event.target_type, event.target_id) == ("clients.screening", str(screening.pk))
    assert (event.target_label, event.client_id) == (f"screening {screening.pk}", client_record.pk)
    assert event.details == {"instrument": "gad7"}
    assert audit_label(client_record) == f"client record {client_record.pk}"


def test_staff_are_named_by_e_mail_and_a_client_by_record_number(
    client_user, client_record, case_manager, admin_user
):
    assert client_record.user == client_user
    assert case_manager.audit_label == "cm@example.test"
    assert admin_user.audit_label == "admin@example.test"
    assert client_user.audit_label == f"client record {client_record.pk}"
    event = audit_record(actor=client_user, action="test.act", target=client_user)
    assert event.actor == client_user and event.actor_role == "Client"
    assert event.actor_label == event.target_label == f"client record {client_record.pk}"


def test_a_client_account_not_yet_linked_to_a_record_is_named_by_number(other_client_user):
    assert other_client_user.audit_label == f"user {other_client_user.pk}"


def test_a_deactivated_staff_member_is_still_named_by_e_mail(case_manager):
    case_manager.is_active = False
    case_manager.save()
    case_manager = User.objects.get(pk=case_manager.pk)
    assert case_manager.audit_label == "cm@example.test"


def test_a_consent_to_someone_named_in_words_is_audited_without_the_name(
    client_record, case_manager
):
    from tests.clients.consent.helpers import consent_make, contact_make

    named = consent_make(client_record, case_manager, signed=False)  # "Dana Rivers (sister)"
    contact = contact_make(client_record, case_manager)
    to_contact = consent_make(client_record, case_manager, signed=False, recipient_contact=contact)
    by_class = consent_make(
        client_record,
        case_manager,
        signed=False,
        recipient_class="referral_providers",
        recipient_name="",
    )
    assert named.recipient_key == "name:dana-rivers-sister"
    recipients = dict(
        AuditEvent.objects.filter(action="consent.request").values_list(
            "target_id", "details__recipient"
        )
    )
    assert recipients == {
        str(named.pk): "name",
        str(to_contact.pk): f"clients.supportcontact:{contact.pk}",
        str(by_class.pk): "class:referral_providers",
    }
    contact_event = AuditEvent.objects.get(action="support_contact.create")
    assert contact_event.target_label == f"support contact {contact.pk}"
