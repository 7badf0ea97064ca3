"""The locks on signed notes, their goal links, addenda, plan versions and acknowledgements
(migration 0001) let a DELETE through only for the destruction of a whole record whose
destruction an administrator approved (``clients.services.retention.record_destroy``).

Migration 0003 let a DELETE through whenever the session said "destroying client N"; any
database role can say that (a custom setting is anyone's to set), so the portal's own role
could lift the locks of any record with two statements. Now:

PostgreSQL
- ``portal_may_destroy(record)``: the record is closed or discharged, has no legal hold in
  force, and has a retention review in the state "approved", with an approver.
- The triggers' permission (``portal_destroying_client``) asks, besides the setting, that
  rule, and that the statement runs with the table owner's rights: true only inside
  ``portal_destroy_locked_rows`` once the portal runs as ``portal_app`` (README, "Database
  roles"), which has no DELETE on these tables either (scripts/db_roles.sql).
- ``portal_destroy_locked_rows(record)``: ``SECURITY DEFINER`` (runs as the owner, the role
  that runs migrations), ``search_path`` pinned to the portal's schema. It checks the rule
  itself, refuses otherwise, and deletes the record's notes (drafts too), their goal links and
  addenda, and its plans' versions and acknowledgements. Only db_roles.sql grants EXECUTE.

SQLite (the embedded demo mode has no roles): the flag table stays, and each trigger's
``WHEN`` asks the same rule of the flagged record.

Someone who owns the tables (or is a superuser) can still drop the triggers: against that
person, only the audit trail's hash chain and backups help.
"""

import importlib

from django.db import migrations

locks = importlib.import_module("casework.migrations.0001_plans_notes")
previous = importlib.import_module("casework.migrations.0003_destruction_may_delete_locked_rows")

# The rule, once per dialect; ``{record}`` is the record's id (an SQL expression).
_RULE = """EXISTS (SELECT 1 FROM clients_client c WHERE c.id = {record}
            AND c.status IN ('closed', 'discharged') AND NOT c.legal_hold)
        AND NOT EXISTS (SELECT 1 FROM clients_legalhold h
            WHERE h.client_id = {record} AND h.lifted_at IS NULL)
        AND EXISTS (SELECT 1 FROM clients_retentionreview r
            WHERE r.client_id = {record} AND r.status = 'approved'
            AND r.decided_by_id IS NOT NULL AND r.decided_at IS NOT NULL)"""


