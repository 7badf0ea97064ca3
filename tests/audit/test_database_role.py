"""The database role README's production notes give the portal (scripts/db_roles.sql) can
write audit events and cannot rewrite, empty or unguard the trail, whatever the code does."""

import os
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from recovery_portal.audit.chain import chain_verify
from recovery_portal.audit.services import audit_record

SQL = Path(__file__).resolve().parents[2] / "scripts" / "db_roles.sql"


@pytest.fixture
def as_portal_role(db):
    """Inside the test's transaction: the role made by scripts/db_roles.sql, then SET ROLE."""
    role = f"rp_test_app_{os.getpid()}"
    statements = [
        line for line in SQL.read_text().splitlines() if line and not line.startswith("--")
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        for statement in " ".join(statements).split(";"):
            if statement.strip():
                cursor.execute(statement.replace("portal_app", role))
        cursor.execute(f"SET LOCAL ROLE {role}")
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def _refused(sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def test_the_portals_role_appends_audit_events(as_portal_role, client_user):
    audit_record(actor=client_user, action="test.view")
    audit_record(actor=client_user, action="test.view.again")
    assert chain_verify().ok


def test_the_portals_role_cannot_rewrite_empty_or_unguard_the_trail(as_portal_role, client_user):
    audit_record(actor=client_user, action="test.view")
    _refused("UPDATE audit_auditevent SET action = 'x'")
    _refused("DELETE FROM audit_auditevent")
    _refused("TRUNCATE audit_auditevent")
    _refused("SET recovery_portal.allow_audit_truncate = 'on'; TRUNCATE audit_auditevent")
    _refused("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
    _refused("DELETE FROM audit_auditchainhead")
