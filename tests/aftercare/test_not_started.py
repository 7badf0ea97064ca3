"""A discharged client without aftercare stays on Today "until one exists or a reason is
recorded" (issue 16, item 8): staff record why aftercare is not starting (declined, moved
away, transferred, other with a note), from Today's item or the Follow-ups tab; the reason is
audited and shown on the record, and the client leaves Today. A reason from an earlier
episode does not hide a new discharge."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftercare.models import AftercareNotStarted, NotStartedReason
from aftercare.services.discharge import aftercare_not_started_record
from clients.models import ClientStatus
from recovery_portal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _discharge(client, record):
    data = {"to_status": "discharged", "reason": "Completed the program"}  # no plan ticked
    client.post(reverse("clients:status", args=[record.pk]), data)
    record.refresh_from_db()
    assert record.status == ClientStatus.DISCHARGED


def _today(client) -> str:
    return client.get(reverse("home:today")).content.decode()


def test_a_reason_recorded_from_today_takes_the_client_off_today_and_shows_on_the_record(
    client, client_record, case_manager
):
    client.force_login(case_manager)
    _discharge(client, client_record)
    today = _today(client)
    url = reverse("aftercare:not_started", args=[client_record.pk])
    assert "Discharged without aftercare" in today and f'href="{url}"' in today

    tab = client.get(reverse("aftercare:followups", args=[client_record.pk])).content.decode()
    assert "Record why aftercare is not starting" in tab and f'href="{url}"' in tab
    form = client.get(url).content.decode()
    for label in ("The client declined aftercare", "The client moved away", "Other reason"):
        assert label in form
    page = client.post(url, {"reason": "moved_away", "note": "To Ohio"}, follow=True)

    assert "The reason is recorded" in page.content.decode()
    row = AftercareNotStarted.objects.get()
    assert (row.client, row.reason, row.note) == (client_record, "moved_away", "To Ohio")
    assert row.recorded_by == case_manager
    event = AuditEvent.objects.get(action="aftercare.not_started")
    # The code of the reason, not the note (a note may name people or places).
    assert event.details == {"reason": "moved_away"} and event.client_id == client_record.pk
    assert "Discharged without aftercare" not in _today(client)
    tab = client.get(reverse("aftercare:followups", args=[client_record.pk])).content.decode()
    assert "Aftercare not started: The client moved away (To Ohio)" in tab


def test_other_needs_a_note_and_nothing_chosen_is_a_plain_error(
    client, client_record, case_manager
):
    client.force_login(case_manager)
    _discharge(client, client_record)
    url = reverse("aftercare:not_started", args=[client_record.pk])
    page = client.post(url, {"reason": "other", "note": "  "}).content.decode()
    assert "Please say what the other reason is." in page
    page = client.post(url, {"note": "x"}).content.decode()
    assert "Please choose why aftercare is not starting." in page
    page = client.post(url, {"reason": "bored"}).content.decode()
    assert "Select a valid choice" in page
    assert not AftercareNotStarted.objects.exists()
    client.post(url, {"reason": "other", "note": "Went back to school full time"})
    assert AftercareNotStarted.objects.get().reason == NotStartedReason.OTHER


def test_only_for_a_discharged_client_without_an_active_plan(
    client, client_record, case_manager, start_plan
):
    with pytest.raises(ValidationError, match="this client is not discharged"):
        aftercare_not_started_record(client=client_record, reason="declined", actor=case_manager)
    client.force_login(case_manager)
    url = reverse("aftercare:not_started", args=[client_record.pk])
    page = client.get(url).content.decode()
    assert "this client is not discharged" in page and "Record the reason" not in page
    page = client.post(url, {"reason": "declined"}).content.decode()
    assert "this client is not discharged" in page
    _discharge(client, client_record)
    start_plan(client_record)
    page = client.post(url, {"reason": "declined"}).content.decode()
    assert "This client has an aftercare plan" in page
    assert not AftercareNotStarted.objects.exists()


def test_an_earlier_episodes_reason_does_not_hide_a_new_discharge(
    client, client_record, case_manager
):
    client.force_login(case_manager)
    _discharge(client, client_record)
    aftercare_not_started_record(client=client_record, reason="declined", actor=case_manager)
    assert "Discharged without aftercare" not in _today(client)
    for status, reason in (("intake", "Came back"), ("active", "Started again")):
        client.post(
            reverse("clients:status", args=[client_record.pk]),
            {"to_status": status, "reason": reason},
        )
    client_record.refresh_from_db()
    assert client_record.status == ClientStatus.ACTIVE
    # A status change is stamped now; move the old reason back so the order is certain.
    AftercareNotStarted.objects.update(recorded_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    _discharge(client, client_record)
    today = _today(client)
    assert "Discharged without aftercare" in today and client_record.display_name in today
    tab = client.get(reverse("aftercare:followups", args=[client_record.pk])).content.decode()
    assert "Aftercare not started" not in tab


def test_the_today_card_keeps_its_query_count(
    client, case_manager, supervisor, django_assert_max_num_queries
):
    from tests.factories import ClientFactory

    def discharged(n):
        """n discharged without aftercare: every other one with a reason recorded."""
        for i in range(n):
            record = ClientFactory(case_manager=case_manager, actor=supervisor)
            client.post(
                reverse("clients:status", args=[record.pk]),
                {"to_status": "discharged", "reason": "Done"},
            )
            if i % 2:
                aftercare_not_started_record(client=record, reason="declined", actor=case_manager)

    client.force_login(case_manager)
    discharged(2)
    client.get(reverse("home:today"))
    with CaptureQueriesContext(connection) as small:
        page = client.get(reverse("home:today")).content.decode()
    assert page.count(">record why not<span") == 1
    queries = len(small.captured_queries)  # before other requests reset the log
    discharged(6)
    with django_assert_max_num_queries(queries):
        page = client.get(reverse("home:today")).content.decode()
    assert page.count(">record why not<span") == 4
