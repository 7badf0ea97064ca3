"""A recovery plan and a progress note belong to one client for good: the database refuses to
change their ``client_id``. Nothing in the portal moves them; without this, the application's
database role could move another client's plan (with its signed versions) into a record about
to be destroyed (README, "Database roles")."""

import importlib

from django.db import migrations

locks = importlib.import_module("casework.migrations.0001_plans_notes")

TABLES = ("casework_recoveryplan", "casework_progressnote")

POSTGRES_UP = [
    """
CREATE OR REPLACE FUNCTION portal_keeps_client() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A % belongs to one client for good: its client cannot change.',
        TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;""",
    *(
        f"""CREATE TRIGGER {table}_keeps_client BEFORE UPDATE OF client_id ON {table}
    FOR EACH ROW WHEN (OLD.client_id IS DISTINCT FROM NEW.client_id)
    EXECUTE FUNCTION portal_keeps_client();"""
        for table in TABLES
    ),
]
POSTGRES_DOWN = [
    *(f"DROP TRIGGER IF EXISTS {table}_keeps_client ON {table};" for table in TABLES),
    "DROP FUNCTION IF EXISTS portal_keeps_client();",
]
SQLITE_UP = [
    f"""CREATE TRIGGER {table}_keeps_client BEFORE UPDATE OF client_id ON {table}
    FOR EACH ROW WHEN OLD.client_id IS NOT NEW.client_id
    BEGIN SELECT RAISE(ABORT, 'A {table} belongs to one client for good'); END;"""
    for table in TABLES
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {table}_keeps_client;" for table in TABLES]


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_locked_rows_go_only_with_an_approved_destruction"),
    ]

    operations = [
        migrations.RunPython(
            locks._run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            locks._run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
