"""One scope for every copy (issue 21, item 2): once a supervisor reassigns a client, nothing
the former case manager receives names them any more — not the pages, and not the copies made
elsewhere: the private calendar feed (even with detailed titles), Today, the week, the caseload,
the reminders the outbox would send them."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from clients.services.record import case_assign
from groups.services.feed import calendar_feed_issue, calendar_feed_set_discreet
from recovery_portal.notifications.models import Reminder
from tests.aftercare.conftest import days_ago
from tests.factories import ClientFactory

from .helpers import appointment_make


def _reminders_to(user, source) -> list[Reminder]:
    return list(
        Reminder.objects.filter(
            recipient=user,
            source_type=ContentType.objects.get_for_model(source),
            source_id=str(source.pk),
        )
    )


@pytest.fixture
def reassigned(case_manager, other_case_manager, supervisor, settings):
    """A client with an appointment today and an aftercare plan, both by ``case_manager``, who
    keeps a live detailed calendar link (the organization allows them); then the client moves
    to ``other_case_manager``."""
    from aftercare.services.plan import plan_start

    settings.STAFF_CALENDAR_DETAILS_ALLOWED = True
    record = ClientFactory(
        case_manager=case_manager,
        actor=supervisor,
        legal_first_name="Quinn",
        legal_last_name="Reassignedperson",
        preferred_name="",
    )
    appointment = appointment_make(record, case_manager, in_days=0.01, place="Room 9, Elm Street")
    plan = plan_start(
        client=record, discharge_date=days_ago(10), responsible=case_manager, actor=supervisor
    )
    _, token = calendar_feed_issue(owner=case_manager, discreet=False)
    calendar_feed_set_discreet(owner=case_manager, discreet=False)
    before = {
        "feed": reverse("groups:calendar_feed", args=[token]),
        "appointment": appointment,
        "followups": list(plan.followups.all()),
    }
    return record, before


def test_before_reassignment_every_output_names_the_client(client, case_manager, reassigned):
    """The same outputs as below, so the test below cannot pass by looking at nothing."""
    record, made = reassigned
    feed = client.get(made["feed"]).content.decode()
    assert "Quinn R." in feed and "Room 9" in feed and "Reassignedperson" not in feed
    client.force_login(case_manager)
    for name in ("home:today", "casework:week", "casework:caseload"):
        assert "Reassignedperson" in client.get(reverse(name)).content.decode(), name
    [reminder, *_] = _reminders_to(case_manager, made["appointment"])
    assert "Reassignedperson" in reminder.source.reminder_message(reminder).details
    staff_followup_reminders = [
        r for f in made["followups"] for r in _reminders_to(case_manager, f)
    ]
    assert staff_followup_reminders
    assert all(r.source.reminder_message(r) for r in staff_followup_reminders)


def test_after_reassignment_no_output_of_the_former_case_manager_names_them(
    client, case_manager, other_case_manager, supervisor, reassigned
):
    record, made = reassigned
    case_assign(client=record, case_manager=other_case_manager, actor=supervisor)

    feed = client.get(made["feed"]).content.decode()
    assert "Reassignedperson" not in feed and "Room 9" not in feed and "Quinn" not in feed
    client.force_login(case_manager)
    for name in ("home:today", "casework:week", "casework:caseload"):
        assert "Reassignedperson" not in client.get(reverse(name)).content.decode(), name
    for reminder in _reminders_to(case_manager, made["appointment"]):
        assert reminder.source.reminder_message(reminder) is None
    for followup in made["followups"]:
        for reminder in _reminders_to(case_manager, followup):
            assert reminder.source.reminder_message(reminder) is None
    # The new case manager has the client instead.
    client.force_login(other_case_manager)
    assert "Reassignedperson" in client.get(reverse("casework:caseload")).content.decode()


def test_a_help_request_leaves_the_former_case_manager_with_the_client(
    client, client_record, client_user, case_manager, other_case_manager, supervisor
):
    """Told of a "Talk to someone now" as the client's own case manager (nobody on call), then
    replaced: the request is the new case manager's, and the former one can neither see it nor
    mark it answered."""
    from aftercare.services.checkin import help_now_request

    request = help_now_request(client=client_record, actor=client_user)
    assert case_manager in request.alerted.all()
    client.force_login(case_manager)
    assert "Jamie" in client.get(reverse("home:today_live")).content.decode()

    case_assign(client=client_record, case_manager=other_case_manager, actor=supervisor)
    for name in ("home:today", "home:today_live"):
        assert "Jamie" not in client.get(reverse(name)).content.decode(), name
    answered = client.post(reverse("aftercare:help_handle", args=[request.pk]))
    assert answered.status_code == 404
    request.refresh_from_db()
    assert request.handled_at is None
    client.force_login(other_case_manager)
    assert "Jamie" in client.get(reverse("home:today_live")).content.decode()
