"""The audit trail cannot be wiped, and a forged, removed or altered event is detected: every
event is chained to the one before it by a SHA-256 hash, checked by ``manage.py audit_verify``."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from recovery_portal.audit.chain import GENESIS, chain_verify, link_hash
from recovery_portal.audit.models import AuditEvent
from recovery_portal.audit.services import audit_record


def _refuse_truncate_in_this_transaction(cursor):
    # The test settings allow TRUNCATE for the whole session (pytest-django resets the
    # database of transactional tests with it); production never sets this.
    cursor.execute("SET LOCAL recovery_portal.allow_audit_truncate = 'off'")
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks


def _tamper(sql, params=()):
    """What someone with the table owner's rights could do: switch the guard off, change rows."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def _events(user, count=5):
    return [audit_record(actor=user, action=f"test.view.{n}") for n in range(count)]


def test_truncate_is_refused(db, client_user):
    audit_record(actor=client_user, action="test.view")
    before = AuditEvent.objects.count()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        _refuse_truncate_in_this_transaction(cursor)
        cursor.execute("TRUNCATE audit_auditevent CASCADE")
    assert AuditEvent.objects.count() == before


def test_manage_py_flush_cannot_empty_the_trail(db, client_user):
    audit_record(actor=client_user, action="test.view")
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError) as refused, transaction.atomic():
        with connection.cursor() as cursor:
            _refuse_truncate_in_this_transaction(cursor)
        call_command("flush", interactive=False, verbosity=0)
    assert "append-only: TRUNCATE refused" in str(refused.value.__cause__)
    assert AuditEvent.objects.count() == before


def test_each_event_is_chained_to_the_one_before(db, client_user):
    first, second = _events(client_user, 2)
    assert len(first.chain_hash) == 64
    assert second.chain_hash == link_hash(first.chain_hash, second)
    assert first.chain_hash == link_hash(_previous(first), first)
    assert _previous(first) == GENESIS or len(_previous(first)) == 64


def _previous(event):
    before = AuditEvent.objects.filter(pk__lt=event.pk).order_by("-pk").first()
    return before.chain_hash if before else GENESIS


def test_an_untouched_trail_verifies(db, client_user):
    _events(client_user)
    result = chain_verify()
    assert result.ok
    assert result.checked == AuditEvent.objects.count()
    call_command("audit_verify", verbosity=0)


def test_an_altered_event_is_detected(db, client_user):
    events = _events(client_user)
    _tamper("UPDATE audit_auditevent SET action = 'test.nothing' WHERE id = %s", [events[2].pk])
    result = chain_verify()
    assert not result.ok
    assert result.broken_at == events[2].pk
    with pytest.raises(CommandError, match=str(events[2].pk)):
        call_command("audit_verify", verbosity=0)


def test_a_removed_event_is_detected(db, client_user):
    events = _events(client_user)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    result = chain_verify()
    assert not result.ok
    assert result.broken_at == events[2].pk


def test_removing_the_latest_events_is_detected(db, client_user):
    events = _events(client_user)
    _tamper("DELETE FROM audit_auditevent WHERE id >= %s", [events[3].pk])
    result = chain_verify()
    assert not result.ok
    assert "latest" in result.message


def test_a_forged_event_is_detected(db, client_user):
    events = _events(client_user)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, actor_label, actor_role, action, target_type, "
            "target_id, target_label, details, chain_hash) "
            "VALUES (now(), 'x@example.test', '', 'test.forged', '', '', '', '{}', %s)",
            [events[-1].chain_hash],
        )
    assert not chain_verify().ok


def test_details_keep_their_hash_after_a_round_trip_through_the_database(db, client_user):
    event = audit_record(
        actor=client_user,
        action="test.view",
        details={"z": 1, "a": [1.5, "é", None, 2.0, 1e16, 1e-7], 3: {"nested": True}},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.chain_hash == link_hash(_previous(stored), stored)
    assert chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_events_wait_for_each_other_so_the_chain_never_forks(client_user):
    """A second writer cannot read the chain's head while the first has not committed."""
    first_inside = threading.Event()
    release_first = threading.Event()
    second_done = threading.Event()

    def first():
        try:
            with transaction.atomic():
                audit_record(actor=client_user, action="test.first")
                first_inside.set()
                release_first.wait(10)
        finally:
            connections.close_all()

    def second():
        try:
            first_inside.wait(10)
            audit_record(actor=client_user, action="test.second")
            second_done.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_inside.wait(10)
    assert not second_done.wait(1.0), "the second event did not wait for the first to commit"
    release_first.set()
    for thread in threads:
        thread.join(10)
    assert second_done.is_set()
    chained = AuditEvent.objects.filter(action__startswith="test.").order_by("pk")
    assert [e.action for e in chained] == ["test.first", "test.second"]
    assert chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_events_written_before_it(client_user):
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0002_append_only")])
    with connection.cursor() as cursor:
        for n in range(3):
            cursor.execute(
                "INSERT INTO audit_auditevent (at, actor_id, actor_label, actor_role, action, "
                "target_type, target_id, target_label, client_id, ip, details) VALUES "
                "(now(), %s, 'old@example.test', 'Client', %s, '', '', '', 7, '192.0.2.1', "
                '\'{"part": "profile"}\')',
                [client_user.pk, f"old.view.{n}"],
            )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("audit"))
    result = chain_verify()
    assert result.ok, result.message
    assert result.checked == AuditEvent.objects.count() >= 3
    audit_record(actor=client_user, action="test.after")
    assert chain_verify().ok
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(action="old.view.0").update(action="changed")


def test_the_nightly_task_logs_an_error_when_the_trail_was_tampered_with(db, client_user, caplog):
    from recovery_portal.audit.tasks import verify_audit_chain

    events = _events(client_user)
    assert verify_audit_chain() is True
    _tamper("UPDATE audit_auditevent SET action = 'test.nothing' WHERE id = %s", [events[0].pk])
    assert verify_audit_chain() is False
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "NOT intact" in record.getMessage()
    assert str(events[0].pk) in record.getMessage()
