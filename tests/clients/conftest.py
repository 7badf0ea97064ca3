"""Fixtures of the staff-side client record tests."""

import pytest

from clients.models import Program
from tests.conftest import reauthenticate


@pytest.fixture
def program(db):
    return Program.objects.create(name="Outpatient — Test", location="1 Test Street")


@pytest.fixture
def as_case_manager(client, case_manager):
    client.force_login(case_manager)
    return client


@pytest.fixture
def as_supervisor(client, supervisor):
    client.force_login(supervisor)
    reauthenticate(client)  # whole-record exports ask for the password again
    return client
