import json

import pytest

from recovery_portal.celery import app as celery_app


def test_healthz_says_ok_when_every_part_is_well(client, watchdog_all_clear):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "reminders": "ok",
        "workers": "ok",
        "beat": "ok",
        "texts": "ok",
        # aftercare's note (nobody on the rota) is not told to anyone: see the safety-net tests
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_says_unavailable_on_a_new_install_where_no_worker_ever_ran(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "unavailable"
    assert (body["workers"], body["beat"], body["reminders"]) == ("down", "down", "ok")


@pytest.fixture
def dead_broker():
    old = celery_app.conf.broker_write_url
    celery_app.conf.broker_write_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    yield
    celery_app.conf.broker_write_url = old


def test_healthz_says_unavailable_when_the_broker_is_down(client, watchdog_all_clear, dead_broker):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["broker"] == "down"


def test_healthz_needs_no_login_and_says_nothing_personal(client, watchdog_all_clear):
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert set(body) == {"status", "database", "broker", "reminders", "workers", "beat", "texts"}
    assert set(body.values()) == {"ok"}
    assert b"test-worker" not in response.content  # no host names


def test_a_load_balancers_check_asks_only_whether_this_web_process_can_serve(client, db):
    # No worker ever checked in: the portal is not well, but this web server can serve pages,
    # and a load balancer must not take every web server out of rotation for it.
    assert client.get("/healthz").status_code == 503
    response = client.get("/healthz?scope=web")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "broker": "ok"}


def test_a_load_balancers_check_still_fails_when_the_broker_is_down(client, db, dead_broker):
    response = client.get("/healthz?scope=web")
    assert response.status_code == 503
    assert json.loads(response.content)["broker"] == "down"


def test_healthz_reuses_a_fresh_result_so_a_crowd_of_callers_costs_nothing(
    client, db, settings, watchdog_all_clear, django_assert_num_queries
):
    from recovery_portal.ops import health

    health._public_cache.clear()
    settings.HEALTHZ_CACHE_SECONDS = 5
    assert client.get("/healthz").status_code == 200
    with django_assert_num_queries(0):
        for _ in range(5):
            assert client.get("/healthz").status_code == 200
    health._public_cache.clear()
