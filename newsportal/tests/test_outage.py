"""Database and cache outages: a branded 503 with Retry-After, and recovery without a restart.

The database is made unreachable for real: the open connection is set aside
and the connection settings point at a port where nothing listens
(PostgreSQL) or at a file that cannot be opened (SQLite), so every query
opens a new connection and fails the way it does in production.
"""

import socket
import time
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.models import Topic
from articles.tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_unreachable():
    saved_connection, saved_settings = connection.connection, dict(connection.settings_dict)
    connection.connection = None  # the next query connects anew, with the settings below
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    else:
        connection.settings_dict["NAME"] = "/nonexistent-directory/newsportal.sqlite3"
    try:
        yield
    finally:
        connection.settings_dict.clear()
        connection.settings_dict.update(saved_settings)
        connection.connection = saved_connection


@pytest.fixture
def reader():
    # The test client would re-raise the exception behind the 503; a browser sees only the page.
    return Client(raise_request_exception=False)


def assert_branded_503(response):
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert "We are back in a moment." in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert "default-src 'self'" in response["Content-Security-Policy"]


class TestDatabaseOutage:
    def test_every_kind_of_page_answers_a_branded_503_quickly(self, reader):
        article = make_article(slug="before-the-outage")
        pages = ["/", article.get_absolute_url(), "/category/world/", "/search/?q=envoy", "/no-such-page/"]
        pages += [reverse("login"), reverse("admin:login"), "/page/2/"]
        with database_unreachable():
            for path in pages:
                started = time.monotonic()
                response = reader.get(path)
                assert time.monotonic() - started < 5, path
                assert_branded_503(response)

    def test_the_site_recovers_by_itself_when_the_database_returns(self, reader):
        article = make_article(slug="back-again")
        with database_unreachable():
            assert reader.get(article.get_absolute_url()).status_code == 503
            assert reader.get("/readyz").status_code == 503
        assert reader.get(article.get_absolute_url()).status_code == 200
        assert reader.get("/readyz").content == b"ok"

    def test_a_page_cached_before_the_outage_is_still_served(self, reader):
        article = make_article(slug="cached-before")
        assert reader.get(article.get_absolute_url()).status_code == 200
        with database_unreachable():
            assert reader.get(article.get_absolute_url()).status_code == 200

    def test_the_500_page_renders_while_the_database_is_down(self, reader, settings):
        settings.ROOT_URLCONF = "newsportal.tests.outage_urls"
        with database_unreachable():
            response = reader.get("/test-only/broken/")
        assert response.status_code == 500
        assert "Something went wrong on our side." in response.content.decode()

    def test_the_outage_is_logged_in_one_line_with_the_request_id(self, reader, site_log):
        with database_unreachable():
            reader.get("/", headers={"X-Request-ID": "lb-4711"})
        lines = site_log.getvalue().splitlines()
        assert len(lines) == 2, lines
        assert all("[lb-4711]" in line for line in lines), lines
        assert "ERROR newsportal.outage [lb-4711] database unavailable, answered 503 for GET /" in lines[0]
        assert "INFO newsportal.request [lb-4711] GET / 503" in lines[1]


class TestFormPostedDuringAnOutage:
    form = {
        "name": "Ada",
        "comment": "First line\n<script>alert('x')</script> & more",
        "article": "42",
        "token": "signed-token",
        "subject": "honeypot text",
        "password": "never-echo-this",
    }

    def test_the_reader_is_told_nothing_was_saved_and_gets_the_form_back(self, reader, settings):
        settings.ROOT_URLCONF = "newsportal.tests.outage_urls"
        with database_unreachable():
            response = reader.post("/test-only/post-note/", self.form)
        assert_branded_503(response)
        html = response.content.decode()
        assert "What you sent has not been saved." in html
        assert 'action="/test-only/post-note/"' in html
        assert ">First line\n&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more</textarea>" in html
        assert 'name="name" value="Ada"' in html
        assert 'type="hidden" name="article" value="42"' in html
        assert 'type="hidden" name="token" value="signed-token"' in html
        assert 'name="csrfmiddlewaretoken"' in html
        assert "honeypot text" not in html and "never-echo-this" not in html
        assert not Topic.objects.exists()

    def test_sending_the_kept_form_again_after_the_outage_saves_it(self, reader, settings):
        settings.ROOT_URLCONF = "newsportal.tests.outage_urls"
        with database_unreachable():
            assert reader.post("/test-only/post-note/", self.form).status_code == 503
        assert reader.post("/test-only/post-note/", self.form).status_code == 201
        assert Topic.objects.get().name.startswith("First line")

    def test_a_form_without_a_kept_form_still_says_it_was_not_saved(self, reader):
        with database_unreachable():
            response = reader.post(reverse("login"), {"username": "ada", "password": "never-echo-this"})
        assert_branded_503(response)
        html = response.content.decode()
        assert "What you sent has not been saved." in html
        assert "never-echo-this" not in html


class TestProbes:
    def test_healthz_answers_while_the_database_is_down(self, reader):
        with database_unreachable():
            response = reader.get("/healthz")
        assert (response.status_code, response.content) == (200, b"ok")

    def test_readyz_names_the_part_that_failed(self, reader):
        assert (reader.get("/readyz").status_code, reader.get("/readyz").content) == (200, b"ok")
        with database_unreachable():
            response = reader.get("/readyz")
        assert response.status_code == 503
        assert response.content == b"database: unavailable\ncache: ok\n"
        assert response["Cache-Control"] == "no-store"


def redis_cache(port, db=8):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/{db}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


class TestCacheOutage:
    def test_a_plain_redis_backend_that_is_unreachable_gives_503_pages_and_a_degraded_readyz(self, reader, settings):
        # Without the site's ResilientCache around it (settings.py always adds it), a
        # failing backend still fails the page; /readyz reports it without failing.
        settings.CACHES = redis_cache(free_port())
        assert_branded_503(reader.get("/"))
        response = reader.get("/readyz")
        assert response.status_code == 200
        assert response.content == b"database: ok\ncache: degraded (ConnectionError)\n"

    def test_readyz_with_a_live_redis(self, reader, settings):
        try:
            socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        except OSError:
            pytest.skip("no Redis on 127.0.0.1:6379")
        settings.CACHES = redis_cache(6379)
        cache.clear()
        assert (reader.get("/readyz").status_code, reader.get("/").status_code) == (200, 200)
        cache.clear()
