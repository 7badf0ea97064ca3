"""Records retention: the monthly list of closed records past RECORD_RETENTION_YEARS, legal
holds, an administrator's approval, and a destruction that leaves nothing of the record but
the audit trail and the review row — checked by scanning every table of the database."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.schedules import crontab
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aftercare.services.checkin import checkin_record
from aftercare.services.plan import plan_start as aftercare_plan_start
from casework.models import ProgressNote
from casework.services.note import note_addendum_add
from casework.services.plan import plan_acknowledge
from clients.instruments.catalog import instrument
from clients.models import (
    Client,
    ClientStatus,
    ClientStatusChange,
    Consent,
    Disclosure,
    InformationKind,
    LegalHold,
    RetentionReview,
    RetentionStatus,
)
from clients.models.disclosure import LegalBasis
from clients.selectors.retention import retention_due_on, under_18_at_closing
from clients.services.consent import consent_event_happened
from clients.services.destruction import record_destroy
from clients.services.disclosure import disclosure_record, disclosure_record_without_consent
from clients.services.emergency import emergency_access_open
from clients.services.intake import intake_start
from clients.services.legal_hold import legal_hold_lift, legal_hold_place
from clients.services.record import client_status_change
from clients.services.retention import (
    DestructionRefused,
    retention_review_approve,
    retention_reviews_list,
)
from clients.services.screening import screening_record
from clients.tasks import list_records_past_retention
from groups.models import Session as GroupSession
from groups.services.attendance import attendance_mark
from groups.services.enrollment import rsvp_set
from groups.services.feed import calendar_feed_issue
from recovery_portal.accounts.roles import Role
from recovery_portal.audit.models import AuditEvent
from recovery_portal.notifications.models import InboundText, Reminder
from recovery_portal.notifications.services import custom_reminder_create, preferences_update
from tests.casework.helpers import (
    appointment_make,
    note_make,
    plan_make,
    referral_make,
    resource_make,
)
from tests.clients.consent.helpers import consent_make, contact_make, paper_consent_make
from tests.conftest import reauthenticate
from tests.factories import ClientFactory, UserFactory
from tests.groups.helpers import group_with_member
from tests.workers import wait_until

TODAY = dt.date(2026, 3, 1)


def close_on(client: Client, closed_on: dt.date, *, actor, status=ClientStatus.CLOSED) -> Client:
    """Close (or discharge) the record through the service, then move the closing back to
    ``closed_on`` (noon, local time): the history a record would have after the years."""
    client_status_change(client=client, to_status=status, actor=actor, reason="Moved away")
    noon = timezone.make_aware(dt.datetime.combine(closed_on, dt.time(12)))
    ClientStatusChange.objects.filter(client=client, to_status=status).update(at=noon)
    client.refresh_from_db()
    return client


def documents_moved_back(client: Client, *, years: int) -> None:
    """Move every date of the client's consents and disclosures ``years`` back: the documents
    a record would have after the years (the services only ever write today's dates)."""
    back = relativedelta(years=years)

    def moved(value):
        return value - back if value else value

    for consent in Consent.objects.filter(client=client):
        Consent.objects.filter(pk=consent.pk).update(
            created_at=moved(consent.created_at),
            signed_at=moved(consent.signed_at),
            revoked_at=moved(consent.revoked_at),
            ended_at=moved(consent.ended_at),
            expires_on=moved(consent.expires_on),
        )
    for disclosure in Disclosure.objects.filter(client=client):
        Disclosure.objects.filter(pk=disclosure.pk).update(
            recorded_at=moved(disclosure.recorded_at),
            disclosed_at=moved(disclosure.disclosed_at),
            accounting_suspended_until=moved(disclosure.accounting_suspended_until),
        )


def listed_numbers(status: str | None = None) -> list[int]:
    reviews = RetentionReview.objects.all()
    if status:
        reviews = reviews.filter(status=status)
    return sorted(reviews.values_list("record_number", flat=True))


# ── The monthly list ────────────────────────────────────────────────────────────────────────


def test_a_record_is_due_the_full_number_of_years_after_closing():
    assert settings.RECORD_RETENTION_YEARS == 7
    assert retention_due_on(dt.date(2019, 3, 1)) == dt.date(2026, 3, 1)
    assert retention_due_on(dt.date(2019, 12, 31)) == dt.date(2026, 12, 31)
    # Closed on 29 February: the 28th would be a day short of seven full years.
    assert retention_due_on(dt.date(2020, 2, 29)) == dt.date(2027, 3, 1)
    assert retention_due_on(dt.date(2020, 2, 29), years=8) == dt.date(2028, 2, 29)


def test_the_monthly_list_holds_exactly_the_closed_records_past_retention(supervisor):
    exactly = close_on(ClientFactory(actor=supervisor), dt.date(2019, 3, 1), actor=supervisor)
    a_day_short = close_on(ClientFactory(actor=supervisor), dt.date(2019, 3, 2), actor=supervisor)
    discharged = close_on(
        ClientFactory(actor=supervisor),
        dt.date(2010, 6, 15),
        actor=supervisor,
        status=ClientStatus.DISCHARGED,
    )
    ClientFactory(actor=supervisor)  # open: never listed, however old
    old_but_open = ClientFactory(actor=supervisor)
    ClientStatusChange.objects.filter(client=old_but_open).update(
        at=timezone.now() - relativedelta(years=20)
    )

    result = retention_reviews_list(today=TODAY)

    assert result["listed"] == 2
    assert listed_numbers() == sorted([exactly.pk, discharged.pk])
    review = RetentionReview.objects.get(record_number=exactly.pk)
    assert (review.closed_on, review.due_on) == (dt.date(2019, 3, 1), TODAY)
    assert review.status == RetentionStatus.PENDING and review.client == exactly
    # The next day, the record closed a day later is due too.
    assert retention_reviews_list(today=TODAY + dt.timedelta(days=1))["listed"] == 1
    assert a_day_short.pk in listed_numbers()


def test_a_record_closed_on_29_february_is_listed_from_1_march(supervisor):
    leap = close_on(ClientFactory(actor=supervisor), dt.date(2020, 2, 29), actor=supervisor)
    assert retention_reviews_list(today=dt.date(2027, 2, 28))["listed"] == 0
    assert retention_reviews_list(today=dt.date(2027, 3, 1))["listed"] == 1
    assert RetentionReview.objects.get().due_on == dt.date(2027, 3, 1)
    assert listed_numbers() == [leap.pk]


def test_running_the_list_twice_lists_each_record_once(supervisor):
    close_on(ClientFactory(actor=supervisor), dt.date(2015, 1, 10), actor=supervisor)
    close_on(ClientFactory(actor=supervisor), dt.date(2016, 5, 10), actor=supervisor)
    assert retention_reviews_list(today=TODAY)["listed"] == 2
    assert retention_reviews_list(today=TODAY)["listed"] == 0
    assert RetentionReview.objects.count() == 2


def test_a_record_reopened_after_it_was_listed_drops_out(supervisor):
    record = close_on(ClientFactory(actor=supervisor), dt.date(2015, 1, 10), actor=supervisor)
    retention_reviews_list(today=TODAY)
    client_status_change(client=record, to_status=ClientStatus.INTAKE, actor=supervisor)

    assert retention_reviews_list(today=TODAY)["reopened"] == 1
    review = RetentionReview.objects.get()
    assert review.status == RetentionStatus.REOPENED
    with pytest.raises(DestructionRefused):
        retention_review_approve(
            review=review,
            actor=UserFactory(role=Role.ADMINISTRATOR),
            confirmation=str(record.pk),
            paper_disposal="none",
        )


def test_the_monthly_task_is_scheduled_and_tells_administrators_discreetly(
    supervisor, admin_user, django_capture_on_commit_callbacks
):
    entry = settings.CELERY_BEAT_SCHEDULE["clients.list_records_past_retention"]
    assert entry["task"] == list_records_past_retention.name
    assert isinstance(entry["schedule"], crontab) and entry["schedule"].day_of_month == {1}
    long_ago = timezone.localdate() - relativedelta(years=9)
    record = close_on(
        ClientFactory(actor=supervisor, legal_first_name="Ottoline", legal_last_name="Vexworth"),
        long_ago,
        actor=supervisor,
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = list_records_past_retention()

    assert result["listed"] == 1 and listed_numbers() == [record.pk]
    [message] = mail.outbox
    assert message.to == [admin_user.email]
    assert (
        "1 closed record(s)" in message.body and "/admin/clients/retentionreview/" in message.body
    )
    assert "Vexworth" not in message.body + message.subject
    assert str(record.pk) not in message.body
    with django_capture_on_commit_callbacks(execute=True):
        list_records_past_retention()
    assert len(mail.outbox) == 1  # nothing new listed: no second e-mail


def test_a_real_worker_runs_the_monthly_list_by_its_scheduled_name(
    celery_worker_process, supervisor
):
    from recovery_portal.celery import app

    long_ago = timezone.localdate() - relativedelta(years=10)
    record = close_on(ClientFactory(actor=supervisor), long_ago, actor=supervisor)
    app.send_task(settings.CELERY_BEAT_SCHEDULE["clients.list_records_past_retention"]["task"])
    assert wait_until(lambda: RetentionReview.objects.filter(record_number=record.pk).exists())
    assert RetentionReview.objects.get().status == RetentionStatus.PENDING


@pytest.mark.parametrize("value", ["5", "0"])
def test_audit_retention_below_six_years_stops_start_up(value):
    env = {**os.environ, "AUDIT_RETENTION_YEARS": value}
    run = subprocess.run(
        [sys.executable, "-c", "import recovery_portal.test_settings"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert run.returncode != 0
    assert "AUDIT_RETENTION_YEARS must be at least 6" in run.stderr


def test_record_retention_below_six_years_stops_start_up():
    env = {**os.environ, "RECORD_RETENTION_YEARS": "3"}
    run = subprocess.run(
        [sys.executable, "-c", "import recovery_portal.test_settings"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert run.returncode != 0 and "RECORD_RETENTION_YEARS must be at least 6" in run.stderr


# ── Legal holds ─────────────────────────────────────────────────────────────────────────────


def test_a_held_record_is_listed_on_hold_and_cannot_be_approved(supervisor, admin_user):
    record = close_on(ClientFactory(actor=supervisor), dt.date(2015, 1, 10), actor=supervisor)
    legal_hold_place(client=record, actor=supervisor, reason="Subpoena, case 24-CV-118")

    retention_reviews_list(today=TODAY)

    review = RetentionReview.objects.get()
    assert review.status == RetentionStatus.ON_HOLD
    with pytest.raises(DestructionRefused):
        retention_review_approve(
            review=review, actor=admin_user, confirmation=str(record.pk), paper_disposal="none"
        )
    legal_hold_lift(client=record, actor=supervisor, reason="Case settled")
    review.refresh_from_db()
    assert review.status == RetentionStatus.PENDING


def test_a_hold_placed_after_approval_voids_it_and_stops_the_destruction_and_nothing_changes(
    supervisor, admin_user, second_admin, case_manager
):
    record = ClientFactory(actor=supervisor, case_manager=case_manager)
    note_make(record, case_manager, signed=True)
    close_on(record, dt.date(2015, 1, 10), actor=supervisor)
    retention_reviews_list(today=timezone.localdate())
    review = retention_review_approve(
        review=RetentionReview.objects.get(),
        actor=admin_user,
        confirmation=str(record.pk),
        paper_disposal="none",
    )
    legal_hold_place(client=record, actor=supervisor, reason="Records request from a court")
    review.refresh_from_db()
    assert (review.status, review.decided_by, review.paper_disposal) == (
        RetentionStatus.ON_HOLD,
        None,
        "",
    )
    before = rows_outside_the_audit_trail()

    with pytest.raises(DestructionRefused, match="Only an approved review"):
        record_destroy(review=review, actor=second_admin)
    # Even an approval left standing (by a bug, or a hand-made row) meets the hold itself.
    RetentionReview.objects.filter(pk=review.pk).update(
        status=RetentionStatus.APPROVED,
        decided_by=admin_user,
        decided_at=timezone.now(),
        paper_disposal="none",
    )
    with pytest.raises(DestructionRefused, match="legal hold"):
        record_destroy(review=review, actor=second_admin)

    assert rows_outside_the_audit_trail() == before
    assert Client.objects.filter(pk=record.pk).exists()
    review.refresh_from_db()
    assert review.client_id == record.pk
    refusals = AuditEvent.objects.filter(action="retention.destroy_refused").order_by("id")
    assert [event.details for event in refusals] == [
        {"reason": "not_approved"},
        {"reason": "legal_hold"},
    ]


def test_an_open_record_or_one_not_yet_due_is_never_destroyed(supervisor, admin_user):
    recent = close_on(
        ClientFactory(actor=supervisor),
        timezone.localdate() - dt.timedelta(days=30),
        actor=supervisor,
    )
    # A review made by hand, as a bug or a changed setting might leave it: still refused.
    review = RetentionReview.objects.create(
        client=recent,
        record_number=recent.pk,
        closed_on=timezone.localdate() - dt.timedelta(days=30),
        due_on=timezone.localdate(),
        status=RetentionStatus.APPROVED,
    )
    with pytest.raises(DestructionRefused, match="has not ended"):
        record_destroy(review=review, actor=admin_user)
    client_status_change(client=recent, to_status=ClientStatus.INTAKE, actor=supervisor)
    with pytest.raises(DestructionRefused, match="reopened"):
        record_destroy(review=review, actor=admin_user)
    assert Client.objects.filter(pk=recent.pk).exists()


def test_a_supervisor_places_and_lifts_a_hold_from_the_status_tab(
    client, supervisor, client_record
):
    client.force_login(supervisor)
    url = reverse("clients:legal_hold", args=[client_record.pk])
    response = client.post(url, {"action": "place", "reason": "Litigation hold, case 7"})
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert client_record.legal_hold
    page = client.get(reverse("clients:status", args=[client_record.pk])).content.decode()
    assert "Legal hold" in page and "Litigation hold, case 7" in page
    client.post(url, {"action": "lift", "reason": "Case closed"})
    client_record.refresh_from_db()
    assert not client_record.legal_hold
    hold = LegalHold.objects.get()
    assert (hold.placed_by, hold.lifted_by, hold.lift_reason) == (
        supervisor,
        supervisor,
        "Case closed",
    )
    actions = list(
        AuditEvent.objects.filter(
            client_id=client_record.pk, action__startswith="client.legal_hold"
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["client.legal_hold_place", "client.legal_hold_lift"]


@pytest.mark.parametrize("persona", ["case_manager", "admin_user", "facilitator", "client_user"])
def test_only_supervisors_place_a_hold_from_the_record(request, client, client_record, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("clients:legal_hold", args=[client_record.pk])
    response = client.post(url, {"action": "place", "reason": "Because"})
    assert response.status_code == 403
    client_record.refresh_from_db()
    assert not client_record.legal_hold and not LegalHold.objects.exists()


# ── The retention admin ─────────────────────────────────────────────────────────────────────


@pytest.fixture
def listed_record(supervisor, case_manager):
    record = ClientFactory(
        actor=supervisor,
        case_manager=case_manager,
        legal_first_name="Philomena",
        legal_last_name="Gravesend",
    )
    close_on(record, dt.date(2014, 4, 2), actor=supervisor)
    retention_reviews_list()
    return record


def test_the_admin_lists_record_numbers_and_dates_never_names(client, admin_user, listed_record):
    client.force_login(admin_user)
    page = client.get(reverse("admin:clients_retentionreview_changelist")).content.decode()
    assert str(listed_record.pk) in page and "2014-04-02" in page.replace(
        "April 2, 2014", "2014-04-02"
    )
    review = RetentionReview.objects.get()
    decide = client.get(reverse("admin:clients_retentionreview_decide", args=[review.pk]))
    assert decide.status_code == 200
    for text in (page, decide.content.decode()):
        assert "Gravesend" not in text and "Philomena" not in text


@pytest.mark.parametrize("persona", ["supervisor", "case_manager", "facilitator", "client_user"])
def test_no_other_role_reaches_the_retention_admin(request, client, listed_record, persona):
    client.force_login(request.getfixturevalue(persona))
    review = RetentionReview.objects.get()
    for url in (
        reverse("admin:clients_retentionreview_changelist"),
        reverse("admin:clients_retentionreview_decide", args=[review.pk]),
    ):
        assert client.get(url, follow=True).status_code == 403
        assert client.post(url, {"decision": "keep", "reason": "x"}, follow=True).status_code == 403
    review.refresh_from_db()
    assert review.status == RetentionStatus.PENDING


def test_approval_needs_the_record_number_typed_again(client, admin_user, listed_record):
    client.force_login(admin_user)
    review = RetentionReview.objects.get()
    url = reverse("admin:clients_retentionreview_decide", args=[review.pk])
    response = client.post(
        url, {"decision": "approve", "confirm_record_number": "999999", "paper_disposal": "none"}
    )
    assert response.status_code == 200 and "does not match" in response.content.decode()
    assert Client.objects.filter(pk=listed_record.pk).exists()
    review.refresh_from_db()
    assert review.status == RetentionStatus.PENDING


def test_an_administrator_places_a_hold_then_keeps_the_record(client, admin_user, listed_record):
    client.force_login(admin_user)
    review = RetentionReview.objects.get()
    url = reverse("admin:clients_retentionreview_decide", args=[review.pk])
    client.post(url, {"decision": "hold", "reason": "Insurance audit"})
    listed_record.refresh_from_db()
    review.refresh_from_db()
    assert listed_record.legal_hold and review.status == RetentionStatus.ON_HOLD
    assert 'value="approve"' not in client.get(url).content.decode()
    client.post(url, {"decision": "keep", "reason": "Kept while the audit lasts"})
    review.refresh_from_db()
    assert (review.status, review.decided_by) == (RetentionStatus.KEPT, admin_user)


def test_one_administrator_approves_and_a_second_one_destroys_the_record(
    client, admin_user, second_admin, listed_record, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    review = RetentionReview.objects.get()
    url = reverse("admin:clients_retentionreview_decide", args=[review.pk])
    response = client.post(
        url,
        {
            "decision": "approve",
            "confirm_record_number": str(listed_record.pk),
            "paper_disposal": "none",
        },
    )
    assert response.status_code == 302
    assert Client.objects.filter(pk=listed_record.pk).exists()
    review.refresh_from_db()
    assert (review.status, review.decided_by) == (RetentionStatus.APPROVED, admin_user)
    # The approver is told it waits for someone else, and is not offered to carry it out.
    page = client.get(url).content.decode()
    assert "waiting for a second administrator" in page and 'value="destroy"' not in page

    client.force_login(second_admin)
    page = client.get(url).content.decode()
    assert "admin@example.test" in page and 'value="destroy"' in page
    reauthenticate(client)  # carrying out a destruction asks for the password again
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "destroy"})
    assert response.status_code == 302
    assert not Client.objects.filter(pk=listed_record.pk).exists()
    review.refresh_from_db()
    assert review.status == RetentionStatus.DESTROYED and review.client_id is None
    assert review.decided_by == admin_user
    assert [
        e.action for e in AuditEvent.objects.filter(action__startswith="retention.").order_by("id")
    ] == ["retention.list", "retention.approve", "retention.destroy"]
    destroyed = AuditEvent.objects.get(action="retention.destroy")
    assert destroyed.actor == second_admin
    assert destroyed.details["approved_by"] == "admin@example.test"


# ── Destroying a whole record ───────────────────────────────────────────────────────────────


def build_whole_record(client, *, manager, supervisor, facilitator, other_manager):
    """Every part a client's record can have, made through the services."""
    user = client.user
    intake_start(client=client, actor=manager)
    screening_record(
        client=client,
        instrument=instrument("phq9"),
        answers={**{f"q{i}": 1 for i in range(1, 9)}, "q9": 1},  # raises a safety alert
        actor=manager,
    )
    sister = contact_make(client, user)
    consent_make(client, manager, recipient_contact=sister)
    disclosure_record(
        client=client,
        recipient=sister,
        information=InformationKind.ATTENDANCE,
        description="Attended group on Monday",
        actor=manager,
    )
    paper = paper_consent_make(client, manager)
    plan = plan_make(client, manager, goals=2, share=True)
    plan_acknowledge(plan=plan, user=user)
    note = note_make(client, manager, signed=True, shared=True, goals=[plan.goals.first()])
    note_addendum_add(note=note, actor=manager, text="Called back later that day.")
    note_make(client, manager)  # a draft
    appointment_make(client, manager, in_days=2)
    referral_make(client, manager, resource_make(supervisor))
    group = group_with_member(supervisor, facilitator, client)
    upcoming, later = GroupSession.objects.filter(group=group).order_by("starts_at")[:2]
    rsvp_set(session=upcoming, client=client, answer="going")
    # A session that took place last week (its date moved back, as the demo's history is).
    GroupSession.objects.filter(pk=later.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=7),
        ends_at=timezone.now() - dt.timedelta(days=7) + dt.timedelta(hours=1),
    )
    later.refresh_from_db()
    attendance_mark(session=later, client_id=client.pk, status="present", actor=facilitator)
    aftercare_plan_start(
        client=client,
        discharge_date=timezone.localdate() - dt.timedelta(days=10),
        responsible=manager,
        actor=supervisor,
    )
    checkin_record(client=client, actor=user, mood=1, craving=9, any_use=True, sleep="poor")
    emergency_access_open(
        user=other_manager, client=client, reason="Called the crisis line at night"
    )
    custom_reminder_create(
        author=manager,
        recipient=user,
        at=timezone.now() + dt.timedelta(days=3),
        remind_at=timezone.now() + dt.timedelta(days=2),
        note="Bring your ID",
    )
    preferences_update(
        user=user,
        email_enabled=True,
        sms_enabled=True,
        phone="+15551230000",
        quiet_start=None,
        quiet_end=None,
        opted_out_kinds=[],
        discreet=True,
    )
    calendar_feed_issue(owner=user)
    return paper


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (table names)
            counts[table] = cursor.fetchone()[0]
    return counts


def rows_outside_the_audit_trail() -> dict[str, int]:
    """Row counts of every table but the audit trail, which records a refusal too."""
    return {
        table: n
        for table, n in table_counts().items()
        if table not in ("audit_auditevent", "audit_auditchainhead")
    }


def rows_of_client(client_pk: int) -> dict[str, set]:
    """Ids of every row, in every table, that names the client in a ``client_id`` column."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            if "client_id" in columns and "id" in columns and table not in KEPT_TABLES:
                cursor.execute(f'SELECT id FROM "{table}" WHERE client_id = %s', [client_pk])  # noqa: S608
                found[table] = {row[0] for row in cursor.fetchall()}
    return found


KEPT_TABLES = {"audit_auditevent", "audit_auditchainhead", "clients_retentionreview"}


def references_left(owned: dict[str, set]) -> list[str]:
    """Every (table, column) outside the kept tables that still points at a row the client
    owned: real foreign keys (from the database's own catalogue), ``client_id`` columns, and
    the columns of django-simple-history tables, which have no foreign keys at all."""
    from django.apps import apps

    owned = {table: ids for table, ids in owned.items() if ids}
    pointers: set[tuple[str, str, str]] = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            relations = connection.introspection.get_relations(cursor, table)
            for column, (_, target) in relations.items():
                pointers.add((table, column, target))
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            if "client_id" in columns:
                pointers.add((table, "client_id", "clients_client"))
    for model in apps.get_models():
        if getattr(model, "instance_type", None) is None:
            continue
        base = model.instance_type._meta.db_table
        pointers.add((model._meta.db_table, model.instance_type._meta.pk.column, base))
        for field in model._meta.concrete_fields:
            if field.is_relation:
                pointers.add(
                    (model._meta.db_table, field.column, field.related_model._meta.db_table)
                )
    left = []
    with connection.cursor() as cursor:
        for table, column, target in sorted(pointers):
            if table in KEPT_TABLES or target not in owned:
                continue
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}" = ANY(%s)',  # noqa: S608
                [list(owned[target])],
            )
            if cursor.fetchone()[0]:
                left.append(f"{table}.{column} → {target}")
    return left


def tables_mentioning(text: str) -> list[str]:
    """Tables with a row holding ``text`` in any text or JSON column, the kept ones included."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND data_type IN ('character varying', 'text', 'jsonb', 'json')",
                [table],
            )
            for (column,) in cursor.fetchall():
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608
                    [f"%{text}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(table)
                    break
    return found


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_destroying_a_whole_record_leaves_only_the_audit_trail_and_the_review(
    media_root,
    supervisor,
    case_manager,
    other_case_manager,
    facilitator,
    admin_user,
    second_admin,
    other_client_record,
    django_capture_on_commit_callbacks,
):
    user = UserFactory(
        role=Role.CLIENT, email="zephyrine.q@example.test", full_name="Zephyrine Quillfeather"
    )
    record = ClientFactory(
        user=user,
        case_manager=case_manager,
        actor=supervisor,
        legal_first_name="Zephyrine",
        legal_last_name="Quillfeather",
        email="zq.home@example.test",
    )
    scan = build_whole_record(
        record,
        manager=case_manager,
        supervisor=supervisor,
        facilitator=facilitator,
        other_manager=other_case_manager,
    )
    # The other client has a record of their own, with a signed note and reminders.
    note_make(other_client_record, other_case_manager, signed=True)
    appointment_make(other_client_record, other_case_manager)
    # A session of the client's in the database, as after signing in.
    session = Session.objects.create(
        session_key="s" * 32,
        session_data=Session.objects.encode({"_auth_user_id": str(user.pk)}),
        expire_date=timezone.now() + dt.timedelta(days=1),
    )
    # A text the client sent, read by their case manager.
    InboundText.objects.create(
        provider_sid="SMquill",
        from_number="+15559990000",
        body="Quillfeather here, running late",
        outcome="inbox",
        sender=user,
        read_by=case_manager,
        read_at=timezone.now(),
    )
    client_status_change(
        client=record, to_status=ClientStatus.DISCHARGED, actor=supervisor, reason="Completed"
    )
    ClientStatusChange.objects.filter(client=record, to_status=ClientStatus.DISCHARGED).update(
        at=timezone.now() - relativedelta(years=8)
    )
    documents_moved_back(record, years=8)  # consents and disclosures: six years past, too
    scan_path = Path(media_root) / scan.scan.name
    assert scan_path.exists()
    assert ProgressNote.objects.filter(client=record, signed_at__isnull=False).exists()
    owned = rows_of_client(record.pk)
    # The record is really whole: every part of it has rows (children such as goals, steps,
    # addenda and plan versions hang from these and are found through their foreign keys).
    assert {t for t, ids in owned.items() if ids} >= {
        "aftercare_aftercareplan",
        "aftercare_checkin",
        "aftercare_checkinalert",
        "aftercare_followup",
        "casework_appointment",
        "casework_historicalrecoveryplan",
        "casework_progressnote",
        "casework_recoveryplan",
        "casework_referral",
        "clients_caseassignment",
        "clients_clientstatuschange",
        "clients_consent",
        "clients_disclosure",
        "clients_emergencyaccess",
        "clients_intake",
        "clients_safetyalert",
        "clients_screening",
        "clients_supportcontact",
        "peer_groups_attendance",
        "peer_groups_enrollment",
        "peer_groups_rsvp",
    }
    owned_deep = _with_children(owned, record.pk)
    other_before = {t: len(ids) for t, ids in rows_of_client(other_client_record.pk).items()}
    other_reminders = Reminder.objects.filter(recipient=other_client_record.user).count()
    assert tables_mentioning("Quillfeather")

    retention_reviews_list()
    review = retention_review_approve(
        review=RetentionReview.objects.get(record_number=record.pk),
        actor=admin_user,
        confirmation=str(record.pk),
        paper_disposal="none",
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = record_destroy(review=review, actor=second_admin)

    # Every row that named the client, and every row pointing at one of those, is gone.
    assert not Client.objects.filter(pk=record.pk).exists()
    assert all(not ids for ids in rows_of_client(record.pk).values())
    assert references_left({**owned_deep, "accounts_user": {user.pk}}) == []
    assert counts["casework.progressnote"] == 2 and counts["casework.noteaddendum"] == 1
    assert counts["casework.historicalrecoveryplan"] >= 1
    # Reminders whose source was destroyed, or that were the client's, are gone.
    assert not Reminder.objects.filter(recipient=user).exists()
    assert not InboundText.objects.filter(provider_sid="SMquill").exists()
    for model_label, ids in owned_deep.items():
        model = _model_of_table(model_label)
        if model is None:
            continue
        assert not Reminder.objects.filter(
            source_type=ContentType.objects.get_for_model(model), source_id__in=map(str, ids)
        ).exists(), model_label
    # The names and e-mail addresses are nowhere but in the audit trail.
    for text in ("Quillfeather", "Zephyrine", "zephyrine.q@example.test", "zq.home@example.test"):
        assert set(tables_mentioning(text)) <= {"audit_auditevent"}, text
    # The uploaded scan is gone from the disk.
    assert not scan_path.exists()
    # The account is closed and scrubbed, not deleted (audit events point at it).
    user.refresh_from_db()
    assert (user.email, user.full_name, user.phone) == (f"destroyed-{user.pk}@invalid", "", "")
    assert not user.is_active and not user.has_usable_password()
    assert not user.groups.exists() and not Session.objects.filter(pk=session.pk).exists()
    # The other client's record is untouched.
    other_after = {t: len(ids) for t, ids in rows_of_client(other_client_record.pk).items()}
    assert other_after == other_before
    assert Reminder.objects.filter(recipient=other_client_record.user).count() == other_reminders
    # What remains: the review (numbers and dates) and the audit trail, with the destruction.
    review.refresh_from_db()
    assert review.status == RetentionStatus.DESTROYED and review.client_id is None
    event = AuditEvent.objects.get(action="retention.destroy")
    assert event.client_id == record.pk and event.actor == second_admin
    assert event.details["rows"]["clients.client"] == 1 and event.details["files"] == 1
    assert "Quillfeather" not in str(event.details) + event.target_label
    # The audit trail stays (AUDIT_RETENTION_YEARS at least) and names the record by number:
    # none of its events carries the client's name (tests/audit/test_audit_labels.py).
    assert AuditEvent.objects.filter(client_id=record.pk).count() > 20
    for event in AuditEvent.objects.all():
        text = f"{event.target_label} {event.actor_label} {event.details}"
        assert not any(w in text for w in ("Quillfeather", "Zephyrine", "zq.home", "zephyrine.q"))


def _model_of_table(table: str):
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.db_table == table:
            return model
    return None


def _with_children(owned: dict[str, set], client_pk: int) -> dict[str, set]:
    """The client's rows plus the rows hanging from them without a ``client_id`` of their own
    (goals, steps, addenda, plan versions …), found through the database's foreign keys."""
    owned = {table: set(ids) for table, ids in owned.items() if ids}
    owned["clients_client"] = {client_pk}
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        changed = True
        while changed:
            changed = False
            for table in tables:
                if table in KEPT_TABLES:
                    continue
                columns = [
                    c.name for c in connection.introspection.get_table_description(cursor, table)
                ]
                if "id" not in columns:
                    continue
                for column, (_, target) in connection.introspection.get_relations(
                    cursor, table
                ).items():
                    if target not in owned or target.startswith("accounts_"):
                        continue
                    cursor.execute(
                        f'SELECT id FROM "{table}" WHERE "{column}" = ANY(%s)',  # noqa: S608
                        [list(owned[target])],
                    )
                    ids = {row[0] for row in cursor.fetchall()} - owned.get(table, set())
                    if ids:
                        owned.setdefault(table, set()).update(ids)
                        changed = True
    return owned


# The database locks (signed notes, plan versions …) and who may lift them:
# tests/clients/test_retention_security.py.


# ── Consents and disclosures: six years from each document's own date ──────────────────────


def noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def court_order_disclosure(client: Client, actor, **dates) -> Disclosure:
    """A disclosure under a court order (no consent needed), made through the service, then
    given the ``dates`` it would have had (the service only writes today's)."""
    disclosure = disclosure_record_without_consent(
        client=client,
        actor=actor,
        basis=LegalBasis.COURT_ORDER,
        recipient_name="Superior Court",
        information=InformationKind.ATTENDANCE,
        description="Dates of attendance",
        basis_reference="Order of 2 March, case 24-CV-118",
    )
    Disclosure.objects.filter(pk=disclosure.pk).update(**dates)
    disclosure.refresh_from_db()
    return disclosure


OLD = noon(dt.date(2014, 6, 1))  # before the closing below, long past six years


@pytest.mark.parametrize("logged", ["recorded_at", "disclosed_at"])
def test_a_disclosure_logged_after_closing_keeps_the_record_six_years_from_its_own_date(
    supervisor, logged
):
    record = close_on(ClientFactory(actor=supervisor), dt.date(2015, 1, 10), actor=supervisor)
    # Closing + 7 years ended in 2022; a court order answered in 2020 is kept until 2026.
    court_order_disclosure(
        record,
        supervisor,
        **{"recorded_at": OLD, "disclosed_at": OLD, logged: noon(dt.date(2020, 3, 1))},
    )

    result = retention_reviews_list(today=dt.date(2026, 2, 28))

    assert result["listed"] == 0 and result["kept_by_documents"] == 1
    assert retention_reviews_list(today=TODAY)["listed"] == 1
    review = RetentionReview.objects.get()
    assert review.due_on == TODAY and review.status == RetentionStatus.PENDING
    assert review.due_because == "a disclosure of 2020-03-01, kept 6 years"


def test_a_document_dated_29_february_is_kept_until_1_march_six_years_on(supervisor):
    record = close_on(ClientFactory(actor=supervisor), dt.date(2015, 1, 10), actor=supervisor)
    court_order_disclosure(
        record, supervisor, disclosed_at=OLD, recorded_at=noon(dt.date(2020, 2, 29))
    )
    assert retention_reviews_list(today=dt.date(2026, 2, 28))["listed"] == 0
    assert retention_reviews_list(today=dt.date(2026, 3, 1))["listed"] == 1
    assert RetentionReview.objects.get().due_on == dt.date(2026, 3, 1)


def test_a_suspended_accounting_keeps_the_record_six_years_from_the_end_of_the_suspension(
    supervisor,
):
    record = close_on(ClientFactory(actor=supervisor), dt.date(2015, 1, 10), actor=supervisor)
    court_order_disclosure(
        record,
        supervisor,
        disclosed_at=OLD,
        recorded_at=OLD,
        accounting_suspended_until=dt.date(2020, 3, 1),
    )
    assert retention_reviews_list(today=dt.date(2026, 2, 28))["listed"] == 0
    assert retention_reviews_list(today=TODAY)["listed"] == 1
    review = RetentionReview.objects.get()
    assert review.due_on == TODAY and "suspended until 2020-03-01" in review.due_because


@pytest.mark.parametrize(
    "dates",
    [
        # Revoked, or ended by its event, long before the expiry date it named.
        {"revoked_at": noon(dt.date(2020, 3, 1)), "expires_on": dt.date(2090, 1, 1)},
        {"ended_at": noon(dt.date(2020, 3, 1)), "expires_on": dt.date(2090, 1, 1)},
        # In effect through its expiry date, long after the closing.
        {"expires_on": dt.date(2020, 3, 1)},
        # Signed after the day it named as its end: its date is the signing.
        {"signed_at": noon(dt.date(2020, 3, 1)), "expires_on": dt.date(2019, 1, 1)},
    ],
    ids=["revoked", "ended", "expired", "signed-last"],
)
def test_a_consent_keeps_the_record_six_years_from_the_last_day_it_was_in_effect(
    media_root, supervisor, dates
):
    record = ClientFactory(actor=supervisor)
    consent = paper_consent_make(record, supervisor)
    close_on(record, dt.date(2015, 1, 10), actor=supervisor)
    Consent.objects.filter(pk=consent.pk).update(**{"signed_at": OLD, **dates})

    assert retention_reviews_list(today=dt.date(2026, 2, 28))["listed"] == 0
    assert retention_reviews_list(today=TODAY)["listed"] == 1
    review = RetentionReview.objects.get()
    assert review.due_on == TODAY
    assert review.due_because == "a consent last in effect on 2020-03-01, kept 6 years"


def test_a_consent_never_signed_keeps_nothing(client_record, case_manager, supervisor):
    consent_make(client_record, case_manager, signed=False)
    close_on(client_record, dt.date(2015, 1, 10), actor=supervisor)
    assert retention_reviews_list(today=TODAY)["listed"] == 1
    assert RetentionReview.objects.get().due_on == dt.date(2022, 1, 10)


def test_a_signed_consent_still_in_effect_keeps_the_record_until_it_ends(
    media_root, supervisor, admin_user
):
    record = ClientFactory(actor=supervisor)
    consent = paper_consent_make(
        record, supervisor, expires_on=None, expiry_event="when my court case is over"
    )
    closed_on = timezone.localdate() - relativedelta(years=12)
    close_on(record, closed_on, actor=supervisor)
    Consent.objects.filter(pk=consent.pk).update(signed_at=noon(closed_on))

    result = retention_reviews_list()
    assert result["listed"] == 0 and result["kept_by_documents"] == 1
    # Even a review made by hand (as a bug might) cannot destroy it.
    review = RetentionReview.objects.create(
        client=record,
        record_number=record.pk,
        closed_on=closed_on,
        due_on=timezone.localdate(),
        status=RetentionStatus.APPROVED,
        paper_disposal="none",
    )
    with pytest.raises(DestructionRefused, match="a signed consent still in effect"):
        record_destroy(review=review, actor=admin_user)
    assert Client.objects.filter(pk=record.pk).exists()
    retention_reviews_list()
    review.refresh_from_db()
    assert (review.status, review.due_on) == (RetentionStatus.NOT_DUE, None)

    # The event happened seven years ago, recorded only now: six years from it have passed.
    happened = timezone.localdate() - relativedelta(years=7)
    consent_event_happened(consent=consent, actor=supervisor, happened_on=happened)
    retention_reviews_list()
    review.refresh_from_db()
    assert review.status == RetentionStatus.PENDING
    assert review.due_on == retention_due_on(happened, years=6)


def test_a_disclosure_logged_after_the_approval_stops_the_destruction_and_the_review_waits(
    supervisor, admin_user, second_admin
):
    record = close_on(
        ClientFactory(actor=supervisor),
        timezone.localdate() - relativedelta(years=10),
        actor=supervisor,
    )
    retention_reviews_list()
    review = retention_review_approve(
        review=RetentionReview.objects.get(),
        actor=admin_user,
        confirmation=str(record.pk),
        paper_disposal="none",
    )
    # A records request answered after the approval: the client's accounting must list it
    # for six years from today, so the record stays.
    court_order_disclosure(record, supervisor)
    kept_until = retention_due_on(timezone.localdate(), years=6)
    before = rows_outside_the_audit_trail()

    with pytest.raises(DestructionRefused, match=f"kept until {kept_until:%Y-%m-%d}"):
        record_destroy(review=review, actor=second_admin)

    assert rows_outside_the_audit_trail() == before
    refused = AuditEvent.objects.get(action="retention.destroy_refused")
    assert refused.details == {"reason": "kept_by_documents"}
    retention_reviews_list()
    review.refresh_from_db()
    assert (review.status, review.due_on) == (RetentionStatus.NOT_DUE, kept_until)
    # The approval no longer stands: who approved, and the statement, are cleared.
    assert (review.decided_by, review.paper_disposal) == (None, "")
    assert AuditEvent.objects.get(action="retention.approval_void").details == {
        "because": "not_due"
    }
    # Once the six years have passed it waits for a new approval: the old one no longer stands.
    documents_moved_back(record, years=7)
    retention_reviews_list()
    review.refresh_from_db()
    assert review.status == RetentionStatus.PENDING and review.due_on < timezone.localdate()


def test_the_monthly_list_makes_as_many_queries_for_many_records_as_for_one(media_root, supervisor):
    def records(n: int) -> None:
        for _ in range(n):
            record = ClientFactory(actor=supervisor)
            paper_consent_make(record, supervisor)
            court_order_disclosure(record, supervisor)
            close_on(record, dt.date(2015, 1, 10), actor=supervisor)
            documents_moved_back(record, years=12)

    records(1)
    with CaptureQueriesContext(connection) as one:
        assert retention_reviews_list(today=TODAY)["listed"] == 1
    records(6)
    with CaptureQueriesContext(connection) as many:
        assert retention_reviews_list(today=TODAY)["listed"] == 6
    assert len(many) == len(one)


# ── Files that fail to delete ───────────────────────────────────────────────────────────────


def test_a_file_that_fails_to_delete_stays_on_the_review_until_a_later_run_deletes_it(
    media_root, client, supervisor, admin_user, second_admin, django_capture_on_commit_callbacks
):
    record = ClientFactory(actor=supervisor)
    consent = paper_consent_make(record, supervisor)
    close_on(record, timezone.localdate() - relativedelta(years=9), actor=supervisor)
    documents_moved_back(record, years=9)
    retention_reviews_list()
    review = retention_review_approve(
        review=RetentionReview.objects.get(),
        actor=admin_user,
        confirmation=str(record.pk),
        paper_disposal="none",
    )
    # The scan cannot be deleted: a non-empty directory stands in its place (as a file that
    # is busy, on a share gone away, or with the wrong owner would fail).
    scan_path = Path(media_root) / consent.scan.name
    scan_path.unlink()
    scan_path.mkdir()
    (scan_path / "in-the-way").write_text("x")

    with django_capture_on_commit_callbacks(execute=True):
        record_destroy(review=review, actor=second_admin)

    review.refresh_from_db()
    assert review.status == RetentionStatus.DESTROYED
    assert review.files_left == [{"field": "clients.consent.scan", "name": consent.scan.name}]
    assert AuditEvent.objects.get(action="retention.files_left").details == {"left": 1}
    client.force_login(admin_user)
    page = client.get(reverse("admin:clients_retentionreview_changelist")).content.decode()
    assert "Files still to delete" in page
    assert '<td class="field-files_still_to_delete">1</td>' in page
    detail = client.get(reverse("admin:clients_retentionreview_change", args=[review.pk]))
    assert consent.scan.name in detail.content.decode()  # where to look, to fix it

    # The monthly run tries again: still in the way, still listed.
    assert list_records_past_retention()["files_left"] == 1
    review.refresh_from_db()
    assert len(review.files_left) == 1
    # Fixed: the next run deletes it and the review says nothing is left.
    (scan_path / "in-the-way").unlink()
    assert list_records_past_retention()["files_left"] == 0
    review.refresh_from_db()
    assert review.files_left == [] and not scan_path.exists()
    event = AuditEvent.objects.get(action="retention.files_delete")
    assert event.details == {"deleted": 1, "left": 0}
    page = client.get(reverse("admin:clients_retentionreview_changelist")).content.decode()
    assert '<td class="field-files_still_to_delete">1</td>' not in page


# ── Paper originals and printouts ───────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("paper", "message"),
    [
        ({}, "paper originals and printouts"),
        ({"paper_disposal": "burnt"}, "paper originals and printouts"),
        ({"paper_disposal": "shredded"}, "date the paper was shredded and who"),
        (
            {"paper_disposal": "shredded", "paper_destroyed_on": dt.date(2026, 1, 5)},
            "date the paper was shredded and who",
        ),
        (
            {
                "paper_disposal": "shredded",
                "paper_destroyed_on": timezone.localdate() + dt.timedelta(days=1),
                "paper_destroyed_by": "Rosa Diaz",
            },
            "cannot be in the future",
        ),
    ],
    ids=["missing", "unknown", "no-date-no-name", "no-name", "future"],
)
def test_approval_needs_an_attestation_about_paper(admin_user, listed_record, paper, message):
    review = RetentionReview.objects.get()
    with pytest.raises(DestructionRefused, match=message):
        retention_review_approve(
            review=review,
            actor=admin_user,
            confirmation=str(listed_record.pk),
            **{"paper_disposal": "", **paper},
        )
    review.refresh_from_db()
    assert review.status == RetentionStatus.PENDING and review.paper_disposal == ""


def test_the_attestation_about_paper_is_kept_on_the_review_and_in_the_destruction_event(
    client, admin_user, second_admin, listed_record, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    review = RetentionReview.objects.get()
    url = reverse("admin:clients_retentionreview_decide", args=[review.pk])
    approve = {"decision": "approve", "confirm_record_number": str(listed_record.pk)}
    # The form asks for it.
    page = client.post(url, approve).content.decode()
    assert "Please say whether the paper originals and printouts were shredded" in page
    page = client.post(url, {**approve, "paper_disposal": "shredded"}).content.decode()
    assert "Please give the date it was shredded." in page and "Please say who shredded" in page
    assert Client.objects.filter(pk=listed_record.pk).exists()

    response = client.post(
        url,
        {
            **approve,
            "paper_disposal": "shredded",
            "paper_destroyed_on": "2026-01-05",
            "paper_destroyed_by": "Rosa Diaz",
        },
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        record_destroy(review=review, actor=second_admin)

    assert not Client.objects.filter(pk=listed_record.pk).exists()
    review.refresh_from_db()
    statement = (
        "Paper originals and printouts of this record have been destroyed (shredded) on "
        "2026-01-05 by Rosa Diaz."
    )
    assert review.paper_statement == statement
    assert (review.paper_destroyed_on, review.paper_destroyed_by) == (
        dt.date(2026, 1, 5),
        "Rosa Diaz",
    )
    # The audit trail keeps the attestation as a code and a date: no name typed as free text.
    paper = {"disposal": "shredded", "on": "2026-01-05"}
    assert AuditEvent.objects.get(action="retention.destroy").details["paper"] == paper
    assert AuditEvent.objects.get(action="retention.approve").details["paper"] == paper
    assert "Rosa Diaz" not in str(AuditEvent.objects.values_list("details", flat=True))
    detail = client.get(
        reverse("admin:clients_retentionreview_change", args=[review.pk])
    ).content.decode()
    assert statement in detail


def test_a_review_says_there_was_no_paper_when_the_approver_says_so(admin_user, listed_record):
    review = retention_review_approve(
        review=RetentionReview.objects.get(),
        actor=admin_user,
        confirmation=str(listed_record.pk),
        paper_disposal="none",
        paper_destroyed_by="ignored",
    )
    assert review.paper_statement == ("There are no paper originals or printouts of this record.")
    assert review.paper_destroyed_by == "" and review.paper_destroyed_on is None


# ── Under 18 at closing ─────────────────────────────────────────────────────────────────────


def test_under_18_at_closing_counts_the_18th_birthday_as_adult():
    assert under_18_at_closing(dt.date(1996, 4, 2), dt.date(2014, 4, 2)) is False
    assert under_18_at_closing(dt.date(1996, 4, 3), dt.date(2014, 4, 2)) is True
    # Born on 29 February: still a minor on 28 February of the 18th year.
    assert under_18_at_closing(dt.date(2000, 2, 29), dt.date(2018, 2, 28)) is True
    assert under_18_at_closing(dt.date(2000, 2, 29), dt.date(2018, 3, 1)) is False
    assert under_18_at_closing(None, dt.date(2018, 3, 1)) is None


def test_the_admin_shows_whether_the_client_was_under_18_at_closing_never_the_birth_date(
    client, admin_user, supervisor
):
    minor = ClientFactory(actor=supervisor, date_of_birth=dt.date(1996, 4, 3))
    adult = ClientFactory(actor=supervisor, date_of_birth=dt.date(1996, 4, 2))
    for record in (minor, adult):
        close_on(record, dt.date(2014, 4, 2), actor=supervisor)
    retention_reviews_list()
    client.force_login(admin_user)

    page = client.get(reverse("admin:clients_retentionreview_changelist")).content.decode()

    assert "Under 18 at closing" in page
    cells = {
        number: page.split(f">{number}</a>")[1].split('class="field-under_18"')[1][:120]
        for number in (minor.pk, adult.pk)
    }
    assert 'alt="True"' in cells[minor.pk] and 'alt="False"' in cells[adult.pk]
    assert "1996" not in page and "April 3" not in page
    decide = client.get(
        reverse(
            "admin:clients_retentionreview_decide",
            args=[RetentionReview.objects.get(record_number=minor.pk).pk],
        )
    ).content.decode()
    assert "Under 18 at closing" in decide and "rules for minors" in decide
    assert "1996" not in decide
