"""The intake wizard: a new person with the duplicate check, steps kept as a draft, bad input
refused with clear messages, needs carried to the plan."""

import pytest
from django.urls import reverse

from clients.models import Client, ClientStatus, Intake, IntakeStatus
from clients.selectors.intake import intake_needs_of
from clients.selectors.record import clients_for
from clients.services.intake import intake_start
from recovery_portal.audit.models import AuditEvent
from tests.factories import ClientFactory


def _identity(**changes):
    data = {
        "identity-legal_first_name": "Dana",
        "identity-legal_last_name": "Newcomer",
        "identity-preferred_name": "Dee",
        "identity-pronouns": "she/her",
        "identity-date_of_birth": "1990-04-02",
        "identity-email": "dana.newcomer@example.test",
        "identity-phone": "(555) 201-0199",
        "identity-preferred_language": "English",
    }
    data.update(changes)
    return data


def _new(client, case_manager, **changes):
    return client.post(
        reverse("clients:intake_new"),
        _identity(**{"identity-primary_case_manager": case_manager.pk, **changes}),
    )


def test_a_case_manager_starts_an_intake_for_a_new_person(as_case_manager, case_manager):
    response = _new(as_case_manager, case_manager)
    record = Client.objects.get(legal_last_name="Newcomer")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "clients:intake_step", kwargs={"pk": record.pk, "step": "substance_use"}
    )
    assert record.status == ClientStatus.INTAKE
    assert record in clients_for(case_manager)
    assert record.intakes.get().status == IntakeStatus.DRAFT
    assert record.email == "dana.newcomer@example.test"
    assert AuditEvent.objects.filter(action="intake.start", client_id=record.pk).exists()


def test_a_case_manager_cannot_put_a_new_client_on_someone_elses_caseload(
    as_case_manager, case_manager, other_case_manager
):
    response = _new(as_case_manager, other_case_manager)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Client.objects.filter(legal_last_name="Newcomer").exists()


def test_a_supervisor_assigns_the_primary_case_manager_at_intake(as_supervisor, other_case_manager):
    _new(as_supervisor, other_case_manager)
    record = Client.objects.get(legal_last_name="Newcomer")
    assert record in clients_for(other_case_manager)


def test_a_bad_date_of_birth_is_refused_with_a_clear_message(as_case_manager, case_manager):
    response = _new(as_case_manager, case_manager, **{"identity-date_of_birth": "02/31/1990x"})
    assert response.status_code == 200
    assert "Please enter the date as YYYY-MM-DD" in response.content.decode()
    assert not Client.objects.filter(legal_last_name="Newcomer").exists()


def test_a_missing_name_and_a_short_phone_are_named_on_the_form(as_case_manager, case_manager):
    response = _new(
        as_case_manager,
        case_manager,
        **{"identity-legal_first_name": "", "identity-phone": "12"},
    )
    page = response.content.decode()
    assert "Please enter the legal first name." in page
    assert "Please enter a phone number with 7 to 15 digits" in page


