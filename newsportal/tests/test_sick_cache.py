"""A sick cache is an accelerator gone, not an outage: readers get 200, comments are answered truthfully.

The gunicorn tests run a real server (three workers, production settings,
a SQLite database of their own) against a cache that is (a) refused: a
port with nothing listening, or (b) black-holed: a socket that accepts
connections and never answers. The in-process tests make the cache fail
at the moments a server cannot be made to: during the rate-limit check, and
after the comment is committed.
"""

import html as html_lib
import http.client
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from comments.models import Comment
from comments.tests.factories import comment_post, make_article, make_comment, trust_browser
from newsportal.tests.test_gunicorn_faults import (
    PROJECT_DIR,
    fetch,
    free_port,
    gunicorn,
    production_environment,
)

KNOWN_EMAIL = "known@example.org"
UNCHECKED_REASON = "Held because its rate limits could not be checked: the cache was unavailable."


def p99(seconds):
    ordered = sorted(seconds)
    return ordered[max(0, -(-len(ordered) * 99 // 100) - 1)]


# --- A real server with a sick cache ----------------------------------------------------------------------


SEED = f"""
from articles.tests.factories import make_article, make_category
from comments.tests.factories import make_comment
world = make_category(slug="world", name="World")
article = make_article(slug="sick-cache-story", title="The envoy arrives", category=world)
make_article(slug="another-story", title="Envoy talks resume", category=world)
make_comment(article, email="{KNOWN_EMAIL}", body="An earlier approved comment.")
print(article.pk)
"""


@pytest.fixture(scope="module")
def site_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("sick-cache-db") / "db.sqlite3"
    url = f"sqlite:///{path}"
    environment = production_environment(DATABASE_URL=url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env=environment,
        check=True,
        timeout=300,
    )
    seeded = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SEED],
        cwd=PROJECT_DIR,
        env=environment,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    return url, path, int(seeded.stdout.split()[-1])


@contextmanager
def black_hole():
    """A TCP port that accepts connections and never answers, like a Redis stuck in a long command.

    Yields the port and the list of connections it accepted: redis-py drops a
    connection that timed out, so each accepted connection is one more try.
    """
    held = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)

    def accept_forever():
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept_forever, daemon=True).start()
    try:
        yield listener.getsockname()[1], held
    finally:
        listener.close()
        for connection in held:
            connection.close()


@contextmanager
def sick_cache(kind):
    """CACHE_URL for a cache that is refused or black-holed, and the tries it saw (None when refused)."""
    if kind == "refused":
        yield f"redis://127.0.0.1:{free_port()}/11", None
    else:
        with black_hole() as (port, tries):
            yield f"redis://127.0.0.1:{port}/11", tries


def server(site_database, static_root, tmp_path, **variables):  # noqa: F811
    """gunicorn with three workers, as production runs it; tests post at once (the timestamp is still checked)."""
    url, _path, _article_id = site_database
    return gunicorn(url, static_root, tmp_path, workers=3, COMMENTS_MIN_SECONDS="0", **variables)


def post_comment(base, article_id, *, email, text):
    """As comments.js does: a token of the reader's own, then the form; the redirect is not followed."""
    token = fetch(f"{base}/comments/form-token/{article_id}/", headers={"Accept": "application/json"})
    assert token.status == 200, token.status
    fields = json.loads(token.body)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", token.headers["Set-Cookie"]).group(1)
    body = {
        **fields,
        "article": str(article_id),
        "name": "Ada",
        "email": email,
        "website": "",
        "subject": "",
        "parent": "",
        "comment": text,
    }
    connection = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]), timeout=30)
    try:
        from urllib.parse import urlencode

        connection.request(
            "POST",
            "/comments/post/",
            body=urlencode(body),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}"},
        )
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def stored(path, text):
    with sqlite3.connect(path) as database:
        return database.execute("SELECT status, held_reason FROM comments_comment WHERE body = ?", (text,)).fetchall()


def kept_comment(html):
    match = re.search(r'<textarea name="comment"[^>]*>\n?(.*?)</textarea>', html, re.S)
    return html_lib.unescape(match.group(1)) if match else None


READER_PAGES = ["/", "/sick-cache-story/", "/category/world/", "/search/?q=envoy"]


