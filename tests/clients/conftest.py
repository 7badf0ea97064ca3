"""Fixtures of the staff-side client record tests."""

import pytest

from clients.models import Program
from recovery_portal.accounts.roles import Role
from tests.conftest import reauthenticate
from tests.factories import UserFactory


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


@pytest.fixture
def second_admin(db):
    """Another administrator: the one who carries out a destruction ``admin_user`` approved
    (records retention asks for two people)."""
    return UserFactory(
        role=Role.ADMINISTRATOR, email="admin2@example.test", full_name="Bea Secondadmin"
    )
