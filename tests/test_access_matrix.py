"""Every URL pattern of the project × every persona → the expected status on GET.

Rows live beside each app's tests in ``access_rows.py`` files under tests/ (see tests/access.py).
``test_every_url_pattern_has_a_row`` fails when a URL pattern has none. Objects in URLs belong
to ``client_record`` (the record of ``client_user``, on ``case_manager``'s caseload), so every
other persona can be checked for 404.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import LOGIN, PERSONAS, Row

# Patterns that are not ours to test here, and why.
EXCLUDED_NAMESPACES = {
    "admin",  # the Django admin: tests/accounts/test_admin.py checks only Administrators get in
}
EXCLUDED_PREFIXES = (
    "account_",  # allauth's own pages (log-in, reset, e-mail): tests/accounts/test_login.py
    "mfa_",  # allauth's MFA pages: tests/accounts/test_login.py
)


def _gather_rows() -> dict[str, Row]:
    """Every ``access_rows.py`` under tests/, at any depth (e.g. tests/clients/consent/)."""
    rows: dict[str, Row] = {}
    tests_dir = Path(__file__).parent
    for path in sorted(tests_dir.rglob("access_rows.py")):
        parts = path.relative_to(tests_dir.parent).with_suffix("").parts
        found = importlib.import_module(".".join(parts)).ROWS
        overlap = set(rows) & set(found)
        assert not overlap, f"rows defined twice: {overlap}"
        rows.update(found)
    return rows


MATRIX = _gather_rows()


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, None)
    return names


def _excluded(name: str) -> bool:
    namespace, _, short = name.rpartition(":")
    return namespace.split(":")[0] in EXCLUDED_NAMESPACES or short.startswith(EXCLUDED_PREFIXES)


def test_every_url_pattern_has_a_row():
    missing = sorted(n for n in _all_url_names() if not _excluded(n) and n not in MATRIX)
    assert missing == [], f"URL patterns without a row in the access matrix: {missing}"


def test_every_row_names_every_persona():
    for name, row in MATRIX.items():
        assert set(row.expected) == set(PERSONAS), name


def test_no_row_names_a_url_that_does_not_exist():
    assert set(MATRIX) - _all_url_names() == set()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access(url_name, persona, request, persona_client, client_record, other_client_record):
    row = MATRIX[url_name]
    url = reverse(url_name, kwargs=row.kwargs(request)) + row.query
    response = persona_client(persona).get(url)
    expected = row.expected[persona]
    if expected == LOGIN:
        assert response.status_code == 302, f"{persona} GET {url}: {response.status_code}"
        assert response["Location"].startswith(reverse("account_login")), response["Location"]
    else:
        assert response.status_code == expected, (
            f"{persona} GET {url}: {response.status_code}, expected {expected}"
        )
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        # A page's title is plain words: markup there is a template block gone wrong.
        title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
        assert title and "<" not in title.group(1), f"{url}: title {title and title.group(1)!r}"
