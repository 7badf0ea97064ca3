"""Signed notes, their goal links, addenda, plan versions and acknowledgements stay locked
against UPDATE and DELETE (migration 0001), with one exception: the destruction of a whole
record at the end of its retention period (``clients.services.retention.record_destroy``),
approved by an administrator. Then, and only for that client's rows, a DELETE is let through.

How a trigger knows, for the destroying transaction only:
- PostgreSQL: the service runs ``set_config('recovery_portal.destroying_client', '<id>', true)``
  (``SET LOCAL``: gone at commit or rollback); the trigger functions compare the row's client.
- SQLite: a per-connection setting or a TEMP table is not visible to triggers of the main
  schema, so the service inserts the client's id into the main-schema table
  ``portal_destroying_client`` and deletes it before commit. SQLite has one writer at a time,
  so no other connection can see (or use) the uncommitted row.

Either is a guard against mistakes in code, not against someone who can run SQL on the
database: such a person could drop the triggers anyway.
"""

import importlib

from django.db import migrations

locks = importlib.import_module("casework.migrations.0001_plans_notes")

_changed = locks._changed

POSTGRES_UP = [
    """
CREATE OR REPLACE FUNCTION portal_destroying_client(client bigint) RETURNS boolean AS $$
    SELECT COALESCE(
        client IS NOT NULL
        AND current_setting('recovery_portal.destroying_client', true) = client::text,
        false);
$$ LANGUAGE sql STABLE;""",
    f"""
CREATE OR REPLACE FUNCTION casework_note_locked() RETURNS trigger AS $$
BEGIN
    IF OLD.signed_at IS NULL THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF portal_destroying_client(OLD.client_id) THEN RETURN OLD; END IF;
        RAISE EXCEPTION 'a signed progress note cannot be deleted';
    END IF;
    IF {_changed(locks.NOTE_COLUMNS, "IS DISTINCT FROM")} THEN
        RAISE EXCEPTION 'a signed progress note cannot be changed: add an addendum';
    END IF;
    IF OLD.cosigned_at IS NOT NULL AND (NEW.cosigned_at IS DISTINCT FROM OLD.cosigned_at
            OR NEW.cosigned_by_id IS DISTINCT FROM OLD.cosigned_by_id) THEN
        RAISE EXCEPTION 'a co-signature cannot be changed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;""",
    """
CREATE OR REPLACE FUNCTION casework_note_goal_locked() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM casework_progressnote
                   WHERE id = OLD.note_id AND signed_at IS NOT NULL) THEN
            IF TG_OP = 'DELETE' AND portal_destroying_client(
                    (SELECT client_id FROM casework_progressnote WHERE id = OLD.note_id)) THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION 'the goals of a signed progress note cannot be changed';
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM casework_progressnote
                   WHERE id = NEW.note_id AND signed_at IS NOT NULL) THEN
            RAISE EXCEPTION 'the goals of a signed progress note cannot be changed';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;""",
    # Rows are deleted children first (the Collector's order), so the note, version and plan
    # a row belongs to are still there to say whose it is.
    """
CREATE OR REPLACE FUNCTION casework_append_only() RETURNS trigger AS $$
DECLARE
    owner bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF TG_TABLE_NAME = 'casework_noteaddendum' THEN
            SELECT client_id INTO owner FROM casework_progressnote WHERE id = OLD.note_id;
        ELSIF TG_TABLE_NAME = 'casework_planversion' THEN
            SELECT client_id INTO owner FROM casework_recoveryplan WHERE id = OLD.plan_id;
        ELSIF TG_TABLE_NAME = 'casework_planacknowledgement' THEN
            SELECT p.client_id INTO owner FROM casework_planversion v
                JOIN casework_recoveryplan p ON p.id = v.plan_id WHERE v.id = OLD.version_id;
        END IF;
        IF portal_destroying_client(owner) THEN RETURN OLD; END IF;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;""",
]
# Back to 0001's functions (the triggers themselves are unchanged).
POSTGRES_DOWN = [
    *(sql for sql in locks.POSTGRES_UP if "CREATE OR REPLACE FUNCTION" in sql),
    "DROP FUNCTION IF EXISTS portal_destroying_client(bigint);",
]

_DESTROYING = "EXISTS (SELECT 1 FROM portal_destroying_client WHERE client_id = {})"
_NOTE_CLIENT = "(SELECT client_id FROM casework_progressnote WHERE id = OLD.note_id)"
_OWNER = {
    "casework_noteaddendum": _NOTE_CLIENT,
    "casework_planversion": "(SELECT client_id FROM casework_recoveryplan WHERE id = OLD.plan_id)",
    "casework_planacknowledgement": (
        "(SELECT p.client_id FROM casework_planversion v JOIN casework_recoveryplan p "
        "ON p.id = v.plan_id WHERE v.id = OLD.version_id)"
    ),
}
_REPLACED = [
    "casework_note_no_delete",
    "casework_note_goal_no_delete",
    *(f"{table}_no_delete" for table in locks.APPEND_ONLY),
]
SQLITE_UP = [
    "CREATE TABLE IF NOT EXISTS portal_destroying_client (client_id INTEGER PRIMARY KEY);",
    *(f"DROP TRIGGER IF EXISTS {name};" for name in _REPLACED),
    f"""CREATE TRIGGER casework_note_no_delete BEFORE DELETE ON casework_progressnote
    WHEN OLD.signed_at IS NOT NULL AND NOT {_DESTROYING.format("OLD.client_id")}
    BEGIN SELECT RAISE(ABORT, 'a signed progress note cannot be deleted'); END;""",
    f"""CREATE TRIGGER casework_note_goal_no_delete BEFORE DELETE ON casework_notegoal
    WHEN {locks._NOTE_SIGNED.format("OLD")} AND NOT {_DESTROYING.format(_NOTE_CLIENT)}
    BEGIN SELECT RAISE(ABORT, 'the goals of a signed progress note cannot be changed'); END;""",
    *(
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        WHEN NOT {_DESTROYING.format(_OWNER[table])}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END;"""
        for table in locks.APPEND_ONLY
    ),
]
SQLITE_DOWN = [
    *(f"DROP TRIGGER IF EXISTS {name};" for name in _REPLACED),
    *(
        sql
        for sql in locks.SQLITE_UP
        if any(f"CREATE TRIGGER {name} " in sql for name in _REPLACED)
    ),
    "DROP TABLE IF EXISTS portal_destroying_client;",
]


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0002_appointments_referrals"),
    ]

    operations = [
        migrations.RunPython(
            locks._run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            locks._run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
