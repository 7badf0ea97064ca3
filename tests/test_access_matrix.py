"""Every URL pattern of the project × every persona → the expected status on GET.

Rows live beside each app's tests in ``access_rows.py`` files under tests/ (see tests/access.py).
``test_every_url_pattern_has_a_row`` fails when a URL pattern has none. Objects in URLs belong
to ``client_record`` (the record of ``client_user``, on ``case_manager``'s caseload), so every
other persona can be checked for 404.

One test per URL checks every persona in turn and reports every mismatch at once. The personas
and the two client records are built once per module (``matrix_world``) inside a transaction
rolled back at the module's end, as Django's ``TestCase.setUpTestData`` does; each persona's
GET runs in a savepoint of its own, with the row's objects built afresh in it and fresh copies
of the personas and records, so no persona sees what another's request left behind.
"""

from __future__ import annotations

import copy
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import access_world
from tests.access import LOGIN, PERSONAS, gather_rows
from tests.access_world import PersonaRequest

matrix_world = access_world.matrix_world  # the module-scoped fixture (tests/access_world.py)

# Patterns that are not ours to test here, and why.
EXCLUDED_NAMESPACES = {
    "admin",  # the Django admin: tests/accounts/test_admin.py checks only Administrators get in
}
EXCLUDED_PREFIXES = (
    "account_",  # allauth's own pages (log-in, reset, e-mail): tests/accounts/test_login.py
    "mfa_",  # allauth's MFA pages: tests/accounts/test_login.py
)


MATRIX = gather_rows()


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


def _check(url_name: str, persona: str, request, world) -> list[str]:
    """One persona's GET of the row's URL; the mismatches, as messages naming both."""
    row = MATRIX[url_name]
    cache.clear()  # rate limits and used TOTP codes, as each test had its own before
    with transaction.atomic():
        url = reverse(url_name, kwargs=row.kwargs(PersonaRequest(request, world))) + row.query
        client = Client()
        if persona != "anonymous":
            client.force_login(copy.deepcopy(world[persona]))
        response = client.get(url)
        transaction.set_rollback(True)
    failures = []
    expected = row.expected[persona]
    if expected == LOGIN:
        if response.status_code != 302:
            failures.append(f"{persona} GET {url}: {response.status_code}, expected the log-in")
        elif not response["Location"].startswith(reverse("account_login")):
            failures.append(f"{persona} GET {url}: redirected to {response['Location']}")
    elif response.status_code != expected:
        failures.append(f"{persona} GET {url}: {response.status_code}, expected {expected}")
    if response.status_code == 403 and b'class="who-can"' not in response.content:
        # Every refusal says, in one line, who can (issue 18).
        failures.append(f"{persona} GET {url}: 403 without saying who can")
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        # A page's title is plain words: markup there is a template block gone wrong.
        title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
        if not (title and "<" not in title.group(1)):
            failures.append(f"{persona} GET {url}: title {title and title.group(1)!r}")
    return failures


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access(url_name, request, db, matrix_world):
    """Every persona's GET of one URL: all mismatches are collected, then reported together."""
    failures = [
        failure
        for persona in PERSONAS
        for failure in _check(url_name, persona, request, matrix_world)
    ]
    assert failures == [], "\n".join(failures)
