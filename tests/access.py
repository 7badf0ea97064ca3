"""Shared vocabulary of the access matrix (tests/test_access_matrix.py).

Each app keeps its rows in ``tests/<app>/access_rows.py`` as ``ROWS: dict[str, Row]``, keyed
by URL name; the matrix test gathers them all and fails when a URL pattern has no row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

PERSONAS = [
    "anonymous",
    "admin_user",
    "supervisor",
    "case_manager",
    "other_case_manager",
    "facilitator",
    "client_user",
    "other_client_user",
]
STAFF = ("admin_user", "supervisor", "case_manager", "other_case_manager", "facilitator")
CLIENTS = ("client_user", "other_client_user")

OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405
LOGIN = "login"  # a 302 to the log-in page


@dataclass
class Row:
    """What each persona gets on a GET of the URL; ``kwargs`` builds the URL's arguments from
    the test's fixtures (``request.getfixturevalue``)."""

    expected: dict[str, int | str]
    kwargs: Callable[[pytest.FixtureRequest], dict] = field(default=lambda request: {})
    query: str = ""


def everyone(status) -> dict[str, int | str]:
    return dict.fromkeys(PERSONAS, status)


def by_role(*, anonymous=LOGIN, staff=OK, clients=OK, **overrides) -> dict[str, int | str]:
    """Start from one status for staff and one for clients, then override persona by persona."""
    expected: dict[str, int | str] = {"anonymous": anonymous}
    expected.update(dict.fromkeys(STAFF, staff))
    expected.update(dict.fromkeys(CLIENTS, clients))
    expected.update(overrides)
    return expected


# Who may open ``client_record``: its case manager and supervisors. Administrators see no
# clinical record (minimum necessary), superusers included.
IN_SCOPE = ("supervisor", "case_manager")


def clinical(*, in_scope=IN_SCOPE) -> dict[str, int | str]:
    """A page about ``client_record`` (on case_manager's caseload): staff who may see that
    client get 200, other staff and other clients 404, the client themself 404 (staff pages)."""
    expected = by_role(staff=NOT_FOUND, clients=NOT_FOUND)
    expected.update(dict.fromkeys(in_scope, OK))
    return expected


def gather_rows() -> dict[str, Row]:
    """Every ``access_rows.py`` under tests/, at any depth, into one matrix (what
    tests/test_access_matrix.py checks; tests/security/test_fuzz.py reuses it)."""
    import importlib
    from pathlib import Path

    rows: dict[str, Row] = {}
    tests_dir = Path(__file__).parent
    for path in sorted(tests_dir.rglob("access_rows.py")):
        parts = path.relative_to(tests_dir.parent).with_suffix("").parts
        found = importlib.import_module(".".join(parts)).ROWS
        assert not set(rows) & set(found), f"rows defined twice: {set(rows) & set(found)}"
        rows.update(found)
    return rows
