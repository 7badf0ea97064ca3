"""Records retention against someone who means harm, or one person acting alone: the
regression tests of an outside OWASP ASVS L2 review (findings M1, M2, M3 and L7).

- M1: the database locks on signed notes, addenda, plan versions and acknowledgements give way
  only to the destruction of a closed, unheld record approved for destruction, never to a
  session setting the portal's own database role can set (PostgreSQL and SQLite).
- M2: one administrator alone cannot destroy a record: a hold voids an approval, the approver
  never carries it out, a hold placed by someone else needs a supervisor to lift, and carrying
  it out asks for the password again.
- M3: a destruction never takes other people's data along: not the data of a former staff
  member who also had a client record, nor rows the client's account does not own.
- L7: a hold asked for just after a destruction gets a clear answer; refusals are audited.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from aftercare.models import OnCallShift
from casework.models import NoteAddendum, PlanAcknowledgement, PlanVersion, ProgressNote
from casework.services.note import note_addendum_add, note_update
from casework.services.plan import plan_acknowledge
from clients.models import (
    Client,
    ClientStatus,
    ClientStatusChange,
    LegalHold,
    RetentionReview,
    RetentionStatus,
)
from clients.services.destruction import record_destroy
from clients.services.legal_hold import legal_hold_lift, legal_hold_place
from clients.services.record import client_status_change
from clients.services.retention import (
    DestructionRefused,
    retention_review_approve,
    retention_reviews_list,
)
from recovery_portal.accounts.roles import Role
from recovery_portal.audit.models import AuditEvent
from recovery_portal.notifications.models import CustomReminder
from recovery_portal.notifications.services import custom_reminder_create
from tests.casework.helpers import note_make, plan_make
from tests.conftest import reauthenticate
from tests.factories import ClientFactory, UserFactory

ROLES_SQL = Path(__file__).resolve().parents[2] / "scripts" / "db_roles.sql"


def closed_long_ago(record: Client, *, actor) -> Client:
    """Close the record through the service, eight years back: past retention."""
    client_status_change(client=record, to_status=ClientStatus.CLOSED, actor=actor, reason="x")
    ClientStatusChange.objects.filter(client=record).update(
        at=timezone.now() - relativedelta(years=8)
    )
    record.refresh_from_db()
    return record


def listed(record: Client) -> RetentionReview:
    retention_reviews_list()
    return RetentionReview.objects.get(record_number=record.pk)


def approved(record: Client, *, by) -> RetentionReview:
    return retention_review_approve(
        review=listed(record), actor=by, confirmation=str(record.pk), paper_disposal="none"
    )


def rows_outside_the_audit_trail() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table.startswith("audit_"):
                continue
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (table names)
            counts[table] = cursor.fetchone()[0]
    return counts


def refusals() -> list[dict]:
    events = AuditEvent.objects.filter(action="retention.destroy_refused").order_by("id")
    return [event.details for event in events]


@pytest.fixture
def record_with_locked_rows(client_user, case_manager, supervisor):
    """A record with a signed note (goal linked, with an addendum) and a shared plan the client
    acknowledged: a row in each table the database locks."""
    record = ClientFactory(user=client_user, case_manager=case_manager, actor=supervisor)
    plan = plan_make(record, case_manager, goals=1, share=True)
    plan_acknowledge(plan=plan, user=client_user)
    note = note_make(record, case_manager, signed=True, goals=[plan.goals.first()])
    note_addendum_add(note=note, actor=case_manager, text="Called back later that day.")
    return record


# ── M1: the database locks ──────────────────────────────────────────────────────────────────


def _sql(statement: str, params=()) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def _with_setting(record_pk: int, statement: str, params=()) -> None:
    """The reviewer's attack: the session says "destroying this client", then deletes."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('recovery_portal.destroying_client', %s, true)", [str(record_pk)]
        )
        cursor.execute(statement, params)


