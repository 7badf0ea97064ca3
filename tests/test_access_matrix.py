"""Every URL pattern of the project × every persona → the expected status.

A new URL pattern without a row here fails ``test_every_url_pattern_has_a_row``. Rows say what
each persona gets on a plain GET: 200, 302 (to the log-in page for anonymous visitors), 403
(signed in, wrong role) or 404 (an object outside the persona's scope). Objects are made by the
row's ``kwargs`` factory, owned by ``client_user`` / ``case_manager`` so other personas can be
checked for 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import PERSONAS

OK, LOGIN, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404

# Patterns that are not ours to test here, and why.
EXCLUDED_NAMESPACES = {
    "admin",  # the Django admin: tests/accounts/test_admin.py checks only Administrators get in
}
EXCLUDED_PREFIXES = (
    "account_",  # allauth's own pages (log-in, reset, e-mail): tests/accounts/test_login.py
    "mfa_",  # allauth's MFA pages: tests/accounts/test_mfa.py
    "djdt",
)


@dataclass
class Row:
    expected: dict[str, int]
    kwargs: Callable[[pytest.FixtureRequest], dict] = field(default=lambda request: {})


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


STAFF = ("admin_user", "supervisor", "case_manager", "other_case_manager", "facilitator")
CLIENTS = ("client_user", "other_client_user")


def by_role(*, anonymous=LOGIN, staff=OK, clients=OK, **overrides) -> dict[str, int]:
    expected = {"anonymous": anonymous}
    expected.update(dict.fromkeys(STAFF, staff))
    expected.update(dict.fromkeys(CLIENTS, clients))
    expected.update(overrides)
    return expected


MATRIX: dict[str, Row] = {
    "healthz": Row(everyone(OK)),
    # The home page redirects each role to its own landing page.
    "home:index": Row(by_role(staff=302, clients=302)),
    "home:today": Row(by_role(clients=FORBIDDEN)),
    "home:my_recovery": Row(by_role(staff=FORBIDDEN)),
}


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                if p.namespace and namespace:
                    ns = f"{namespace}:{p.namespace}"
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
def test_access(url_name, persona, request, persona_client, db):
    row = MATRIX[url_name]
    url = reverse(url_name, kwargs=row.kwargs(request))
    http = persona_client(persona)
    response = http.get(url)
    expected = row.expected[persona]
    assert response.status_code == expected, (
        f"{persona} GET {url}: {response.status_code}, expected {expected}"
    )
    if persona == "anonymous" and expected == LOGIN:
        assert response["Location"].startswith(reverse("account_login"))
