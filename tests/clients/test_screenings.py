"""Screenings on the record: scored on save, repeated over time, PHQ-9 item 9 raises a safety
alert that staff see on the record and on the case manager's Today page."""

import re

from django.urls import reverse

from clients.instruments.catalog import answers_for_score, instrument
from clients.models import SafetyAlert, Screening
from clients.services.screening import screening_record
from recovery_portal.audit.models import AuditEvent


def _post_screening(http, record, code, answers):
    url = reverse("clients:screening_new", kwargs={"pk": record.pk, "code": code})
    return http.post(url, {k: str(v) for k, v in answers.items()})


def test_a_screening_is_scored_with_its_band_and_audited(as_case_manager, client_record):
    response = _post_screening(
        as_case_manager, client_record, "gad7", answers_for_score(instrument("gad7"), 10)
    )
    screening = Screening.objects.get(client=client_record)
    assert response["Location"] == reverse(
        "clients:screening", kwargs={"pk": client_record.pk, "screening_pk": screening.pk}
    )
    assert (screening.score, screening.band_label) == (10, "Moderate anxiety")
    event = AuditEvent.objects.get(action="screening.record", client_id=client_record.pk)
    assert event.details == {"instrument": "gad7"}
    page = as_case_manager.get(response["Location"]).content.decode()
    assert "Moderate anxiety" in page
    assert "Feeling nervous, anxious, or on edge" in page


def test_an_unanswered_question_is_named_and_nothing_is_saved(as_case_manager, client_record):
    answers = answers_for_score(instrument("phq9"), 3)
    del answers["q3"]
    response = _post_screening(as_case_manager, client_record, "phq9", answers)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please choose an answer to question 3." in page
    # The answers given are kept on the form (q1 was answered 3).
    assert re.search(r'name="q1" value="3"[^>]*checked', page)
    assert not Screening.objects.exists()


def test_an_answer_outside_the_scale_is_refused(as_case_manager, client_record):
    answers = {**answers_for_score(instrument("barc10"), 30), "q4": 7}
    response = _post_screening(as_case_manager, client_record, "barc10", answers)
    assert "Select a valid choice" in response.content.decode()
    assert not Screening.objects.exists()


def test_phq9_item_nine_alerts_the_case_manager_on_the_record_and_today(
    client, as_case_manager, client_record, other_case_manager
):
    answers = answers_for_score(instrument("phq9"), 6, keep={"q9": 1})
    _post_screening(as_case_manager, client_record, "phq9", answers)
    alert = SafetyAlert.objects.get(client=client_record)
    assert alert.is_open and alert.kind == "self_harm"
    # Audited naming the alert and the instrument, not its kind (a result of the screening).
    event = AuditEvent.objects.get(action="client.safety_alert", client_id=client_record.pk)
    assert (event.target_id, event.details) == (str(alert.pk), {"instrument": "phq9"})
    assert event.target_label == f"safety alert {alert.pk}"
    overview = as_case_manager.get(
        reverse("home:client_overview", kwargs={"pk": client_record.pk})
    ).content.decode()
    assert "Safety alert" in overview and "item 9" in overview
    today = as_case_manager.get(reverse("home:today")).content.decode()
    assert client_record.display_name in today and "item 9" in today
    # Not on another case manager's Today page.
    client.force_login(other_case_manager)
    assert "item 9" not in client.get(reverse("home:today")).content.decode()


def test_following_up_an_alert_closes_it_with_who_and_what(
    as_case_manager, case_manager, client_record
):
    screening = screening_record(
        client=client_record,
        instrument=instrument("phq9"),
        answers=answers_for_score(instrument("phq9"), 3, keep={"q9": 2}),
        actor=case_manager,
    )
    alert = screening.alerts.get()
    url = reverse("clients:alert_follow_up", kwargs={"pk": client_record.pk, "alert_pk": alert.pk})
    as_case_manager.post(url, {"follow_up_note": ""})
    alert.refresh_from_db()
    assert alert.is_open
    as_case_manager.post(
        url, {"follow_up_note": "Called; safety plan reviewed; crisis line given."}
    )
    alert.refresh_from_db()
    assert not alert.is_open and alert.resolved_by == case_manager
    assert AuditEvent.objects.filter(action="client.safety_alert_followed_up").exists()
    today = as_case_manager.get(reverse("home:today")).content.decode()
    assert "No open safety alerts." in today


def test_screenings_over_time_are_listed_per_instrument_oldest_first(
    as_case_manager, case_manager, client_record
):
    import datetime as dt

    from django.utils import timezone

    barc = instrument("barc10")
    for days_ago, score in ((180, 31), (90, 40), (1, 49)):
        screening_record(
            client=client_record,
            instrument=barc,
            answers=answers_for_score(barc, score),
            actor=case_manager,
            administered_at=timezone.now() - dt.timedelta(days=days_ago),
        )
    page = as_case_manager.get(
        reverse("clients:screenings", kwargs={"pk": client_record.pk})
    ).content.decode()
    assert page.index("Below 47") < page.index("47 or above")
    positions = [page.index(f"<td>{score}</td>") for score in (31, 40, 49)]
    assert positions == sorted(positions)


def test_a_screening_of_another_client_is_not_reachable_by_changing_the_id(
    as_case_manager, client_record, other_client_record, other_case_manager
):
    theirs = screening_record(
        client=other_client_record,
        instrument=instrument("gad7"),
        answers=answers_for_score(instrument("gad7"), 2),
        actor=other_case_manager,
    )
    url = reverse("clients:screening", kwargs={"pk": client_record.pk, "screening_pk": theirs.pk})
    assert as_case_manager.get(url).status_code == 404
    alert_url = reverse(
        "clients:alert_follow_up", kwargs={"pk": client_record.pk, "alert_pk": 999999}
    )
    assert as_case_manager.post(alert_url, {"follow_up_note": "x"}).status_code == 404