def test_a_session_setting_no_longer_lifts_the_lock_of_a_held_open_record(
    supervisor, case_manager, client_record
):
    note = note_make(client_record, case_manager, signed=True)
    legal_hold_place(client=client_record, actor=supervisor, reason="Case 12-345")

    with pytest.raises(DatabaseError, match="signed progress note cannot be deleted"):
        _with_setting(
            client_record.pk, "DELETE FROM casework_progressnote WHERE id = %s", [note.pk]
        )

    assert ProgressNote.objects.filter(pk=note.pk).exists()


def test_nor_that_of_a_closed_record_without_an_approved_review(
    supervisor, admin_user, record_with_locked_rows
):
    record = closed_long_ago(record_with_locked_rows, actor=supervisor)
    listed(record)  # listed, waiting for a decision: not approved
    note = ProgressNote.objects.get(client=record)
    for statement, params in [
        ("DELETE FROM casework_progressnote WHERE id = %s", [note.pk]),
        ("DELETE FROM casework_notegoal WHERE note_id = %s", [note.pk]),
        ("DELETE FROM casework_noteaddendum WHERE note_id = %s", [note.pk]),
        ("DELETE FROM casework_planacknowledgement", []),
        ("DELETE FROM casework_planversion", []),
    ]:
        with pytest.raises(DatabaseError):
            _with_setting(record.pk, statement, params)
    with pytest.raises(DatabaseError, match="may not be destroyed"):
        _sql("SELECT portal_destroy_locked_rows(%s)", [record.pk])
    assert note.addenda.count() == 1 and note.goals.count() == 1
    assert PlanVersion.objects.count() == 1 and PlanAcknowledgement.objects.count() == 1


