"""The intake's duplicate check must not reveal clienthood: a match outside the user's scope
says only that a possible match exists in another caseload (no name, no case manager, not
even which detail matched), and every check is audited; the matched client sees it in "Who
has seen my record"."""

from django.urls import reverse

from clients.models import Client
from recovery_portal.audit.models import AuditEvent

from .test_intake_wizard import _new

NEUTRAL = "A possible match exists in another caseload — ask a supervisor."


def _by_phone(record) -> dict:
    return {"identity-phone": record.phone, "identity-email": ""}


def test_a_match_on_another_caseload_is_only_a_neutral_sentence(
    as_case_manager, case_manager, other_client_record
):
    other = other_client_record
    page = _new(as_case_manager, case_manager, **_by_phone(other)).content.decode()
    assert NEUTRAL in page
    for secret in (
        other.legal_first_name,
        other.legal_last_name,
        "Oli Othermanager",  # their case manager
        "same phone",  # which detail matched
        reverse("home:client_overview", args=[other.pk]),
    ):
        assert secret not in page
    assert not Client.objects.filter(legal_last_name="Newcomer").exists()


def test_several_matches_elsewhere_say_the_sentence_once(
    as_case_manager, case_manager, other_client_record
):
    other = other_client_record
    page = _new(
        as_case_manager,
        case_manager,
        **{
            **_by_phone(other),
            "identity-legal_first_name": other.legal_first_name,
            "identity-legal_last_name": other.legal_last_name,
            "identity-date_of_birth": other.date_of_birth.isoformat(),
        },
    ).content.decode()
    assert page.count("A possible match exists in another caseload") == 1


def test_a_match_on_my_caseload_still_links_to_the_record(
    as_case_manager, case_manager, client_record
):
    page = _new(as_case_manager, case_manager, **_by_phone(client_record)).content.decode()
    assert reverse("home:client_overview", args=[client_record.pk]) in page
    assert "same phone" in page
    assert NEUTRAL not in page


def test_the_check_is_audited_with_the_matched_clients(
    as_case_manager, case_manager, client_record, other_client_record
):
    _new(
        as_case_manager,
        case_manager,
        **{"identity-phone": other_client_record.phone, "identity-email": client_record.email},
    )
    event = AuditEvent.objects.get(action="client.duplicate_check")
    assert event.actor == case_manager
    assert sorted(event.details["client_ids"]) == sorted([client_record.pk, other_client_record.pk])
    assert event.details["other_caseloads"] == [other_client_record.pk]
    assert "Dana" not in str(event.details)  # what was typed stays out of the trail


def test_a_check_that_finds_no_one_is_audited_too(as_case_manager, case_manager):
    _new(as_case_manager, case_manager)
    event = AuditEvent.objects.get(action="client.duplicate_check")
    assert event.details["client_ids"] == []


def test_the_matched_client_sees_the_check_in_who_has_seen_my_record(
    as_case_manager, case_manager, other_client_record, other_client_user, client
):
    _new(as_case_manager, case_manager, **_by_phone(other_client_record))
    client.force_login(other_client_user)
    page = client.get(reverse("clients:my_record_views")).content.decode()
    assert "Checked for a possible duplicate record" in page
    assert "Cam Manager" in page
