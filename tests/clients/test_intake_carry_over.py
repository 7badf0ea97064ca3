"""What the intake hands on (issue 18, item 9): the review page shows every step, step 1
(identity and contact) included; a need's priority reaches the plan as it was entered
("Urgent", not "high"); the date of last use becomes the record's recovery start date."""

import datetime as dt

from django.urls import reverse

from casework.services.plan import plan_start
from clients.selectors.intake import intake_needs_of
from clients.services.intake import intake_complete, intake_section_save, intake_start


def _draft(client_record, case_manager, last_use="2026-03-14"):
    intake = intake_start(client=client_record, actor=case_manager)
    intake_section_save(
        intake=intake,
        step="substance_use",
        actor=case_manager,
        answers={"last_use_date": last_use} if last_use else {},
    )
    intake_section_save(
        intake=intake,
        step="strengths",
        actor=case_manager,
        answers={
            "goals_in_own_words": "Stay well and find a home.",
            "needs": [
                {"domain": "housing", "description": "A stable place", "priority": "urgent"},
                {"domain": "finances", "description": "Benefits", "priority": "later"},
            ],
        },
    )
    return intake


def test_the_review_shows_step_one_and_the_needs_priorities_in_words(
    client, case_manager, client_record
):
    _draft(client_record, case_manager)
    client.force_login(case_manager)
    page = client.get(reverse("clients:intake_finish", args=[client_record.pk])).content.decode()
    assert "Identity and contact" in page
    assert "Jamie" in page and "Client" in page  # the legal names from step 1
    assert "A stable place (Urgent)" in page and "Benefits (Later)" in page


def test_a_needs_priority_reaches_the_plan_as_entered(client, case_manager, client_record):
    intake_complete(intake=_draft(client_record, case_manager), actor=case_manager)
    plan_start(client=client_record, actor=case_manager, needs=intake_needs_of(client_record))
    client.force_login(case_manager)
    page = client.get(reverse("casework:plan", args=[client_record.pk])).content.decode()
    assert "priority urgent" in page and "priority later" in page
    assert "priority high" not in page


def test_the_date_of_last_use_becomes_the_recovery_start_date(case_manager, client_record):
    intake_complete(intake=_draft(client_record, case_manager), actor=case_manager)
    client_record.refresh_from_db()
    assert client_record.recovery_start_date == dt.date(2026, 3, 14)


def test_a_recovery_start_date_set_by_hand_is_kept(case_manager, client_record):
    client_record.recovery_start_date = dt.date(2025, 1, 1)
    client_record.save(update_fields=["recovery_start_date"])
    intake_complete(intake=_draft(client_record, case_manager), actor=case_manager)
    client_record.refresh_from_db()
    assert client_record.recovery_start_date == dt.date(2025, 1, 1)