@contextmanager
def as_portal_role():
    """The rest of the test's transaction as the role scripts/db_roles.sql makes (the portal's
    own role in production, "portal_app"), as tests/audit/test_database_role.py does."""
    role = f"rp_test_app_{os.getpid()}"
    statements = [
        line for line in ROLES_SQL.read_text().splitlines() if line and not line.startswith("--")
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:  # made once per test (its transaction rolls it back)
            cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        for statement in " ".join(statements).split(";"):
            if statement.strip():
                cursor.execute(statement.replace("portal_app", role))
        cursor.execute(f"SET LOCAL ROLE {role}")
    try:
        yield role
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def test_the_portals_role_may_not_delete_a_signed_note_even_for_an_approved_destruction(
    supervisor, admin_user, record_with_locked_rows
):
    record = closed_long_ago(record_with_locked_rows, actor=supervisor)
    approved(record, by=admin_user)  # the rule holds: only the role stands in the way
    note = ProgressNote.objects.get(client=record)

    with as_portal_role():
        for table in ("casework_progressnote", "casework_noteaddendum"):
            column = "id" if table == "casework_progressnote" else "note_id"
            with pytest.raises(DatabaseError, match="permission denied"):
                _with_setting(record.pk, f"DELETE FROM {table} WHERE {column} = %s", [note.pk])  # noqa: S608
        for table in ("casework_planversion", "casework_planacknowledgement"):
            with pytest.raises(DatabaseError, match="permission denied"):
                _with_setting(record.pk, f"DELETE FROM {table}")  # noqa: S608
        # Goal links keep DELETE (drafts change theirs); a signed note's still refuse outside
        # the owner's function, setting or not.
        with pytest.raises(DatabaseError, match="goals of a signed progress note"):
            _with_setting(record.pk, "DELETE FROM casework_notegoal WHERE note_id = %s", [note.pk])

    assert ProgressNote.objects.filter(pk=note.pk).exists() and note.goals.count() == 1


def test_the_portals_role_still_changes_the_goals_of_a_draft(case_manager, client_record):
    plan = plan_make(client_record, case_manager, goals=2)
    first, second = plan.goals.all()
    draft = note_make(client_record, case_manager, goals=[first])
    with as_portal_role():
        note_update(note=draft, actor=case_manager, fields={}, goals=[second])
    assert list(draft.goals.all()) == [second]


def test_the_owners_function_refuses_without_an_approval_under_a_hold_or_when_open(
    supervisor, admin_user, record_with_locked_rows
):
    record = record_with_locked_rows

    def refused_as_the_portals_role():
        with as_portal_role(), pytest.raises(DatabaseError, match="may not be destroyed"):
            _sql("SELECT portal_destroy_locked_rows(%s)", [record.pk])

    refused_as_the_portals_role()  # open
    closed_long_ago(record, actor=supervisor)
    listed(record)
    refused_as_the_portals_role()  # closed, listed, not approved
    approved(record, by=admin_user)
    # Approved, then a hold placed directly in the database (the service would void the
    # approval too): the function checks the hold itself.
    Client.objects.filter(pk=record.pk).update(legal_hold=True)
    LegalHold.objects.create(client=record, reason="Subpoena", placed_by=supervisor)
    RetentionReview.objects.filter(record_number=record.pk).update(status=RetentionStatus.APPROVED)
    refused_as_the_portals_role()  # held
    assert ProgressNote.objects.filter(client=record).count() == 1
    assert NoteAddendum.objects.count() == 1 and PlanVersion.objects.count() == 1


def test_the_owners_function_deletes_the_locked_rows_of_an_approved_record_only(
    supervisor, admin_user, record_with_locked_rows, other_client_record, other_case_manager
):
    record = closed_long_ago(record_with_locked_rows, actor=supervisor)
    approved(record, by=admin_user)
    theirs = note_make(other_client_record, other_case_manager, signed=True)

    with as_portal_role(), connection.cursor() as cursor:
        cursor.execute("SELECT portal_destroy_locked_rows(%s)", [record.pk])
        (removed,) = cursor.fetchone()
        # The permission ended with the function: the setting is empty again.
        cursor.execute("SELECT current_setting('recovery_portal.destroying_client', true)")
        assert cursor.fetchone()[0] == ""

    # A note, its goal link and addendum, a plan version and its acknowledgement.
    assert removed == 5
    assert not ProgressNote.objects.filter(client=record).exists()
    assert not PlanVersion.objects.exists() and not PlanAcknowledgement.objects.exists()
    assert ProgressNote.objects.filter(pk=theirs.pk).exists()


def test_a_second_administrator_destroys_a_whole_record_as_the_portals_role(
    supervisor, admin_user, second_admin, record_with_locked_rows, client_user
):
    record = closed_long_ago(record_with_locked_rows, actor=supervisor)
    review = approved(record, by=admin_user)

    with as_portal_role():
        counts = record_destroy(review=review, actor=second_admin)
        # The foreign keys are checked at commit (deferred): check them now, as at commit
        # (the reviews are unlinked only after the client's row is gone).
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    assert not Client.objects.filter(pk=record.pk).exists()
    assert counts["casework.progressnote"] == 1 and counts["casework.planversion"] == 1
    assert counts["casework.planacknowledgement"] == 1 and counts["casework.notegoal"] == 1
    review.refresh_from_db()
    assert review.status == RetentionStatus.DESTROYED


# ── M1 on SQLite (the embedded demo mode: no roles) ─────────────────────────────────────────


@pytest.fixture
def sqlite_locks():
    """A throw-away SQLite database with the tables the locks guard and read, and the
    triggers of casework migrations 0001, 0003 and 0004, as the embedded mode has them."""
    migration = "casework.migrations.{}".format
    first = importlib.import_module(migration("0001_plans_notes"))
    third = importlib.import_module(migration("0003_destruction_may_delete_locked_rows"))
    fourth = importlib.import_module(
        migration("0004_locked_rows_go_only_with_an_approved_destruction")
    )
    db = sqlite3.connect(":memory:")
    columns = ", ".join(
        f"{c} TEXT" for c in first.NOTE_COLUMNS if c not in ("signed_at", "client_id")
    )
    db.executescript(
        f"""
        CREATE TABLE clients_client (id INTEGER PRIMARY KEY, status TEXT, legal_hold BOOL);
        CREATE TABLE clients_legalhold (id INTEGER PRIMARY KEY, client_id INTEGER,
            lifted_at TEXT);
        CREATE TABLE clients_retentionreview (id INTEGER PRIMARY KEY, client_id INTEGER,
            status TEXT, decided_by_id INTEGER, decided_at TEXT);
        CREATE TABLE casework_progressnote (id INTEGER PRIMARY KEY, client_id INTEGER, {columns},
            signed_at TEXT, cosigned_at TEXT, cosigned_by_id TEXT);
        CREATE TABLE casework_notegoal (id INTEGER PRIMARY KEY, note_id, goal_id);
        CREATE TABLE casework_noteaddendum (id INTEGER PRIMARY KEY, note_id INTEGER, text TEXT);
        CREATE TABLE casework_recoveryplan (id INTEGER PRIMARY KEY, client_id INTEGER);
        CREATE TABLE casework_planversion (id INTEGER PRIMARY KEY, plan_id INTEGER);
        CREATE TABLE casework_planacknowledgement (id INTEGER PRIMARY KEY, version_id INTEGER);
        """
    )
    for statement in first.SQLITE_UP + third.SQLITE_UP + fourth.SQLITE_UP:
        db.execute(statement)
    for client in (1, 2):
        db.execute("INSERT INTO clients_client VALUES (?, 'active', 0)", [client])
        db.execute(
            "INSERT INTO casework_progressnote (id, client_id) VALUES (?, ?)", [client, client]
        )
        db.execute("INSERT INTO casework_notegoal (note_id, goal_id) VALUES (?, 7)", [client])
        db.execute("UPDATE casework_progressnote SET signed_at = 'now' WHERE id = ?", [client])
        db.execute(
            "INSERT INTO casework_noteaddendum (id, note_id) VALUES (?, ?)", [client, client]
        )
        db.execute(
            "INSERT INTO casework_recoveryplan (id, client_id) VALUES (?, ?)", [client, client]
        )
        db.execute("INSERT INTO casework_planversion (id, plan_id) VALUES (?, ?)", [client, client])
        db.execute(
            "INSERT INTO casework_planacknowledgement (id, version_id) VALUES (?, ?)",
            [client, client],
        )
    yield db
    db.close()


SQLITE_DELETES = [
    "DELETE FROM casework_planacknowledgement WHERE version_id = {n}",
    "DELETE FROM casework_planversion WHERE plan_id = {n}",
    "DELETE FROM casework_notegoal WHERE note_id = {n}",
    "DELETE FROM casework_noteaddendum WHERE note_id = {n}",
    "DELETE FROM casework_progressnote WHERE id = {n}",
]


def _all_refused(db, n: int) -> None:
    for statement in SQLITE_DELETES:
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(statement.format(n=n))


def test_on_sqlite_the_flag_alone_lifts_no_lock(sqlite_locks):
    db = sqlite_locks
    _all_refused(db, 1)
    db.execute("INSERT INTO portal_destroying_client (client_id) VALUES (1)")
    _all_refused(db, 1)  # open, and no approved review
    db.execute("UPDATE clients_client SET status = 'closed' WHERE id = 1")
    db.execute("INSERT INTO clients_retentionreview VALUES (1, 1, 'pending', 5, 'now')")
    _all_refused(db, 1)  # waiting for a decision, not approved
    db.execute("UPDATE clients_retentionreview SET status = 'approved' WHERE id = 1")
    db.execute("UPDATE clients_client SET legal_hold = 1 WHERE id = 1")
    db.execute("INSERT INTO clients_legalhold VALUES (1, 1, NULL)")
    _all_refused(db, 1)  # held
    db.execute("UPDATE clients_client SET legal_hold = 0 WHERE id = 1")
    _all_refused(db, 1)  # the hold's own row still open
    assert db.execute("SELECT count(*) FROM casework_progressnote").fetchone() == (2,)


def test_on_sqlite_an_approved_destruction_deletes_its_own_records_locked_rows_only(
    sqlite_locks,
):
    db = sqlite_locks
    for client in (1, 2):  # both closed and approved; only 1 is being destroyed
        db.execute("UPDATE clients_client SET status = 'closed' WHERE id = ?", [client])
        db.execute(
            "INSERT INTO clients_retentionreview VALUES (?, ?, 'approved', 5, 'now')",
            [client, client],
        )
    db.execute("INSERT INTO portal_destroying_client (client_id) VALUES (1)")
    for statement in SQLITE_DELETES:
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(statement.format(n=2))
        db.execute(statement.format(n=1))
    assert db.execute("SELECT id FROM casework_progressnote").fetchall() == [(2,)]
    # Changing a signed note stays refused, destruction or not.
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        db.execute("UPDATE casework_progressnote SET data = 'x' WHERE id = 2")


# ── M2: never one administrator alone ───────────────────────────────────────────────────────


def test_placing_a_hold_voids_an_approval_and_the_monthly_run_keeps_it_void(admin_user, supervisor):
    record = closed_long_ago(ClientFactory(actor=supervisor), actor=supervisor)
    review = approved(record, by=admin_user)

    legal_hold_place(client=record, actor=supervisor, reason="Subpoena")
    retention_reviews_list()

    review.refresh_from_db()
    assert review.status == RetentionStatus.ON_HOLD
    assert (review.decided_by, review.decided_at, review.paper_disposal) == (None, None, "")
    void = AuditEvent.objects.get(action="retention.approval_void")
    assert (void.actor, void.details) == (supervisor, {"because": "legal_hold"})
    # Lifted: the record waits for a new approval, not for the old one to be carried out.
    legal_hold_lift(client=record, actor=supervisor, reason="Settled")
    review.refresh_from_db()
    assert review.status == RetentionStatus.PENDING


def test_the_monthly_run_voids_an_approval_of_a_record_held_behind_the_services_back(
    admin_user, supervisor
):
    record = closed_long_ago(ClientFactory(actor=supervisor), actor=supervisor)
    review = approved(record, by=admin_user)
    Client.objects.filter(pk=record.pk).update(legal_hold=True)

    retention_reviews_list()

    review.refresh_from_db()
    assert (review.status, review.decided_by) == (RetentionStatus.ON_HOLD, None)
    assert AuditEvent.objects.get(action="retention.approval_void").details == {
        "because": RetentionStatus.ON_HOLD.value
    }


def test_the_administrator_who_approved_may_not_carry_out_the_destruction(admin_user, supervisor):
    record = closed_long_ago(ClientFactory(actor=supervisor), actor=supervisor)
    review = approved(record, by=admin_user)
    before = rows_outside_the_audit_trail()

    with pytest.raises(DestructionRefused, match="a second administrator"):
        record_destroy(review=review, actor=admin_user)

    assert rows_outside_the_audit_trail() == before
    assert refusals() == [{"reason": "same_person"}]


def test_an_administrator_cannot_lift_a_hold_someone_else_placed_and_destroy_at_once(
    admin_user, second_admin, supervisor
):
    """The reviewer's scenario: a supervisor's hold, lifted by one administrator, who then
    approves and destroys."""
    record = closed_long_ago(ClientFactory(actor=supervisor), actor=supervisor)
    legal_hold_place(client=record, actor=supervisor, reason="Litigation hold, counsel")
    review = listed(record)
    assert review.status == RetentionStatus.ON_HOLD

    with pytest.raises(ValidationError, match="placed by someone else"):
        legal_hold_lift(client=record, actor=admin_user, reason="done")
    record.refresh_from_db()
    assert record.legal_hold

    # The supervisor lifts it; the administrator approves; carrying out takes another one.
    legal_hold_lift(client=record, actor=supervisor, reason="Counsel says it can end")
    review = approved(record, by=admin_user)
    with pytest.raises(DestructionRefused, match="a second administrator"):
        record_destroy(review=review, actor=admin_user)
    assert Client.objects.filter(pk=record.pk).exists()
    record_destroy(review=review, actor=second_admin)
    assert not Client.objects.filter(pk=record.pk).exists()


def test_an_administrator_lifts_a_hold_they_placed_and_a_supervisor_anyones(
    admin_user, second_admin, supervisor
):
    record = closed_long_ago(ClientFactory(actor=supervisor), actor=supervisor)
    legal_hold_place(client=record, actor=admin_user, reason="Insurance audit")
    with pytest.raises(ValidationError, match="placed by someone else"):
        legal_hold_lift(client=record, actor=second_admin, reason="Over")
    legal_hold_lift(client=record, actor=admin_user, reason="Over")
    legal_hold_place(client=record, actor=admin_user, reason="Another audit")
    legal_hold_lift(client=record, actor=supervisor, reason="Over too")
    assert list(LegalHold.objects.values_list("lifted_by", flat=True)) == [
        supervisor.pk,
        admin_user.pk,
    ]


def test_the_admin_refuses_a_lift_by_another_administrator_with_the_reason(
    client, admin_user, second_admin, supervisor
):
    record = closed_long_ago(ClientFactory(actor=supervisor), actor=supervisor)
    legal_hold_place(client=record, actor=supervisor, reason="Subpoena")
    review = listed(record)
    client.force_login(second_admin)
    url = reverse("admin:clients_retentionreview_decide", args=[review.pk])
    page = client.get(url).content.decode()
    assert "Placed by supervisor@example.test" in page

    page = client.post(url, {"decision": "lift", "reason": "Over"}).content.decode()

    assert "placed by someone else" in page
    record.refresh_from_db()
    assert record.legal_hold


def test_carrying_out_a_destruction_in_the_admin_asks_for_the_password_again(
    client, admin_user, second_admin, supervisor
):
    record = closed_long_ago(ClientFactory(actor=supervisor), actor=supervisor)
    review = approved(record, by=admin_user)
    client.force_login(second_admin)
    url = reverse("admin:clients_retentionreview_decide", args=[review.pk])

    response = client.post(url, {"decision": "destroy"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert Client.objects.filter(pk=record.pk).exists()
    # With the password confirmed, the same decision goes through.
    reauthenticate(client)
    response = client.post(url, {"decision": "destroy"})
    assert response.status_code == 302
    assert not Client.objects.filter(pk=record.pk).exists()


# ── M3: never other people's data ───────────────────────────────────────────────────────────


def test_a_former_peer_facilitators_record_is_refused_and_nothing_changes(
    admin_user, second_admin, supervisor
):
    """The reviewer's scenario: a peer facilitator who left (deactivated) and also had a
    client record; destroying it deleted their on-call shift and a reminder they wrote for
    another client."""
    peer = UserFactory(role=Role.FACILITATOR, email="peer@example.test", full_name="Pat Peer")
    record = ClientFactory(actor=supervisor, user=peer)
    now = timezone.now()
    shift = OnCallShift.objects.create(
        staff=peer, starts_at=now - dt.timedelta(days=400), ends_at=now - dt.timedelta(days=399)
    )
    other = UserFactory(role=Role.CLIENT, email="someone@example.test")
    custom = custom_reminder_create(
        author=peer,
        recipient=other,
        at=now + dt.timedelta(days=3),
        remind_at=now + dt.timedelta(days=2),
        note="hi",
    )
    peer.is_active = False  # left the organization
    peer.save()
    closed_long_ago(record, actor=supervisor)
    review = listed(record)

    with pytest.raises(DestructionRefused, match="staff member's"):
        retention_review_approve(
            review=review, actor=admin_user, confirmation=str(record.pk), paper_disposal="none"
        )
    # An approval standing anyway (made before this check existed) is refused as well.
    RetentionReview.objects.filter(pk=review.pk).update(
        status=RetentionStatus.APPROVED,
        decided_by=admin_user,
        decided_at=now,
        paper_disposal="none",
    )
    before = rows_outside_the_audit_trail()
    with pytest.raises(DestructionRefused, match="staff member's"):
        record_destroy(review=review, actor=second_admin)

    assert rows_outside_the_audit_trail() == before
    assert OnCallShift.objects.filter(pk=shift.pk).exists()
    assert CustomReminder.objects.filter(pk=custom.pk).exists()
    assert refusals() == [{"reason": "staff_account"}]


def test_an_account_that_once_held_a_staff_role_is_refused_though_it_holds_none_now(
    admin_user, supervisor
):
    # Given the Peer facilitator role when made (audited), later only the client's.
    former = UserFactory(role=Role.FACILITATOR, email="former@example.test")
    former.groups.set([Group.objects.get(name=Role.CLIENT.value)])
    former.is_active = False
    former.save()
    record = closed_long_ago(ClientFactory(actor=supervisor, user=former), actor=supervisor)

    with pytest.raises(DestructionRefused, match="staff member's"):
        approved(record, by=admin_user)


@pytest.mark.parametrize(
    ("make", "model"),
    [
        (
            lambda account, other, now: OnCallShift.objects.create(
                staff=account, starts_at=now, ends_at=now + dt.timedelta(hours=8)
            ),
            "aftercare.OnCallShift",
        ),
        (
            lambda account, other, now: custom_reminder_create(
                author=account,
                recipient=other,
                at=now + dt.timedelta(days=3),
                remind_at=now + dt.timedelta(days=2),
                note="See you Tuesday",
            ),
            "notifications.CustomReminder",
        ),
    ],
    ids=["on-call-shift", "reminder-written-for-someone-else"],
)
def test_a_row_the_clients_account_does_not_own_stops_the_destruction(
    make, model, admin_user, second_admin, supervisor, client_user, other_client_user
):
    record = ClientFactory(actor=supervisor, user=client_user)
    row = make(client_user, other_client_user, timezone.now())
    closed_long_ago(record, actor=supervisor)
    review = approved(record, by=admin_user)  # nothing in the roles or the trail says staff
    before = rows_outside_the_audit_trail()

    with pytest.raises(DestructionRefused, match=f"not this client's \\({model}"):
        record_destroy(review=review, actor=second_admin)

    assert rows_outside_the_audit_trail() == before
    assert type(row).objects.filter(pk=row.pk).exists()
    assert refusals() == [{"reason": "other_data", "model": model}]


def test_what_the_clients_account_owns_goes_with_the_record(
    admin_user, second_admin, supervisor, client_user, case_manager
):
    record = ClientFactory(actor=supervisor, user=client_user)
    now = timezone.now()
    mine = custom_reminder_create(
        author=case_manager,
        recipient=client_user,
        at=now + dt.timedelta(days=3),
        remind_at=now + dt.timedelta(days=2),
        note="Bring your ID",
    )
    closed_long_ago(record, actor=supervisor)

    record_destroy(review=approved(record, by=admin_user), actor=second_admin)

    assert not CustomReminder.objects.filter(pk=mine.pk).exists()
    client_user.refresh_from_db()
    assert not client_user.is_active and not client_user.emailaddress_set.exists()


# ── L7: a hold just after a destruction, and refusals in the audit trail ────────────────────


def test_a_hold_asked_for_just_after_the_destruction_gets_a_clear_answer(
    admin_user, second_admin, supervisor
):
    record = closed_long_ago(ClientFactory(actor=supervisor), actor=supervisor)
    record_destroy(review=approved(record, by=admin_user), actor=second_admin)

    # ``record`` is the object the page loaded a moment before the destruction committed.
    with pytest.raises(ValidationError, match="no longer exists"):
        legal_hold_place(client=record, actor=supervisor, reason="Subpoena just arrived")
    with pytest.raises(ValidationError, match="no longer exists"):
        legal_hold_lift(client=record, actor=supervisor, reason="x")
    assert not LegalHold.objects.exists()


def test_a_refused_destruction_is_audited_by_code_without_names(
    admin_user, second_admin, supervisor
):
    record = closed_long_ago(
        ClientFactory(actor=supervisor, legal_first_name="Ottilie", legal_last_name="Vexley"),
        actor=supervisor,
    )
    review = approved(record, by=admin_user)
    legal_hold_place(client=record, actor=supervisor, reason="Vexley v. County")
    RetentionReview.objects.filter(pk=review.pk).update(  # an approval left standing
        status=RetentionStatus.APPROVED,
        decided_by=admin_user,
        decided_at=timezone.now(),
        paper_disposal="none",
    )

    with pytest.raises(DestructionRefused):
        record_destroy(review=review, actor=second_admin)

    event = AuditEvent.objects.get(action="retention.destroy_refused")
    assert (event.actor, event.client_id, event.details) == (
        second_admin,
        record.pk,
        {"reason": "legal_hold"},
    )
    text = f"{event.target_label} {event.actor_label} {event.details}"
    assert "Vexley" not in text and "Ottilie" not in text
