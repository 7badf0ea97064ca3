"""Chain every audit event to the one before it (chain.py), back-fill the chain for the events
already written, and refuse TRUNCATE as well as UPDATE and DELETE.

TRUNCATE fires no row triggers, so ``manage.py flush`` or a stray ``TRUNCATE`` emptied the
trail. A statement-level trigger now refuses it unless the session set
``recovery_portal.allow_audit_truncate = 'on'``. Only the test settings do (pytest-django
empties the database between transactional tests with TRUNCATE); production never does, and
the portal's own database role has no TRUNCATE privilege anyway (README, "Database roles").

The head row (the latest event's id and hash) is moved by an AFTER INSERT trigger, so keeping
it costs no query of its own.
"""

import django.utils.timezone
from django.db import migrations, models

from recovery_portal.audit.chain import CHAINED_FIELDS, GENESIS, link_hash

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('recovery_portal.allow_audit_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: TRUNCATE refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();
CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE OR REPLACE FUNCTION audit_chain_advance() RETURNS trigger AS $$
BEGIN
    INSERT INTO audit_auditchainhead (id, event_id, hash) VALUES (1, NEW.id, NEW.chain_hash)
    ON CONFLICT (id) DO UPDATE SET event_id = EXCLUDED.event_id, hash = EXCLUDED.hash;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_chain_advance AFTER INSERT ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_chain_advance();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_chain_head_no_truncate ON audit_auditchainhead;
DROP TRIGGER IF EXISTS audit_chain_head_no_delete ON audit_auditchainhead;
DROP TRIGGER IF EXISTS audit_event_chain_advance ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_no_truncate();
DROP FUNCTION IF EXISTS audit_chain_advance();
"""
# SQLite has no TRUNCATE (flush deletes, which the DELETE trigger refuses). Altering a column
# there rebuilds the table, which drops its triggers: create them again.
SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete;",
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END;""",
    """CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_auditchainhead
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END;""",
    """CREATE TRIGGER audit_event_chain_advance AFTER INSERT ON audit_auditevent
       BEGIN INSERT INTO audit_auditchainhead (id, event_id, hash)
             VALUES (1, NEW.id, NEW.chain_hash)
             ON CONFLICT (id) DO UPDATE SET event_id = excluded.event_id, hash = excluded.hash;
       END;""",
]


def backfill_chain(apps, schema_editor):
    """Chain the events written before this migration, oldest first, as audit_record would
    have. The append-only trigger is off for the length of this transaction only."""
    connection = schema_editor.connection
    vendor = connection.vendor
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        elif vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        previous, last_id, batch = GENESIS, None, []
        rows = AuditEvent.objects.order_by("pk").values_list("pk", *CHAINED_FIELDS)
        for row in rows.iterator(chunk_size=2000):
            previous = link_hash(previous, dict(zip(CHAINED_FIELDS, row[1:], strict=True)))
            last_id = row[0]
            batch.append((previous, last_id))
            if len(batch) >= 2000:
                cursor.executemany(
                    "UPDATE audit_auditevent SET chain_hash = %s WHERE id = %s", batch
                )
                batch = []
        if batch:
            cursor.executemany("UPDATE audit_auditevent SET chain_hash = %s WHERE id = %s", batch)
        if vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
    AuditChainHead.objects.update_or_create(pk=1, defaults={"event_id": last_id, "hash": previous})


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            return
        if isinstance(statements, str):
            statements = [statements]
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("event_id", models.BigIntegerField(blank=True, null=True)),
                ("hash", models.CharField(max_length=64)),
            ],
            options={"default_permissions": ()},
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain_hash",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False
            ),
        ),
        migrations.RunPython(backfill_chain, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_TRIGGERS}),
            _run({"postgresql": POSTGRES_DOWN}),
        ),
    ]
