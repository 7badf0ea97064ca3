"""Migration 0002 on existing rows: a public group for clients only leaves the public listing
(before the constraint that refuses it), and each group is listed in meeting apps by the usual
rule."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from groups.models import PeerGroup

BEFORE = ("peer_groups", "0001_groups_sessions_enrollment_attendance_feeds")
ONLINE = {"online_url": "https://meet.example.org/x"}
PLACE = {"address": "120 Main St", "city": "Springfield"}


@pytest.mark.django_db(transaction=True)
def test_existing_groups_are_made_private_and_listed_by_the_rule():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps.get_model("peer_groups", "PeerGroup")
    rows = {
        "aa": dict(kind="aa", audience="public", types=["O"], is_public=True, **PLACE),
        "clients": dict(kind="aa", audience="clients", types=["C"], is_public=True, **PLACE),
        "smart": dict(kind="smart", audience="public", types=["O"], is_public=True, **ONLINE),
        "families_online": dict(kind="family", audience="families", is_public=True, **ONLINE),
        "unlisted": dict(kind="na", audience="public", types=["O"], is_public=False, **PLACE),
    }
    for slug, fields in rows.items():
        old.objects.create(name=slug, slug=slug, **{"types": ["O"], **ONLINE, **fields})
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    listed = set(PeerGroup.objects.filter(in_meeting_apps=True).values_list("slug", flat=True))
    assert listed == {"aa"}
    assert not PeerGroup.objects.get(slug="clients").is_public
    assert PeerGroup.objects.get(slug="smart").is_public
