"""The stored last contact (``Client.last_contact_at``) equals the computed one, from every
app's ``contact_sources``, on the demo organization and on the large one ``seed_demo --scale``
builds; the migration's backfill computes the same."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clients.models import Client
from clients.selectors.contact import computed_last_contact
from recovery_portal.home.demo import seed_all

pytestmark = pytest.mark.django_db


def _stored_and_computed() -> list[tuple]:
    rows = Client.objects.annotate(computed=computed_last_contact()).values_list(
        "pk", "last_contact_at", "computed"
    )
    return list(rows)


def _mismatches() -> list[tuple]:
    return [row for row in _stored_and_computed() if row[1] != row[2]]


def test_the_demo_organizations_stored_last_contact_is_the_computed_one():
    seed_all()
    rows = _stored_and_computed()
    assert sum(1 for _, stored, _ in rows if stored is not None) >= 5
    assert _mismatches() == []


def test_the_large_organizations_stored_last_contact_is_the_computed_one():
    from django.core.management import call_command

    call_command("seed_demo", force=True, scale=60, managers=2, small_managers=1, verbosity=0)
    assert Client.objects.count() > 60
    assert _mismatches() == []


def test_the_migration_backfills_what_the_code_computes():
    seed_all()
    Client.objects.update(last_contact_at=None)
    migration = importlib.import_module("clients.migrations.0010_client_last_contact_at")
    state = MigrationExecutor(connection).loader.project_state(
        ("clients", "0010_client_last_contact_at")
    )
    migration.backfill(state.apps, None)
    assert _mismatches() == []
    assert Client.objects.filter(last_contact_at__isnull=False).exists()
