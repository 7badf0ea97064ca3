"""Demo consents, support networks and disclosures for every demo client.

Idempotent: a client who already has a consent is left alone. When the demo client records do
not exist yet (the intake demo adds them), client@ and client2@ get a record here.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from clients.models import Client, ClientStatus, InformationKind, Purpose
from clients.models.consent import ExpiryEvent
from clients.models.disclosure import LegalBasis
from clients.selectors.record import primary_case_manager
from clients.services.consent import (
    consent_record_paper,
    consent_request,
    consent_revoke,
    consent_sign,
)
from clients.services.disclosure import disclosure_record, disclosure_record_without_consent
from clients.services.record import case_assign, client_create, client_record_viewed
from clients.services.support import support_contact_create

DEMO_SCAN = b"%PDF-1.4\n% Demo scan of a signed consent form (fictional)\n%%EOF\n"

_DEMO_RECORDS = [
    # (login, first, last, case manager)
    ("client@example.org", "Jordan", "Rivers", "casemanager@example.org"),
    ("client2@example.org", "Riley", "Brooks", "casemanager2@example.org"),
]

_FAMILY = ["Dana", "Chris", "Morgan", "Taylor", "Jesse", "Casey", "Robin", "Sam"]
_SPONSORS = ["Pat", "Lee", "Alex", "Drew", "Kim", "Jo"]


def _ensure_demo_records(people) -> None:
    supervisor = people["supervisor@example.org"]
    for email, first, last, manager_email in _DEMO_RECORDS:
        user = people[email]
        if Client.objects.filter(user=user).exists():
            continue
        record = client_create(
            actor=supervisor,
            legal_first_name=first,
            legal_last_name=last,
            email=email,
            status=ClientStatus.ACTIVE,
            user=user,
        )
        case_assign(client=record, case_manager=people[manager_email], actor=supervisor)


def _elements(**values) -> dict:
    return {
        "discloser": "Recovery Portal and its staff",
        "purpose_detail": "",
        "expiry_event": "",
        "expires_on": None,
        **values,
    }


def _seed_client(client: Client, actor, index: int) -> None:
    """A support network and one consent in each state: in effect (with a disclosure under
    it), waiting for the signature, revoked and expired."""
    relative, sponsor = _support_network(client, actor, index)
    _consent_in_effect(client, actor, relative)
    _consent_awaiting(client, actor)
    _consent_revoked(client, actor, sponsor)
    _consent_expired(client, actor)
    if client.status not in (ClientStatus.DISCHARGED, ClientStatus.CLOSED):
        _consent_until_leaving(client, actor)
    if index == 0:
        _emergency_disclosure(client, actor)
    client_record_viewed(actor=actor, client=client, part="consents")


def _scan() -> ContentFile:
    return ContentFile(DEMO_SCAN, name="signed-consent.pdf")


def _support_network(client: Client, actor, index: int) -> tuple:
    """A relative who may be contacted, a sponsor who may not, and a peer from group."""
    family_name = f"{_FAMILY[index % len(_FAMILY)]} {client.legal_last_name}"
    relative = support_contact_create(
        client=client,
        actor=actor,
        name=family_name,
        kind="family",
        relationship=["sister", "brother", "mother", "partner"][index % 4],
        phone=f"555-02{index % 100:02d}",
        may_contact=True,
        contact_about="if I miss two meetings in a row",
    )
    sponsor = support_contact_create(
        client=client,
        actor=actor,
        name=f"{_SPONSORS[index % len(_SPONSORS)]} (sponsor)",
        kind="sponsor",
        relationship="NA sponsor" if index % 2 else "AA sponsor",
        phone=f"555-03{index % 100:02d}",
        may_contact=False,
    )
    support_contact_create(
        client=client,
        actor=actor,
        name=f"{_FAMILY[(index + 3) % len(_FAMILY)]} from Tuesday group",
        kind="peer",
        may_contact=False,
    )
    return relative, sponsor


def _consent_in_effect(client: Client, actor, relative) -> None:
    """Attendance to the relative, signed (in the portal when the client has an account, else
    on paper), and one disclosure under it."""
    today = timezone.localdate()
    to_relative = _elements(
        information_kinds=[InformationKind.ATTENDANCE],
        information_description="Whether I came to my group meetings and appointments",
        recipient_contact=relative,
        purpose=Purpose.SUPPORT,
        expires_on=today + timedelta(days=365),
    )
    if client.user_id:
        pending = consent_request(client=client, actor=actor, **to_relative)
        consent_sign(
            consent=pending, user=client.user, typed_name=client.legal_name, confirmed=True
        )
    else:
        consent_record_paper(
            client=client,
            actor=actor,
            signature_name=client.legal_name,
            signed_on=today - timedelta(days=20),
            scan=_scan(),
            **to_relative,
        )
    disclosure_record(
        client=client,
        recipient=relative,
        information=InformationKind.ATTENDANCE,
        description="Phoned to say they attended group every week this month",
        purpose_detail="Family asked how things are going",
        actor=actor,
    )


def _consent_awaiting(client: Client, actor) -> None:
    """The plan to referral providers, waiting for the client's signature."""
    consent_request(
        client=client,
        actor=actor,
        **_elements(
            information_kinds=[InformationKind.PLAN, InformationKind.APPOINTMENTS],
            information_description="My recovery plan goals and upcoming appointments",
            recipient_class="referral_providers",
            purpose=Purpose.REFERRAL,
            expiry_event="when the referral is closed",
        ),
    )


