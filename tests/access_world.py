"""The people of the access matrix, built once per test module (tests/test_access_matrix.py,
tests/security/test_fuzz.py): the seven signed-in personas and ``client_record`` /
``other_client_record``, made inside an outer transaction rolled back when the module ends, as
Django's ``TestCase.setUpTestData`` does; each test's own transaction is a savepoint in it."""

from __future__ import annotations

import copy

import pytest
from django.db import transaction

from tests.conftest import (
    PERSONA_SPECS,
    make_client_record,
    make_other_client_record,
    make_persona,
    watchdog_check_in,
)


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """The personas and ``client_record``/``other_client_record``, made once for the module in
    an outer transaction; each test's own transaction is then a savepoint inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = {name: make_persona(name) for name in PERSONA_SPECS}
            world["client_record"] = make_client_record(
                world["client_user"], world["case_manager"], world["supervisor"]
            )
            world["other_client_record"] = make_other_client_record(
                world["other_client_user"], world["other_case_manager"], world["supervisor"]
            )
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


class PersonaRequest:
    """What a row's ``kwargs`` sees as ``request``: fresh copies of the module's personas and
    records (as separate fixtures gave each test before), the watchdog's check-ins made again
    inside the persona's savepoint, and any other fixture (settings, tmp_path) from the test."""

    def __init__(self, request, world):
        self._request = request
        self._world = world

    def getfixturevalue(self, name: str):
        if name in self._world:
            return copy.deepcopy(self._world[name])
        if name == "watchdog_all_clear":
            return watchdog_check_in()
        return self._request.getfixturevalue(name)
