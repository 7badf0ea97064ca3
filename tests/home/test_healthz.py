import json

import pytest

from recovery_portal.celery import app as celery_app


def test_healthz_says_ok_when_database_and_broker_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.fixture
def dead_broker():
    old = celery_app.conf.broker_write_url
    celery_app.conf.broker_write_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    yield
    celery_app.conf.broker_write_url = old


def test_healthz_says_unavailable_when_the_broker_is_down(client, db, dead_broker):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["broker"] == "down"


def test_healthz_needs_no_login_and_says_nothing_personal(client, db):
    response = client.get("/healthz")
    assert set(json.loads(response.content)) == {"status", "database", "broker"}