@pytest.mark.parametrize("kind", ["refused", "black-holed"])
def test_readers_get_200_and_comments_are_held_while_the_cache_is_sick(
    kind,
    site_database,
    static_root,
    tmp_path,
):
    _url, path, article_id = site_database
    with (
        sick_cache(kind) as (cache_url, tries),
        server(site_database, static_root, tmp_path, CACHE_URL=cache_url) as (base, log_path),
    ):
        # The first requests pay the cache's timeout once per worker, all at the same time.
        warm_up = [threading.Thread(target=fetch, args=(base + "/",)) for _ in range(9)]
        for thread in warm_up:
            thread.start()
        for thread in warm_up:
            thread.join()

        # Spread over more than one CACHE_RETRY_SECONDS (5), so that every worker tries the cache again meanwhile.
        tries_before, started = len(tries or ()), time.monotonic()
        token_path = f"/comments/form-token/{article_id}/"
        answers = []
        for page in [*READER_PAGES, token_path] * 6:
            answers.append(fetch(base + page))
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        assert {answer.status for answer in answers} == {200}
        assert 'class="site-header"' in answers[0].body and "The envoy arrives" in answers[1].body
        if kind == "black-holed":
            # The breaker at work: each worker tried again after the interval, at most once per interval,
            # from a probe of its own: none of the requests below waited for it.
            assert 1 <= len(tries) - tries_before <= 3 * (int(elapsed // 5) + 1), (len(tries) - tries_before, elapsed)
            # Half the cache's 0.5 s socket timeout: a request that waited for the cache takes at least that.
            # A machine busy with other work stretches every page alike.
            budget = 0.25 * max(1.0, os.getloadavg()[0] / os.cpu_count())
            slowest = sorted(round(answer.seconds, 3) for answer in answers)[-5:]
            assert p99([answer.seconds for answer in answers]) < budget, (budget, slowest)

        ready = fetch(base + "/readyz")
        reason = "ConnectionError" if kind == "refused" else "TimeoutError"
        assert (ready.status, ready.body) == (200, f"database: ok\ncache: degraded ({reason})\n")

        text = f"Posted while the cache was {kind} ({uuid.uuid4().hex[:8]})."
        status, headers, _html = post_comment(base, article_id, email=KNOWN_EMAIL, text=text)
        assert status == 303
        assert re.search(r"#comment-\d+$", headers["Location"])
        # Held, and for that reason: with the limits unchecked even a trusted reader waits for an editor.
        assert stored(path, text) == [("pending", UNCHECKED_REASON)]
    log = log_path.read_text()
    assert "Traceback" not in log
    assert not re.search(r"newsportal\.request \[\S+\] \S+ \S+ 5\d\d ", log), "no answer may be a 5xx"
    assert "cache unavailable, pages are built from the database" in log
    assert "COMMENTS_RATE_LIMITS_FAIL=hold: the comment is held for moderation" in log


def test_refuse_gives_the_reader_their_text_back_and_stores_nothing(
    site_database,
    static_root,
    tmp_path,
):
    _url, path, article_id = site_database
    variables = {"CACHE_URL": f"redis://127.0.0.1:{free_port()}/11", "COMMENTS_RATE_LIMITS_FAIL": "refuse"}
    with server(site_database, static_root, tmp_path, **variables) as (base, log_path):
        text = f"Refused while the cache was away ({uuid.uuid4().hex[:8]})."
        status, headers, html = post_comment(base, article_id, email=KNOWN_EMAIL, text=text)
        assert fetch(base + "/sick-cache-story/").status == 200
    assert status == 503
    assert headers["Retry-After"] == "5"
    assert "we cannot check how often comments arrive right now" in html
    assert kept_comment(html) == text
    assert stored(path, text) == []
    log = log_path.read_text()
    assert "COMMENTS_RATE_LIMITS_FAIL=refuse: the comment is refused" in log
    assert "Service Unavailable" not in log and "Traceback" not in log


def test_an_unknown_failure_policy_stops_the_start():
    checked = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_DIR,
        env=production_environment(COMMENTS_RATE_LIMITS_FAIL="sometimes"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode != 0
    assert "COMMENTS_RATE_LIMITS_FAIL is 'sometimes'; it must be hold" in checked.stderr


# --- In process: the cache fails during the rate-limit check, and after the commit ---------------------------


def resilient_redis_nobody_answers():
    return {
        "default": {
            "BACKEND": "newsportal.cache.ResilientCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/11",
            "OPTIONS": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
            },
        }
    }


@pytest.fixture
def article(db):
    article = make_article(slug="the-article")
    make_comment(article, email=KNOWN_EMAIL)
    return article


@pytest.fixture
def limited(settings):
    settings.COMMENTS_RATE_LIMITS = ["1/15s", "10/1h"]
    settings.SECURE_SSL_REDIRECT = False
    settings.CACHES = resilient_redis_nobody_answers()
    return settings


def test_hold_stores_the_comment_for_moderation_with_the_reason(client, article, limited):
    response = client.post("/comments/post/", comment_post(article, email=KNOWN_EMAIL, comment="Held, not lost."))
    assert response.status_code == 303
    comment = Comment.objects.get(body="Held, not lost.")
    assert (comment.status, comment.held_reason) == (Comment.Status.PENDING, UNCHECKED_REASON)
    # The reader sees their own held comment where the redirect leads.
    assert response["Location"].endswith(f"#comment-{comment.pk}")


def test_refuse_answers_503_with_the_text_kept(client, article, limited):
    limited.COMMENTS_RATE_LIMITS_FAIL = "refuse"
    response = client.post("/comments/post/", comment_post(article, email=KNOWN_EMAIL, comment="Keep my words."))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert kept_comment(response.content.decode()) == "Keep my words."
    assert not Comment.objects.filter(body="Keep my words.").exists()


def test_allow_posts_as_if_under_the_limits(client, article, limited):
    limited.COMMENTS_RATE_LIMITS_FAIL = "allow"
    trust_browser(client, article)
    response = client.post("/comments/post/", comment_post(article, email=KNOWN_EMAIL, comment="Straight in."))
    assert response.status_code == 303
    assert Comment.objects.get(body="Straight in.").status == Comment.Status.APPROVED


def test_the_blocklist_still_names_its_own_reason(client, article, limited):
    limited.COMMENTS_BLOCKLIST = ["casino"]
    client.post("/comments/post/", comment_post(article, comment="Best casino in town."))
    assert "casino" in Comment.objects.get(body="Best casino in town.").held_reason


def test_with_a_healthy_cache_the_limits_apply_as_before(client, article, settings):
    settings.COMMENTS_RATE_LIMITS = ["1/15s"]
    assert client.post("/comments/post/", comment_post(article, email=KNOWN_EMAIL)).status_code == 303
    assert client.post("/comments/post/", comment_post(article, email=KNOWN_EMAIL)).status_code == 429


class FailsAfterCommit(LocMemCache):
    """A real in-memory cache that fails as Redis does on the writes the post-commit announcement makes."""

    def set(self, key, *args, **kwargs):
        if "freshness:" in key:
            raise RedisConnectionError("Connection reset by peer")
        return super().set(key, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        if any("freshness:" in key for key in data):
            raise RedisConnectionError("Connection reset by peer")
        return super().set_many(data, *args, **kwargs)


@pytest.mark.parametrize("wrapped", [True, False], ids=["resilient-cache", "plain-backend"])
@pytest.mark.django_db(transaction=True)
def test_a_cache_failing_after_the_commit_does_not_change_the_answer(wrapped, settings, caplog):
    location = f"after-commit-{uuid.uuid4().hex}"
    backend = "newsportal.tests.test_sick_cache.FailsAfterCommit"
    if wrapped:
        settings.CACHES = {
            "default": {
                "BACKEND": "newsportal.cache.ResilientCache",
                "LOCATION": location,
                "OPTIONS": {"BACKEND": backend},
            }
        }
    else:
        # Without the wrapper the failure reaches the on_commit callback itself, which must be robust.
        settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": location}}
    settings.COMMENTS_RATE_LIMITS = []
    settings.SECURE_SSL_REDIRECT = False
    article = make_article(slug="after-commit")
    reader = Client()
    trust_browser(reader, article)
    article.refresh_from_db()
    count_before = article.comment_count

    response = reader.post("/comments/post/", comment_post(article, email=KNOWN_EMAIL, comment="Committed."))

    assert response.status_code == 303
    stored_comments = Comment.objects.filter(body="Committed.")
    assert stored_comments.count() == 1
    assert stored_comments.get().status == Comment.Status.APPROVED
    assert response["Location"].endswith(f"#comment-{stored_comments.get().pk}")
    article.refresh_from_db()
    assert article.comment_count == count_before + 1
    # The failure is in the log, not in the reader's answer.
    messages = [record.getMessage() for record in caplog.records]
    if wrapped:
        assert any(message.startswith("could not announce comments comments-") for message in messages), messages
        assert any("Connection reset by peer" in message for message in messages)
    else:
        assert any("in on_commit()" in message and "Connection reset by peer" in message for message in messages)
