"""Emergency access ("break the glass"): a case manager opens a record outside their caseload
for a stated reason, for a limited time; it is audited, shown to supervisors at once (Today)
and to the client (Who has seen my record), visible on the record's header while it lasts,
and ends by itself."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, EmergencyAccess
from clients.selectors.emergency import emergency_accesses_to_review
from clients.selectors.record import client_for, clients_for
from clients.services.emergency import emergency_access_open
from recovery_portal.accounts.models import User
from recovery_portal.audit.models import AuditEvent
from recovery_portal.audit.services import audit_record

REASON = "Jamie called the crisis line; their case manager is away and I need the safety plan."


@pytest.fixture
def as_other_case_manager(client, other_case_manager):
    client.force_login(other_case_manager)
    return client


def _search(web, record):
    """The exact search that offers a record outside the caseload (the only way in)."""
    return web.get(reverse("clients:list"), {"q": record.legal_name})


def _open(web, record, reason=REASON, *, search=True):
    if search:
        _search(web, record)
    return web.post(reverse("clients:emergency_access", args=[record.pk]), {"reason": reason})


def test_a_case_manager_opens_a_record_outside_their_caseload_for_a_stated_reason(
    as_other_case_manager, other_case_manager, client_record
):
    summary = reverse("clients:emergency_summary", args=[client_record.pk])
    assert as_other_case_manager.get(summary).status_code == 404
    response = _open(as_other_case_manager, client_record)
    assert response.status_code == 302
    assert response["Location"] == summary
    assert as_other_case_manager.get(summary).status_code == 200
    assert client_record in clients_for(other_case_manager, emergency=True)
    grant = EmergencyAccess.objects.get()
    assert (grant.user, grant.client, grant.reason) == (other_case_manager, client_record, REASON)
    assert grant.expires_at - grant.started_at == dt.timedelta(hours=4)
    event = AuditEvent.objects.get(action="client.emergency_access")
    assert (event.actor, event.client_id) == (other_case_manager, client_record.pk)
    # The reason is kept on the grant (supervisors and the client read it there), not in the
    # trail, which outlives the record.
    assert event.details == {"until": grant.expires_at.isoformat(), "grant": grant.pk}
    assert event.target_label == f"client record {client_record.pk}"


def test_the_length_comes_from_the_setting(settings, other_case_manager, client_record):
    settings.EMERGENCY_ACCESS_HOURS = 1
    grant = emergency_access_open(user=other_case_manager, client=client_record, reason=REASON)
    assert grant.expires_at - grant.started_at == dt.timedelta(hours=1)


def test_it_ends_by_itself(other_case_manager, client_record):
    emergency_access_open(user=other_case_manager, client=client_record, reason=REASON)
    assert client_for(other_case_manager, client_record.pk, emergency=True) == client_record
    later = timezone.now() + dt.timedelta(hours=4, minutes=1)
    with time_machine.travel(later), pytest.raises(Http404):
        client_for(other_case_manager, client_record.pk, emergency=True)


@pytest.mark.parametrize("reason", ["", "   ", "need it"])
def test_a_reason_in_words_is_required(as_other_case_manager, client_record, reason):
    response = _open(as_other_case_manager, client_record, reason)
    assert response.status_code == 200
    assert "Please say why you need this record now" in response.content.decode()
    assert not EmergencyAccess.objects.exists()


def test_a_record_no_search_offered_cannot_be_opened(as_other_case_manager, client_record):
    """Ids cannot be walked: a record is opened only after a search offered it, and a record
    not offered answers 404 whether or not it exists."""
    assert _open(as_other_case_manager, client_record, search=False).status_code == 404
    assert not EmergencyAccess.objects.exists()


def test_the_form_opens_nothing_and_names_no_one(as_other_case_manager, client_record):
    _search(as_other_case_manager, client_record)
    response = as_other_case_manager.get(
        reverse("clients:emergency_access", args=[client_record.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'method="post"' in page and "Reason" in page
    assert client_record.legal_name not in page
    assert not EmergencyAccess.objects.exists()


@pytest.mark.parametrize("persona", ["admin_user", "facilitator"])
def test_only_people_who_keep_a_caseload_may_use_it(persona, request, client, client_record):
    client.force_login(request.getfixturevalue(persona))
    assert _open(client, client_record).status_code == 404
    assert not EmergencyAccess.objects.exists()


def test_a_record_that_does_not_exist_is_a_404(as_other_case_manager, client_record):
    response = as_other_case_manager.post(
        reverse("clients:emergency_access", args=[client_record.pk + 999]), {"reason": REASON}
    )
    assert response.status_code == 404


def test_supervisors_see_it_on_today_at_once(client, supervisor, other_case_manager, client_record):
    emergency_access_open(user=other_case_manager, client=client_record, reason=REASON)
    client.force_login(supervisor)
    page = client.get(reverse("home:today")).content.decode()
    assert "Emergency access" in page
    assert "Oli Othermanager" in page and client_record.display_name in page
    assert "crisis line" in page


def test_case_managers_do_not_get_the_supervisors_card(
    client, case_manager, other_case_manager, client_record
):
    emergency_access_open(user=other_case_manager, client=client_record, reason=REASON)
    client.force_login(case_manager)
    assert "emergency-heading" not in client.get(reverse("home:today")).content.decode()


def test_the_client_sees_it_with_the_reason(client, client_user, other_case_manager, client_record):
    emergency_access_open(user=other_case_manager, client=client_record, reason=REASON)
    client.force_login(client_user)
    page = client.get(reverse("clients:my_record_views")).content.decode()
    assert "Opened your record in an emergency" in page
    assert "crisis line" in page  # read from the grant: the audit event does not hold it
    assert "crisis line" not in str(
        AuditEvent.objects.get(action="client.emergency_access").details
    )
    assert "Oli Othermanager" in page


def test_an_event_written_with_the_reason_in_it_still_shows_it(
    client, client_user, other_case_manager, client_record
):
    # Events written before the reason left the trail hold it in their details (and may
    # outlast their grant): the page still shows it.
    audit_record(
        actor=other_case_manager,
        action="client.emergency_access",
        target=client_record,
        details={"reason": "An older reason, written in the event", "grant": 0},
    )
    client.force_login(client_user)
    page = client.get(reverse("clients:my_record_views")).content.decode()
    assert "The reason they gave: “An older reason, written in the event”" in page


def test_the_record_header_shows_it_while_it_lasts(as_other_case_manager, client_record):
    _open(as_other_case_manager, client_record)
    page = as_other_case_manager.get(
        reverse("clients:emergency_summary", args=[client_record.pk])
    ).content.decode()
    assert "Emergency access" in page and "crisis line" in page


def test_opening_it_twice_keeps_one_grant(other_case_manager, client_record):
    first = emergency_access_open(user=other_case_manager, client=client_record, reason=REASON)
    again = emergency_access_open(user=other_case_manager, client=client_record, reason=REASON)
    assert first == again and EmergencyAccess.objects.count() == 1


def test_a_client_on_my_caseload_needs_no_emergency(as_case_manager, client_record):
    response = as_case_manager.get(reverse("clients:emergency_access", args=[client_record.pk]))
    assert response.status_code == 302
    assert not EmergencyAccess.objects.exists()


def test_a_search_that_finds_a_client_elsewhere_offers_it(as_other_case_manager, client_record):
    emergency = reverse("clients:emergency_access", args=[client_record.pk])
    page = as_other_case_manager.get(
        reverse("clients:list"), {"q": client_record.legal_name}
    ).content.decode()
    assert emergency in page and "Open in an emergency" in page
    assert client_record.phone not in page
    # A part of a name is not enough to be told a record exists.
    page = as_other_case_manager.get(
        reverse("clients:list"), {"q": client_record.legal_first_name}
    ).content.decode()
    assert emergency not in page


def test_the_scope_stays_one_query(other_case_manager, client_record, django_assert_num_queries):
    emergency_access_open(user=other_case_manager, client=client_record, reason=REASON)
    user = User.objects.get(pk=other_case_manager.pk)
    assert user.keeps_caseload  # the permissions are loaded once per request
    with django_assert_num_queries(1):
        assert list(clients_for(user, emergency=True)) == [client_record]


@pytest.mark.parametrize("size", [3, 40])
def test_the_supervisors_card_takes_a_fixed_number_of_queries(
    size, client, supervisor, other_case_manager, django_assert_max_num_queries
):
    now = timezone.now()
    people = Client.objects.bulk_create(
        Client(legal_first_name=f"Person{i}", legal_last_name="Volume") for i in range(size)
    )
    EmergencyAccess.objects.bulk_create(
        EmergencyAccess(
            client=c,
            user=other_case_manager,
            reason=REASON,
            started_at=now,
            expires_at=now + dt.timedelta(hours=4),
        )
        for c in people
    )
    client.force_login(supervisor)
    # Today's queries, the same at every size (+2: the texts-from-clients card, none unread)
    with django_assert_max_num_queries(23):
        page = client.get(reverse("home:today")).content.decode()
    assert page.count("Oli Othermanager") == min(size, 20)


def test_the_demo_shows_one_emergency_access_and_seeding_again_adds_none(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo", force=True)
    grant = EmergencyAccess.objects.get()
    assert grant.user.email == "casemanager2@example.org"
    supervisor = User.objects.get(email="supervisor@example.org")
    assert list(emergency_accesses_to_review(supervisor)) == [grant]
    jordan = Client.objects.get(user__email="client@example.org")
    assert jordan not in clients_for(grant.user)  # the demo caseloads stay as designed


def test_the_search_that_offered_it_is_audited_and_shown_to_the_client(
    as_other_case_manager, client_record, client, client_user
):
    as_other_case_manager.get(reverse("clients:list"), {"q": client_record.email})
    event = AuditEvent.objects.get(action="client.emergency_search")
    assert event.details == {"client_ids": [client_record.pk]}  # not what was typed
    client.force_login(client_user)
    page = client.get(reverse("clients:my_record_views")).content.decode()
    assert "Found by a search of someone outside your care team" in page


# Minimum necessary: an emergency opens the summary, not the whole record --------------------


@pytest.fixture
def opened_in_an_emergency(as_other_case_manager, client_record, case_manager):
    from clients.services.support import support_contact_create

    support_contact_create(
        client=client_record,
        actor=case_manager,
        name="Dana Rivers",
        kind="family",
        relationship="sister",
        phone="(555) 867-5309",
        may_contact=True,
        contact_about="if I am in crisis",
    )
    _open(as_other_case_manager, client_record)
    return as_other_case_manager


def _summary(web, record) -> str:
    return web.get(reverse("clients:emergency_summary", args=[record.pk])).content.decode()


def test_the_summary_holds_what_an_emergency_needs(opened_in_an_emergency, client_record):
    page = _summary(opened_in_an_emergency, client_record)
    assert client_record.phone in page
    assert "primary case manager" in page
    assert "Record what I told medical personnel" in page
    # No tabs into the rest of the record.
    assert reverse("casework:notes", args=[client_record.pk]) not in page
    assert reverse("clients:consent_list", args=[client_record.pk]) not in page


@pytest.mark.parametrize(
    "url_name",
    [
        "home:client_overview",
        "clients:profile",
        "clients:intake",
        "clients:screenings",
        "clients:consent_list",
        "clients:disclosure_list",
        "casework:plan",
        "casework:notes",
        "casework:client_referrals",
        "aftercare:followups",
    ],
)
def test_the_rest_of_the_record_stays_closed(opened_in_an_emergency, client_record, url_name):
    response = opened_in_an_emergency.get(reverse(url_name, args=[client_record.pk]))
    assert response.status_code == 404


def test_a_safety_alert_can_be_followed_up_from_the_summary(opened_in_an_emergency, client_record):
    from clients.models import SafetyAlert

    alert = SafetyAlert.objects.create(
        client=client_record, kind="phq9_item9", message="PHQ-9 item 9 answered"
    )
    summary = reverse("clients:emergency_summary", args=[client_record.pk])
    assert "PHQ-9 item 9 answered" in opened_in_an_emergency.get(summary).content.decode()
    response = opened_in_an_emergency.post(
        reverse("clients:alert_follow_up", args=[client_record.pk, alert.pk]),
        {"follow_up_note": "Called them; they are safe with their sister."},
    )
    assert response["Location"] == summary
    alert.refresh_from_db()
    assert alert.resolved_at is not None


def test_a_medical_emergency_disclosure_can_be_recorded(opened_in_an_emergency, client_record):
    from clients.models import Disclosure

    url = reverse("clients:disclosure_without_consent", args=[client_record.pk])
    page = opened_in_an_emergency.get(url)
    assert page.status_code == 200
    response = opened_in_an_emergency.post(
        url,
        {
            "basis": "medical_emergency",
            "recipient_name": "Dr. Ames",
            "recipient_affiliation": "County General",
            "emergency_nature": "Unresponsive at a meeting",
            "information_kinds": ["contact"],
            "description": "Emergency contact",
            "disclosed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response["Location"] == reverse("clients:emergency_summary", args=[client_record.pk])
    assert Disclosure.objects.get().recipient_name == "Dr. Ames"


def test_opening_again_while_it_lasts_goes_back_to_the_summary(
    opened_in_an_emergency, client_record
):
    response = opened_in_an_emergency.get(
        reverse("clients:emergency_access", args=[client_record.pk])
    )
    assert response["Location"] == reverse("clients:emergency_summary", args=[client_record.pk])


def test_a_supporter_without_a_signed_consent_is_not_to_be_contacted(
    opened_in_an_emergency, client_record
):
    # The client said Dana may be contacted, but signed no consent: a call from us would tell
    # her that her sister is our client.
    page = _summary(opened_in_an_emergency, client_record)
    assert "Dana Rivers" in page
    assert "867-5309" not in page
    assert "no signed consent covers it yet" in page


def test_a_supporter_under_a_signed_consent_may_be_called(
    opened_in_an_emergency, client_record, case_manager
):
    from clients.models import SupportContact
    from tests.clients.consent.helpers import consent_make

    dana = SupportContact.objects.get(client=client_record, name="Dana Rivers")
    consent_make(client_record, case_manager, recipient_contact=dana)
    page = _summary(opened_in_an_emergency, client_record)
    assert "867-5309" in page and "if I am in crisis" in page
    assert "under the client&#x27;s signed consent" in page or "signed consent" in page


def test_emergency_access_records_only_a_medical_emergency_disclosure(
    opened_in_an_emergency, client_record
):
    from clients.models import Disclosure

    response = opened_in_an_emergency.post(
        reverse("clients:disclosure_without_consent", args=[client_record.pk]),
        {
            "basis": "court_order",
            "recipient_name": "County court",
            "basis_reference": "Case 12, order of May 2",
            "information_kinds": ["contact"],
            "description": "Address",
            "disclosed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "court_order is not one of the available choices" in response.content.decode()
    assert not Disclosure.objects.exists()
