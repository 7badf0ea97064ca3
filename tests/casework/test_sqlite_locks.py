"""The embedded run mode uses SQLite: the migration's SQLite triggers lock a signed note there
too. Checked on a throw-away SQLite database holding just the tables the triggers guard."""

from __future__ import annotations

import importlib
import sqlite3

import pytest

pytestmark = pytest.mark.django_db  # only so the suite's session fixtures find their database

locks = importlib.import_module("casework.migrations.0001_plans_notes")


@pytest.fixture
def sqlite():
    db = sqlite3.connect(":memory:")
    columns = ", ".join(f"{c} TEXT" for c in locks.NOTE_COLUMNS if c != "signed_at")
    db.execute(
        f"CREATE TABLE casework_progressnote (id INTEGER PRIMARY KEY, {columns}, "
        "signed_at TEXT, cosigned_at TEXT, cosigned_by_id TEXT, share_with_client INTEGER)"
    )
    db.execute("CREATE TABLE casework_notegoal (id INTEGER PRIMARY KEY, note_id, goal_id)")
    for table in locks.APPEND_ONLY:
        db.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, text TEXT)")
    for statement in locks.SQLITE_UP:
        db.execute(statement)
    db.execute("INSERT INTO casework_progressnote (id, data) VALUES (1, 'draft')")
    db.execute("INSERT INTO casework_notegoal (note_id, goal_id) VALUES (1, 7)")
    yield db
    db.close()


def test_a_draft_note_can_be_changed_then_signing_locks_it(sqlite):
    sqlite.execute("UPDATE casework_progressnote SET data = 'final' WHERE id = 1")
    sqlite.execute("UPDATE casework_progressnote SET signed_at = 'now', signed_by_id = 3")
    for statement in (
        "UPDATE casework_progressnote SET data = 'changed'",
        "UPDATE casework_progressnote SET signed_at = NULL",
        "DELETE FROM casework_progressnote",
        "DELETE FROM casework_notegoal",
        "INSERT INTO casework_notegoal (note_id, goal_id) VALUES (1, 8)",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="signed progress note"):
            sqlite.execute(statement)
    sqlite.execute("UPDATE casework_progressnote SET share_with_client = 1")
    sqlite.execute("UPDATE casework_progressnote SET cosigned_at = 'later', cosigned_by_id = 4")
    with pytest.raises(sqlite3.IntegrityError, match="co-signature"):
        sqlite.execute("UPDATE casework_progressnote SET cosigned_at = NULL")
    assert sqlite.execute("SELECT data FROM casework_progressnote").fetchone() == ("final",)


@pytest.mark.parametrize("table", locks.APPEND_ONLY)
def test_addenda_versions_and_acknowledgements_are_append_only(sqlite, table):
    sqlite.execute(f"INSERT INTO {table} (text) VALUES ('kept')")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        sqlite.execute(f"UPDATE {table} SET text = 'changed'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        sqlite.execute(f"DELETE FROM {table}")


def test_on_sqlite_too_a_plan_or_note_keeps_its_client():
    keeps = importlib.import_module("casework.migrations.0005_plans_and_notes_keep_their_client")
    db = sqlite3.connect(":memory:")
    for table in keeps.TABLES:
        db.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, client_id INTEGER, x TEXT)")
        db.execute(f"INSERT INTO {table} (id, client_id) VALUES (1, 7)")
    for statement in keeps.SQLITE_UP:
        db.execute(statement)
    for table in keeps.TABLES:
        db.execute(f"UPDATE {table} SET x = 'edited' WHERE id = 1")  # other columns: fine
        with pytest.raises(sqlite3.DatabaseError, match="one client for good"):
            db.execute(f"UPDATE {table} SET client_id = 8 WHERE id = 1")
        assert db.execute(f"SELECT client_id FROM {table}").fetchone() == (7,)
    db.close()