def test_a_possible_duplicate_on_another_caseload_is_shown_without_its_details(
    as_case_manager, case_manager, other_client_record
):
    other = other_client_record
    response = _new(
        as_case_manager,
        case_manager,
        **{
            "identity-legal_first_name": other.legal_first_name.upper(),
            "identity-legal_last_name": other.legal_last_name,
            "identity-date_of_birth": other.date_of_birth.isoformat(),
            "identity-email": "",
            "identity-phone": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "A possible match exists in another caseload — ask a supervisor." in page
    # Nothing that identifies the other record: no link, no case manager, no phone, no e-mail.
    assert "Oli Othermanager" not in page
    assert reverse("home:client_overview", kwargs={"pk": other.pk}) not in page
    assert other.phone not in page
    assert other.email not in page
    assert Client.objects.filter(legal_last_name=other.legal_last_name).count() == 1
    # Confirming it is a different person goes on.
    response = _new(
        as_case_manager,
        case_manager,
        **{
            "identity-legal_first_name": other.legal_first_name,
            "identity-legal_last_name": other.legal_last_name,
            "identity-date_of_birth": other.date_of_birth.isoformat(),
            "identity-email": "",
            "identity-phone": "",
            "identity-confirm_new_person": "on",
        },
    )
    assert response.status_code == 302
    assert Client.objects.filter(legal_last_name=other.legal_last_name).count() == 2


def test_a_duplicate_by_phone_on_my_caseload_links_to_the_record(
    as_case_manager, case_manager, client_record
):
    digits = "".join(ch for ch in client_record.phone if ch.isdigit())
    response = _new(
        as_case_manager, case_manager, **{"identity-phone": f"({digits[:3]}) {digits[3:]}"}
    )
    page = response.content.decode()
    assert "same phone" in page
    assert reverse("home:client_overview", kwargs={"pk": client_record.pk}) in page


def test_a_duplicate_by_email_is_found_whatever_the_case(
    as_case_manager, case_manager, client_record
):
    response = _new(
        as_case_manager, case_manager, **{"identity-email": client_record.email.upper()}
    )
    assert "same e-mail" in response.content.decode()


def _step_url(record, step):
    return reverse("clients:intake_step", kwargs={"pk": record.pk, "step": step})


@pytest.fixture
def draft(client_record, case_manager):
    return intake_start(client=client_record, actor=case_manager)


def test_each_step_is_kept_as_a_draft_and_resumes_with_its_answers(
    as_case_manager, client_record, draft
):
    response = as_case_manager.post(
        _step_url(client_record, "substance_use"),
        {
            "substance_use-primary_substance": "opioids",
            "substance_use-age_first_use": "17",
            "substance_use-last_use_date": "2024-01-15",
            "substance_use-other_substances": ["alcohol", "tobacco"],
            "save_exit": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:intake", kwargs={"pk": client_record.pk})
    draft.refresh_from_db()
    assert draft.sections["substance_use"] == {
        "primary_substance": "opioids",
        "other_substances": ["alcohol", "tobacco"],
        "age_first_use": 17,
        "last_use_date": "2024-01-15",
    }
    page = as_case_manager.get(_step_url(client_record, "substance_use")).content.decode()
    assert 'value="2024-01-15"' in page
    assert 'value="17"' in page


def test_bad_answers_are_refused_with_clear_messages_and_the_draft_is_kept(
    as_case_manager, client_record, draft
):
    as_case_manager.post(
        _step_url(client_record, "substance_use"),
        {"substance_use-primary_substance": "alcohol", "substance_use-age_first_use": "19"},
    )
    response = as_case_manager.post(
        _step_url(client_record, "substance_use"),
        {
            "substance_use-primary_substance": "not-a-substance",
            "substance_use-age_first_use": "nineteen",
            "substance_use-last_use_date": "2199-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a whole number." in page
    assert "The date of last use cannot be in the future." in page
    assert "Select a valid choice" in page
    draft.refresh_from_db()
    assert draft.sections["substance_use"] == {"primary_substance": "alcohol", "age_first_use": 19}


def test_the_goals_step_needs_the_goals_and_complete_need_rows(
    as_case_manager, client_record, draft
):
    form = {
        "strengths-strengths": "Patient",
        "strengths-goals_in_own_words": "",
        "needs-TOTAL_FORMS": "3",
        "needs-INITIAL_FORMS": "0",
        "needs-MIN_NUM_FORMS": "0",
        "needs-MAX_NUM_FORMS": "30",
        "needs-0-domain": "housing",
        "needs-0-description": "",
        "needs-0-priority": "urgent",
        # Rows left empty still send the priority select's default, as a browser does.
        "needs-1-priority": "soon",
        "needs-2-priority": "soon",
    }
    page = as_case_manager.post(_step_url(client_record, "strengths"), form).content.decode()
    assert "Please write down the person&#x27;s goals in their own words" in page
    assert "Please describe the need." in page
    draft.refresh_from_db()
    assert "strengths" not in draft.sections
    form.update(
        {
            "strengths-goals_in_own_words": "Get my own place and see my kids on weekends.",
            "needs-0-description": "A room in a recovery residence",
            "needs-1-domain": "legal",
            "needs-1-description": "Clear the old warrant",
            "needs-1-priority": "soon",
        }
    )
    response = as_case_manager.post(_step_url(client_record, "strengths"), form)
    assert response["Location"] == _step_url(client_record, "screenings")
    draft.refresh_from_db()
    assert [n["description"] for n in draft.sections["strengths"]["needs"]] == [
        "A room in a recovery residence",
        "Clear the old warrant",
    ]


def test_finishing_turns_needs_into_items_a_plan_can_take_over(as_case_manager, case_manager, db):
    record = ClientFactory(case_manager=case_manager, status=ClientStatus.INTAKE)
    intake = intake_start(client=record, actor=case_manager)
    finish = reverse("clients:intake_finish", kwargs={"pk": record.pk})
    page = as_case_manager.post(finish, {"activate": "1"}).content.decode()
    assert "before finishing the intake" in page
    intake.sections = {
        "strengths": {
            "goals_in_own_words": "Stay clean and work again.",
            "needs": [{"domain": "housing", "description": "Stable room", "priority": "urgent"}],
        }
    }
    intake.save()
    response = as_case_manager.post(finish, {"activate": "1"})
    assert response.status_code == 302
    intake.refresh_from_db()
    record.refresh_from_db()
    assert intake.status == IntakeStatus.COMPLETE and intake.completed_by == case_manager
    assert record.status == ClientStatus.ACTIVE
    needs = intake_needs_of(record, open_only=True)
    assert [(n.domain, n.description, n.priority) for n in needs] == [
        ("housing", "Stable room", "urgent")
    ]
    # A complete intake cannot be changed through the wizard any more.
    response = as_case_manager.get(_step_url(record, "housing"))
    assert response.status_code == 302


def test_starting_an_intake_for_a_referral_moves_them_to_intake(as_case_manager, case_manager, db):
    record = ClientFactory(case_manager=case_manager, status=ClientStatus.INTAKE)
    record.status = ClientStatus.REFERRED  # as a referral arrives, before any intake
    record.save()
    response = as_case_manager.post(reverse("clients:intake_start", kwargs={"pk": record.pk}))
    assert response["Location"] == _step_url(record, "identity")
    record.refresh_from_db()
    assert record.status == ClientStatus.INTAKE
    assert Intake.objects.filter(client=record, status=IntakeStatus.DRAFT).count() == 1
    # Starting again resumes the same draft.
    as_case_manager.post(reverse("clients:intake_start", kwargs={"pk": record.pk}))
    assert Intake.objects.filter(client=record).count() == 1


def test_the_identity_step_edits_the_record(as_case_manager, client_record, draft):
    response = as_case_manager.post(
        _step_url(client_record, "identity"),
        _identity(**{"identity-legal_last_name": "Client", "identity-legal_first_name": "Jamie"}),
    )
    assert response["Location"] == _step_url(client_record, "substance_use")
    client_record.refresh_from_db()
    assert client_record.preferred_name == "Dee"
    event = AuditEvent.objects.filter(action="client.update", client_id=client_record.pk).get()
    assert "preferred_name" in event.details["fields"]
    assert "Dee" not in str(event.details)


def test_housing_answers_update_the_record(as_case_manager, client_record, draft):
    as_case_manager.post(
        _step_url(client_record, "housing"), {"housing-housing_status": "recovery_residence"}
    )
    client_record.refresh_from_db()
    assert client_record.housing_status == "Recovery residence / sober living"


def test_an_unknown_step_is_a_404(as_case_manager, client_record, draft):
    assert as_case_manager.get(_step_url(client_record, "nonsense")).status_code == 404


def test_resuming_a_draft_opens_its_first_unsaved_step(as_case_manager, client_record, draft):
    url = reverse("clients:intake_resume", kwargs={"pk": client_record.pk})
    assert as_case_manager.get(url)["Location"] == _step_url(client_record, "identity")
    draft.sections = {"identity": {"done": True}, "substance_use": {}}
    draft.save()
    assert as_case_manager.get(url)["Location"] == _step_url(client_record, "physical_health")


def test_the_confirmation_appears_only_when_a_match_is_found(
    as_case_manager, case_manager, client_record
):
    page = as_case_manager.get(reverse("clients:intake_new")).content.decode()
    assert 'type="hidden" name="identity-confirm_new_person"' in page
    response = _new(as_case_manager, case_manager, **{"identity-email": client_record.email})
    assert 'type="checkbox" name="identity-confirm_new_person"' in response.content.decode()
