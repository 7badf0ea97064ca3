"""Personas (healthchecks' alice/bob/charlie, for this organization) and shared fixtures."""

import os
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache

from recovery_portal.accounts.roles import Role

from .factories import TEST_PASSWORD, TEST_TOTP_SECRET, ClientFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told it is safe (the test drives the browser synchronously).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def totp_code(secret: str = TEST_TOTP_SECRET, at: float | None = None) -> str:
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


def reauthenticate(client, password: str = TEST_PASSWORD):
    """Confirm the password again (allauth's re-authentication), as a whole-record export
    asks even right after sign-in."""
    from django.urls import reverse

    return client.post(reverse("account_reauthenticate"), {"password": password})


# The longest indivisible pieces of work (a group, or one long test), longest first
# (docs/testing.md, "Longest first"): xdist hands out work in collection order, so these start
# at once and the workers end together, instead of one worker starting a six-minute group while
# the other has nothing left. Many short tests (browser journeys, fuzz) balance by themselves.
LONGEST_FIRST = (
    "tests/ops/test_backup_restore.py",
    "tests/core/test_embedded_mode.py",
    "tests/ops/test_deploy_kit.py",
    "tests/ops/test_two_of_everything.py",
    "tests/casework/test_scale.py",
)


def _longest_first(item) -> int:
    path = item.nodeid.split("::")[0]
    return next(
        (rank for rank, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)),
        len(LONGEST_FIRST),
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The longest tests first (``LONGEST_FIRST``; a stable sort, so every worker collects the
    same order and modules stay together).

    ``--dist loadgroup``: tests marked ``xdist_group(name)`` run on one xdist worker together
    (docs/testing.md). pytest-xdist 3.8 tags their node ids with ``@name`` for its scheduler by
    setting ``item._nodeid``, which pytest 9 no longer reads (a node id is ``item._id`` there),
    so the groups were silently split; this tags them the way pytest 9 keeps node ids."""
    items.sort(key=_longest_first)
    if not (hasattr(config, "workerinput") and config.getvalue("loadgroup")):
        return
    from _pytest.nodeid import coerce_node_id

    for item in items:
        names = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        suffix = "@" + "_".join(sorted(names))
        if names and not item.nodeid.endswith(suffix):
            item._id = coerce_node_id(item.nodeid + suffix)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and "TOTP code already used" markers live in the cache.
    cache.clear()
    yield
    cache.clear()


# The signed-in personas: fixture name -> (role, e-mail, full name).
PERSONA_SPECS = {
    "admin_user": (Role.ADMINISTRATOR, "admin@example.test", "Ada Admin"),
    "supervisor": (Role.SUPERVISOR, "supervisor@example.test", "Sol Supervisor"),
    "case_manager": (Role.CASE_MANAGER, "cm@example.test", "Cam Manager"),
    "other_case_manager": (Role.CASE_MANAGER, "cm2@example.test", "Oli Othermanager"),
    "facilitator": (Role.FACILITATOR, "facilitator@example.test", "Fran Facilitator"),
    "client_user": (Role.CLIENT, "client@example.test", "Jamie Client"),
    "other_client_user": (Role.CLIENT, "client2@example.test", "Robin Other"),
}


def make_persona(name: str):
    """The user of the persona fixture ``name`` (also built once per module by the access
    matrix, tests/test_access_matrix.py)."""
    role, email, full_name = PERSONA_SPECS[name]
    return UserFactory(role=role, email=email, full_name=full_name)


def make_client_record(client_user, case_manager, supervisor):
    return ClientFactory(
        user=client_user,
        case_manager=case_manager,
        actor=supervisor,
        legal_first_name="Jamie",
        legal_last_name="Client",
    )


def make_other_client_record(other_client_user, other_case_manager, supervisor):
    return ClientFactory(
        user=other_client_user,
        case_manager=other_case_manager,
        actor=supervisor,
        legal_first_name="Robin",
        legal_last_name="Other",
    )


@pytest.fixture
def admin_user(db):
    return make_persona("admin_user")


@pytest.fixture
def supervisor(db):
    return make_persona("supervisor")


@pytest.fixture
def case_manager(db):
    return make_persona("case_manager")


@pytest.fixture
def other_case_manager(db):
    return make_persona("other_case_manager")


@pytest.fixture
def facilitator(db):
    return make_persona("facilitator")


@pytest.fixture
def client_user(db):
    return make_persona("client_user")


@pytest.fixture
def other_client_user(db):
    return make_persona("other_client_user")


@pytest.fixture
def client_record(client_user, case_manager, supervisor):
    """The record of ``client_user``, active, on ``case_manager``'s caseload."""
    return make_client_record(client_user, case_manager, supervisor)


@pytest.fixture
def other_client_record(other_client_user, other_case_manager, supervisor):
    """The record of ``other_client_user``, on ``other_case_manager``'s caseload."""
    return make_other_client_record(other_client_user, other_case_manager, supervisor)


@pytest.fixture
def persona_client(request, client, db):
    """A Django test client signed in as the persona named by the test's ``persona`` param."""

    def make(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return make


@pytest.fixture
def watchdog_all_clear(db):
    """A worker and beat that checked in just now, as on a running portal: without them the
    watchdog says "workers down" and /healthz answers 503 (recovery_portal/ops/health.py)."""
    watchdog_check_in()


def watchdog_check_in():
    from recovery_portal.ops.checkins import check_in
    from recovery_portal.ops.models import ProcessKind

    check_in(name="celery@test-worker", kind=ProcessKind.WORKER, starting=True)
    check_in(name="celerybeat@test-beat", kind=ProcessKind.BEAT, starting=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--headless=new",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real Celery worker on the test broker (Redis) and the test database."""
    from recovery_portal.celery import app as celery_app

    from .workers import WorkerProcess

    celery_app.control.purge()
    worker = WorkerProcess().start()
    yield worker
    worker.stop()


@pytest.fixture(scope="session", autouse=True)
def _release_test_database(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end sessions left on it by threads that are gone
    (the live server's request threads, connections opened inside Playwright's event loop)."""
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