def _consent_revoked(client: Client, actor, sponsor) -> None:
    """Progress to the sponsor, signed on paper, then revoked by the client."""
    today = timezone.localdate()
    revoked = consent_record_paper(
        client=client,
        actor=actor,
        signature_name=client.legal_name,
        signed_on=today - timedelta(days=90),
        scan=_scan(),
        **_elements(
            information_kinds=[InformationKind.PROGRESS],
            information_description="General progress in the program",
            recipient_contact=sponsor,
            purpose=Purpose.AT_MY_REQUEST,
            expires_on=today + timedelta(days=275),
        ),
    )
    consent_revoke(consent=revoked, actor=client.user or actor, note="Client asked to stop")


def _consent_expired(client: Client, actor) -> None:
    """Last year's consent to a former employer's assistance program."""
    today = timezone.localdate()
    consent_record_paper(
        client=client,
        actor=actor,
        signature_name=client.legal_name,
        signed_on=today - timedelta(days=400),
        scan=_scan(),
        **_elements(
            information_kinds=[InformationKind.ATTENDANCE],
            information_description="Attendance at the outpatient program",
            recipient_name="Employee assistance program, Northside Logistics",
            purpose=Purpose.OTHER,
            purpose_detail="Return-to-work agreement",
            expires_on=today - timedelta(days=35),
        ),
    )


def _consent_until_leaving(client: Client, actor) -> None:
    """Treatment, payment and operations to "my treating providers" until the client leaves
    the program (the portal ends it at discharge), with a disclosure naming the provider."""
    today = timezone.localdate()
    consent_record_paper(
        client=client,
        actor=actor,
        signature_name=client.legal_name,
        signed_on=today - timedelta(days=30),
        scan=_scan(),
        **_elements(
            information_kinds=[InformationKind.ASSESSMENTS, InformationKind.PLAN],
            information_description="My intake and screening results and my recovery plan",
            recipient_class="treatment_providers",
            purpose=Purpose.TREATMENT,
            expiry_event_kind=ExpiryEvent.LEAVES_PROGRAM,
        ),
    )
    disclosure_record(
        client=client,
        recipient="class:treatment_providers",
        recipient_name="Dr. Amal Haddad, Eastside Family Clinic",
        information=[InformationKind.PLAN],
        description="Faxed the current recovery plan before a first appointment",
        disclosed_at=timezone.now() - timedelta(days=10),
        actor=actor,
    )


def _emergency_disclosure(client: Client, actor) -> None:
    """A medical emergency (42 CFR 2.51), documented as §2.51(c) requires."""
    disclosure_record_without_consent(
        client=client,
        actor=actor,
        basis=LegalBasis.MEDICAL_EMERGENCY,
        recipient_name="Dr. Lena Ortiz",
        recipient_affiliation="St. Mary's Hospital, Emergency Department",
        information=[InformationKind.WHOLE_RECORD],
        description="Current medications and substance use history",
        emergency_nature="Brought in unresponsive; treating staff needed the history",
        disclosed_at=timezone.now() - timedelta(days=45),
    )


def seed_consents(people) -> None:
    _ensure_demo_records(people)
    supervisor = people["supervisor@example.org"]
    todo = Client.objects.filter(consents__isnull=True).order_by("pk")
    for index, client in enumerate(todo):
        _seed_client(client, primary_case_manager(client) or supervisor, index)
