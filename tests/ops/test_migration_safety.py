"""Migrations stay safe to run while the previous release still serves (README, "Upgrading").

During an upgrade `manage.py migrate` runs first and the old code keeps serving until the
services restart, so a migration may only *expand* the schema: add tables, nullable columns or
columns with a database default (`db_default`). Dropping or renaming a column or table, or
making a column required without a database default, breaks the old code's queries; such a
change is made in two releases (first stop using the column, then drop it: "contract").

django-migration-linter (a dev dependency) reads the SQL each migration runs (`sqlmigrate`)
and reports these. Every migration of the portal's own apps is checked; the few from before
the first release are listed in ACCEPTED with the reason. Third-party apps' migrations
(allauth, django-celery-beat) are not ours to change: read their release notes before
upgrading them. The linter's warnings (an index built without CONCURRENTLY locks writes to the
table for a moment) are allowed: the tables of a small organization index in seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django_migration_linter import MigrationLinter
from django_migration_linter.sql_analyser import analyse_sql_statements

ROOT = Path(__file__).resolve().parents[2]

# Migrations the check flags, with why each is safe to keep. Add one only with a reason that
# holds for an installation upgrading from the release before it.
BEFORE_FIRST_RELEASE = (
    "before the first release (0.1.0): no installation has run the code before it, so no old "
    "version serves while it runs"
)
ACCEPTED = {
    # chain_hash: NOT NULL, filled for existing rows by the migration itself.
    ("audit", "0003_chain"): BEFORE_FIRST_RELEASE,
    # nonce: NOT NULL without a database default.
    ("clients", "0004_invitation_token_nonce"): BEFORE_FIRST_RELEASE,
    # the consent ledger's new NOT NULL fields without a database default.
    ("clients", "0006_consent_events_ledger"): BEFORE_FIRST_RELEASE,
    # one_alert_per_rule_per_day: a partial unique index over the new columns, only where
    # ``day`` is set; every existing row and every row the old release writes leaves it NULL,
    # so the index builds over nothing and the old code never meets it.
    ("aftercare", "0002_safety_net"): "the unique index covers only rows the new code writes",
    # ADD_UNIQUE: both constraints are partial, on columns this same migration adds
    # (is_reported: db_default false, condition true; intake: NULL, condition NOT NULL), so no
    # existing row and no row the old release writes (it never sets them) can violate them.
    ("aftercare", "0003_gpra_schedules_exclusions"): (
        "partial unique constraints on columns added in the same migration, which the old "
        "release never sets"
    ),
}

EXAMPLE_APP = "unsafe_migrations_example"


def own_app_labels() -> list[str]:
    """The portal's own apps: those whose code is in this checkout (not in the venv)."""
    venv = ROOT / ".venv"
    labels = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(ROOT) and not path.is_relative_to(venv.resolve()):
            labels.append(config.label)
    return sorted(labels)


def linter() -> MigrationLinter:
    return MigrationLinter(no_cache=True, no_output=True)


def unsafe_changes(lint: MigrationLinter, app_label: str, name: str) -> list[str]:
    """The linter's errors for one migration: the SQL it runs, and its data migrations."""
    migration = lint.migration_loader.get_migration(app_label, name)
    errors, _ignored, _warnings = analyse_sql_statements(
        lint.sql_analyser_class, lint.get_sql(app_label, name)
    )
    data_errors, _ignored, _warnings = lint.analyse_data_migration(migration)
    found = []
    for issue in [*errors, *data_errors]:
        where = ", ".join(filter(None, [issue.table, issue.column]))
        found.append(f"{issue.code}" + (f" ({where})" if where else ""))
    return found


def migrations_of(lint: MigrationLinter, labels) -> list[tuple[str, str]]:
    return sorted(key for key in lint.migration_loader.disk_migrations if key[0] in labels)


def test_every_migration_of_the_portal_is_safe_while_the_old_release_serves(db):
    lint = linter()
    labels = own_app_labels()
    assert {"clients", "casework", "peer_groups", "aftercare", "audit", "accounts"} <= set(labels)
    checked = migrations_of(lint, labels)
    assert len(checked) >= 20  # the loader found the migrations at all

    unsafe = {}
    for app_label, name in checked:
        if (app_label, name) in ACCEPTED:
            continue
        try:
            found = unsafe_changes(lint, app_label, name)
        except ValueError as exc:  # sqlmigrate could not render it against this database
            found = [f"could not be checked ({exc}): check it by hand"]
        if found:
            unsafe[f"{app_label}.{name}"] = found
    assert not unsafe, (
        "These migrations would break the release still serving while `migrate` runs "
        f"(README, 'Upgrading'): {unsafe}. Make the change in two releases (expand now, "
        "contract in the next: add nullable columns or ones with db_default, stop using a "
        "column before dropping it), or, if it is safe after all, add it to ACCEPTED in "
        "tests/ops/test_migration_safety.py with the reason."
    )


def test_each_accepted_migration_exists_and_is_still_flagged(db):
    # A stale entry would let a later migration of the same name through unread.
    lint = linter()
    for (app_label, name), reason in ACCEPTED.items():
        assert (app_label, name) in lint.migration_loader.disk_migrations, (app_label, name)
        assert reason.strip()
        assert unsafe_changes(lint, app_label, name), f"{app_label}.{name} is safe: remove it"


@pytest.fixture
def example_app(settings):
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "tests.ops.unsafe_migrations"]
    return EXAMPLE_APP


@pytest.mark.parametrize(
    ("migration", "expected"),
    [
        ("0001_initial", []),
        ("0002_add_nullable_field", []),
        ("0003_add_field_with_database_default", []),
        ("0004_add_required_field_without_database_default", ["NOT_NULL"]),
        ("0005_make_field_required", ["NOT_NULL"]),
        ("0006_rename_field", ["RENAME_COLUMN (unsafe_migrations_example_visit, old_name)"]),
        ("0007_remove_field", ["DROP_COLUMN (unsafe_migrations_example_visit, spare)"]),
        ("0008_delete_model", ["DROP_TABLE (unsafe_migrations_example_leftover)"]),
        ("0009_rename_model", ["RENAME_TABLE (unsafe_migrations_example_visit)"]),
    ],
)
def test_the_check_refuses_dropping_renaming_and_requiring_but_not_expanding(
    db, example_app, migration, expected
):
    lint = linter()
    assert (example_app, migration) in migrations_of(lint, [example_app])
    assert unsafe_changes(lint, example_app, migration) == expected
