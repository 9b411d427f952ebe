"""Manners: CORS for the configured origins only, rate limits counted in the shared cache, API keys."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.cache import cache

from api.models import ApiKey
from articles.tests.factories import make_article
from comments.tests.factories import make_user
from newsportal.tests.test_sick_cache import resilient_redis_nobody_answers

API = "/api/v1"
APP = "https://app.example.org"


@pytest.fixture
def story(db):
    return make_article(title="Envoy lands", slug="envoy-lands")


def test_without_configured_origins_no_cors_header_and_no_vary(client, story):
    response = client.get(f"{API}/articles", headers={"Origin": APP})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "Origin" not in response.get("Vary", "")


def test_a_configured_origin_is_allowed_and_every_answer_varies_by_origin(client, story, settings):
    settings.API_CORS_ORIGINS = [APP]
    # The first answer is stored without an Origin; the allowed origin is still told it may read it.
    plain = client.get(f"{API}/articles/{story.pk}")
    assert "Access-Control-Allow-Origin" not in plain
    assert "Origin" in plain["Vary"]
    allowed = client.get(f"{API}/articles/{story.pk}", headers={"Origin": APP})
    assert allowed["Access-Control-Allow-Origin"] == APP
    assert "X-Total-Count" in allowed["Access-Control-Expose-Headers"]
    assert "Origin" in allowed["Vary"]
    other = client.get(f"{API}/articles/{story.pk}", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other
    assert "Origin" in other["Vary"]
    # Errors too: a browser must be able to read why it was refused.
    refused = client.get(f"{API}/articles?page=abc", headers={"Origin": APP})
    assert refused["Access-Control-Allow-Origin"] == APP


def test_preflight_is_answered_for_configured_origins(client, story, settings):
    settings.API_CORS_ORIGINS = [APP]
    preflight = client.options(
        f"{API}/articles",
        headers={
            "Origin": APP,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "X-API-Key, X-Secret",
        },
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == APP
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Headers"] == "x-api-key"
    assert int(preflight["Access-Control-Max-Age"]) > 0
    for origin, method in (("https://evil.example", "GET"), (APP, "DELETE")):
        refused = client.options(
            f"{API}/articles", headers={"Origin": origin, "Access-Control-Request-Method": method}
        )
        assert refused.status_code == 204
        assert "Access-Control-Allow-Methods" not in refused


def test_over_the_limit_is_a_429_with_retry_after_cached_answers_counted_too(client, story, settings):
    settings.API_RATE_LIMIT = "3/1m"
    for _ in range(3):
        assert client.get(f"{API}/articles/{story.pk}").status_code == 200
    refused = client.get(f"{API}/articles/{story.pk}")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["errors"][0]["code"] == "rate_limited"
    assert refused["Cache-Control"] == "no-store"
    # Another address has its own count.
    assert client.get(f"{API}/articles/{story.pk}", REMOTE_ADDR="192.0.2.10").status_code == 200


def test_the_limit_holds_in_redis_shared_by_every_process(client, story, settings):
    settings.API_RATE_LIMIT = "2/1m"
    settings.CACHES = {
        "default": {
            "BACKEND": "newsportal.cache.ResilientCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
            "OPTIONS": {"BACKEND": "django.core.cache.backends.redis.RedisCache"},
        }
    }
    cache.clear()
    try:
        statuses = [client.get(f"{API}/articles").status_code for _ in range(3)]
    finally:
        cache.clear()
    assert statuses == [200, 200, 429]


def test_when_the_cache_cannot_count_requests_are_allowed(client, story, settings):
    settings.API_RATE_LIMIT = "1/1m"
    settings.CACHES = resilient_redis_nobody_answers()
    statuses = [client.get(f"{API}/articles/{story.pk}").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 200]


def test_an_api_key_made_in_the_admin_raises_the_limit(client, story, settings):
    settings.API_RATE_LIMIT = "1/1m"
    settings.API_KEY_RATE_LIMIT = "3/1m"
    editor = make_user("keeper", superuser=True)
    client.force_login(editor)
    response = client.post(
        "/" + settings.ADMIN_URL + "api/apikey/add/", {"name": "Partner", "rate_limit": "", "is_active": "on"}
    )
    assert response.status_code == 302, response.content
    messages = [str(message) for message in response.wsgi_request._messages]
    key = messages[0].split(" is ")[1].split(".")[0]
    stored = ApiKey.objects.get()
    assert stored.prefix == key[:8] and key not in (stored.digest, stored.prefix)
    client.logout()
    statuses = [client.get(f"{API}/articles", headers={"X-API-Key": key}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(f"{API}/articles").status_code == 200
    assert client.get(f"{API}/articles").status_code == 429
    # A key's own limit wins; a revoked key is refused at once.
    assert client.get(f"{API}/articles", headers={"X-API-Key": "not-a-key"}).status_code == 401
    client.force_login(editor)
    client.post(
        "/" + settings.ADMIN_URL + f"api/apikey/{stored.pk}/change/",
        {"name": "Partner", "rate_limit": "10/1m", "is_active": ""},
    )
    client.logout()
    revoked = client.get(f"{API}/articles", headers={"X-API-Key": key})
    assert revoked.status_code == 401 and revoked.json()["errors"][0]["code"] == "invalid_api_key"


def test_a_bad_rate_limit_is_a_form_error_in_the_admin(client, db, settings):
    client.force_login(make_user("keeper", superuser=True))
    response = client.post(
        "/" + settings.ADMIN_URL + "api/apikey/add/", {"name": "Partner", "rate_limit": "lots", "is_active": "on"}
    )
    assert response.status_code == 200
    assert not ApiKey.objects.exists()
    assert ApiKey in admin_site._registry


def test_a_process_sends_its_counts_in_small_batches_and_still_holds_the_limit(db, settings):
    """With a limit of 100, counts go to the shared cache five at a time: one write per five requests."""
    from api import ratelimit

    limit = ratelimit.parse_limit("100/1m", "API_RATE_LIMIT")
    now = 1_000_000 * 60.0 + 1
    verdicts = [ratelimit.hit("address:203.0.113.9", limit, now=now) for _ in range(120)]
    assert [verdict.allowed for verdict in verdicts] == [True] * 100 + [False] * 20
    key = next(key for key in ratelimit._tallies if key.endswith(f":{int(now // 60)}"))
    assert cache.get(key) == 120
    # Another process that already counted 98 in the shared cache: this one refuses past the shared total.
    cache.set(key.replace(":1000000", ":1000001"), 98, 120)
    later = [ratelimit.hit("address:203.0.113.9", limit, now=now + 60) for _ in range(10)]
    # Four wait in this process's batch; the fifth sends them, learns 103 and is refused.
    assert [verdict.allowed for verdict in later] == [True] * 4 + [False] * 6
