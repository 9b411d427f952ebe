"""/readyz: out of the load balancer only while the database is down; a sick cache is reported, not fatal."""

import pytest
from django.test import Client

from newsportal.tests.test_outage import database_unreachable, free_port

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def probe():
    return Client(raise_request_exception=False)


def resilient_redis(port):
    return {
        "default": {
            "BACKEND": "newsportal.cache.ResilientCache",
            "LOCATION": f"redis://127.0.0.1:{port}/11",
            "OPTIONS": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
            },
        }
    }


def test_a_refused_cache_is_degraded_and_the_server_stays_ready(probe, settings):
    settings.CACHES = resilient_redis(free_port())
    response = probe.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: degraded (ConnectionError)\n"
    assert response["Cache-Control"] == "no-store"


def test_the_cache_is_asked_for_real_even_while_its_breaker_is_open(probe, settings):
    settings.CACHES = resilient_redis(free_port())
    settings.CACHE_RETRY_SECONDS = 600
    assert probe.get("/").status_code == 200  # opens the breaker
    # Still degraded: the probe made a round trip of its own instead of trusting the breaker.
    assert b"cache: degraded" in probe.get("/readyz").content


def test_a_database_outage_is_one_error_line_with_the_request_id_and_the_reason(probe, site_log):
    with database_unreachable():
        response = probe.get("/readyz", headers={"X-Request-ID": "lb-probe-7"})
    assert response.status_code == 503
    assert response.content == b"database: unavailable\ncache: ok\n"
    lines = site_log.getvalue().splitlines()
    errors = [line for line in lines if " ERROR " in line]
    assert len(errors) == 1, lines
    assert "ERROR newsportal.readyz [lb-probe-7] not ready: database unavailable: OperationalError: " in errors[0]
    assert "Service Unavailable" not in site_log.getvalue()
    assert any("INFO newsportal.request [lb-probe-7] GET /readyz 503" in line for line in lines)


def test_both_down_names_both(probe, settings):
    settings.CACHES = resilient_redis(free_port())
    with database_unreachable():
        response = probe.get("/readyz")
    assert (response.status_code, response.content) == (
        503,
        b"database: unavailable\ncache: degraded (ConnectionError)\n",
    )


def test_a_healthy_site_answers_ok(probe):
    response = probe.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ok")
