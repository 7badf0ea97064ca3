"""The demo organization, seeded once per test process and put back for each test that uses it.

``seed_all()`` takes 20–60 s; a test that needs the demo (the browser journeys' ``demo``
fixture) calls ``demo_people()`` instead. The first call in a process (one per xdist worker)
seeds the demo into the test database as ``seed_all()`` always did and copies every table's
rows and every sequence's position into memory (PostgreSQL ``COPY … TO STDOUT``, binary). Each
later call empties every table (``TRUNCATE``, as pytest-django's flush does) and copies the
rows back (``COPY … FROM STDIN``), so every test starts from the same clean demo, whatever
the test before it wrote. It takes well under a second.

The copy is of the whole database: the rows a test starts from are those the seeding made on
the database as it was then (what a per-test ``seed_all()`` saw too). Uploaded files
(consent scans) stay where the seeding stored them: ``MEDIA_ROOT`` is one folder per test
process (recovery_portal/test_settings.py) and no test empties it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from recovery_portal.accounts.models import User
from recovery_portal.home.demo import seed_all


@dataclass
class _Snapshot:
    tables: dict[str, bytes] = field(default_factory=dict)
    sequences: list[tuple[str, int | None]] = field(default_factory=list)
    people: dict[str, int] = field(default_factory=dict)  # e-mail -> user id


_snapshot: _Snapshot | None = None


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> list[str]:
    # What pytest-django's flush empties: every table of an installed model, m2m included.
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _take(people: dict[str, User]) -> _Snapshot:
    snapshot = _Snapshot(people={email: user.pk for email, user in people.items()})
    with connection.cursor() as cursor:
        for table in _tables():
            buffer = io.BytesIO()
            cursor.copy_expert(f"COPY {_quoted(table)} TO STDOUT (FORMAT binary)", buffer)
            snapshot.tables[table] = buffer.getvalue()
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value "
            "FROM pg_sequences WHERE schemaname = current_schema()"
        )
        snapshot.sequences = list(cursor.fetchall())
    return snapshot


def _put_back(snapshot: _Snapshot) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # No foreign-key checks or triggers while the rows go back: they were consistent when
        # copied, and the audit trail's append-only triggers would refuse the TRUNCATE.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("TRUNCATE " + ", ".join(_quoted(t) for t in snapshot.tables))
        for table, rows in snapshot.tables.items():
            copy_in = f"COPY {_quoted(table)} FROM STDIN (FORMAT binary)"
            cursor.copy_expert(copy_in, io.BytesIO(rows))
        for sequence, last_value in snapshot.sequences:
            if last_value is None:
                cursor.execute("SELECT setval(%s, 1, false)", [sequence])
            else:
                cursor.execute("SELECT setval(%s, %s, true)", [sequence, last_value])
    # Content types were made again (other ids) by the flush before this test: forget them.
    ContentType.objects.clear_cache()


def demo_people() -> dict[str, User]:
    """The demo organization in the test database, freshly put back; the demo logins by
    e-mail, as ``seed_all()`` returns them. Needs a database the test may write to."""
    global _snapshot
    if _snapshot is None:
        people = seed_all()
        _snapshot = _take(people)
        return people
    _put_back(_snapshot)
    users = User.objects.in_bulk(list(_snapshot.people.values()))
    return {email: users[pk] for email, pk in _snapshot.people.items()}