def postgres_up(schema: str) -> list[str]:
    return [
        f"""
CREATE OR REPLACE FUNCTION portal_may_destroy(record_id bigint) RETURNS boolean AS $$
    SELECT COALESCE(record_id IS NOT NULL AND {_RULE.format(record="record_id")}, false);
$$ LANGUAGE sql STABLE;""",
        # Called by the triggers (0003's functions, unchanged): the setting names the row's
        # record, the statement runs with the owner's rights, and the rule holds.
        """
CREATE OR REPLACE FUNCTION portal_destroying_client(client bigint) RETURNS boolean AS $$
    SELECT COALESCE(
        client IS NOT NULL
        AND current_setting('recovery_portal.destroying_client', true) = client::text
        AND pg_has_role(current_user,
            (SELECT relowner FROM pg_class WHERE oid = 'casework_progressnote'::regclass),
            'USAGE')
        AND portal_may_destroy(client),
        false);
$$ LANGUAGE sql STABLE;""",
        # The schema's name comes from the database (quote_ident), no input reaches the SQL.
        f"""
CREATE OR REPLACE FUNCTION portal_destroy_locked_rows(record_id bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    removed integer := 0;
    counted integer;
BEGIN
    IF NOT portal_may_destroy(record_id) THEN
        RAISE EXCEPTION 'record % may not be destroyed: not closed, held or not approved',
            record_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('recovery_portal.destroying_client', record_id::text, true);
    -- Children first: each row's trigger looks up its parent to find whose it is.
    DELETE FROM casework_planacknowledgement WHERE version_id IN (
        SELECT pv.id FROM casework_planversion pv
        JOIN casework_recoveryplan rp ON rp.id = pv.plan_id WHERE rp.client_id = record_id);
    GET DIAGNOSTICS counted = ROW_COUNT;
    removed := removed + counted;
    DELETE FROM casework_planversion WHERE plan_id IN (
        SELECT rp.id FROM casework_recoveryplan rp WHERE rp.client_id = record_id);
    GET DIAGNOSTICS counted = ROW_COUNT;
    removed := removed + counted;
    DELETE FROM casework_notegoal WHERE note_id IN (
        SELECT pn.id FROM casework_progressnote pn WHERE pn.client_id = record_id);
    GET DIAGNOSTICS counted = ROW_COUNT;
    removed := removed + counted;
    DELETE FROM casework_noteaddendum WHERE note_id IN (
        SELECT pn.id FROM casework_progressnote pn WHERE pn.client_id = record_id);
    GET DIAGNOSTICS counted = ROW_COUNT;
    removed := removed + counted;
    DELETE FROM casework_progressnote WHERE client_id = record_id;
    GET DIAGNOSTICS counted = ROW_COUNT;
    removed := removed + counted;
    PERFORM set_config('recovery_portal.destroying_client', '', true);
    RETURN removed;
END;
$$;""",  # noqa: S608
        # New functions may be run by anyone unless told otherwise; db_roles.sql grants it.
        "REVOKE ALL ON FUNCTION portal_destroy_locked_rows(bigint) FROM PUBLIC;",
    ]


POSTGRES_DOWN = [
    "DROP FUNCTION IF EXISTS portal_destroy_locked_rows(bigint);",
    *(sql for sql in previous.POSTGRES_UP if "portal_destroying_client(client bigint)" in sql),
    "DROP FUNCTION IF EXISTS portal_may_destroy(bigint);",
]

_DESTROYING = (  # SQL put together from the constants above only
    "EXISTS (SELECT 1 FROM portal_destroying_client d WHERE d.client_id = {owner} AND "  # noqa: S608
    + _RULE.format(record="d.client_id")
    + ")"
)
SQLITE_UP = [
    *(f"DROP TRIGGER IF EXISTS {name};" for name in previous._REPLACED),
    f"""CREATE TRIGGER casework_note_no_delete BEFORE DELETE ON casework_progressnote
    WHEN OLD.signed_at IS NOT NULL AND NOT {_DESTROYING.format(owner="OLD.client_id")}
    BEGIN SELECT RAISE(ABORT, 'a signed progress note cannot be deleted'); END;""",
    f"""CREATE TRIGGER casework_note_goal_no_delete BEFORE DELETE ON casework_notegoal
    WHEN {locks._NOTE_SIGNED.format("OLD")}
        AND NOT {_DESTROYING.format(owner=previous._NOTE_CLIENT)}
    BEGIN SELECT RAISE(ABORT, 'the goals of a signed progress note cannot be changed'); END;""",
    *(
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        WHEN NOT {_DESTROYING.format(owner=previous._OWNER[table])}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END;"""
        for table in locks.APPEND_ONLY
    ),
]
SQLITE_DOWN = [
    *(f"DROP TRIGGER IF EXISTS {name};" for name in previous._REPLACED),
    *(sql for sql in previous.SQLITE_UP if sql.lstrip().startswith("CREATE TRIGGER")),
]


def _up(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT quote_ident(current_schema())")
            (schema,) = cursor.fetchone()
        statements = postgres_up(schema)
    elif connection.vendor == "sqlite":
        statements = SQLITE_UP
    else:
        statements = []
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_destruction_may_delete_locked_rows"),
        ("clients", "0009_retention_document_dates_paper_files"),
    ]

    operations = [
        migrations.RunPython(_up, locks._run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN})),
    ]
