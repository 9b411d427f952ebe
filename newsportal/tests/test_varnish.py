"""docs/varnish.vcl in front of the site: what is kept and how long, purges, bypasses, grace, gzip, slow clients.

The real Varnish runs the VCL as docs/OPERATIONS.md gives it (only the
backend's port is swapped, by tools/varnish_local.py) in front of Django's
live server, with HTTP_CACHE_PURGE_URLS pointing at it, and every test talks
HTTP to Varnish. One varnishd serves the whole module (it takes seconds to
compile its VCL); each test starts with its cache banned empty. What reached
Django is recorded from Django's request_started signal, so a test can tell
an answer Varnish gave from its cache from one Django made.

Skipped when Varnish is not installed (`apt-get install varnish
varnish-modules`), unless VARNISH_TESTS=required, as CI sets: then a missing
Varnish fails.
"""

import gzip
import http.client
import json
import os
import socket
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.cache import caches
from django.core.signals import request_started
from django.db import OperationalError
from django.http import HttpResponse

from articles.models import Article
from articles.services import article_save
from articles.tests.factories import make_article
from articles.views import ArticleDetailView
from comments.models import Comment
from comments.services import comment_set_status
from comments.tests.factories import make_comment
from newsportal import middleware
from newsportal.tests.through_proxy import ProxiedSite
from tools.varnish_local import LocalVarnish, varnish_installed

# The live server listens on the IPv4 loopback, where the VCL's backend points.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

NO_VARNISH = None
if not varnish_installed():
    NO_VARNISH = "varnishd not found: `apt-get install varnish varnish-modules` to run the Varnish tests"
# CI sets VARNISH_TESTS=required: there a missing Varnish is a failure, not a skip.
REQUIRED = os.environ.get("VARNISH_TESTS") == "required"

BROWSER_ENCODINGS = "gzip, deflate, br"
# What Django says of a shared page (PAGE_CACHE_SHARED_SECONDS=10, PAGE_CACHE_SECONDS=600).
SHARED = "public, max-age=0, s-maxage=10, stale-while-revalidate=30"
# The vcl_recv grace while the backend is healthy.
HEALTHY_GRACE_SECONDS = 10
A_CSRF_TOKEN = "abcdefghijklmnopqrstuvwxyzABCDEF"


def skip_without_varnish():
    if NO_VARNISH:
        if REQUIRED:
            pytest.fail(f"{NO_VARNISH} (VARNISH_TESTS=required)", pytrace=False)
        pytest.skip(NO_VARNISH)


@pytest.fixture(autouse=True)
def _varnish_installed():
    skip_without_varnish()


class Site(ProxiedSite):
    """The site through Varnish, which also answers purges."""

    def __init__(self, varnish):
        super().__init__(varnish.port, cache_header="X-Cache")
        self.varnish = varnish

    def purge(self, keys=None, **kwargs):
        return self.request("PURGE", "/", headers={} if keys is None else {"xkey-purge": keys}, **kwargs)


@pytest.fixture(scope="module")
def varnish(live_server):
    skip_without_varnish()
    with LocalVarnish(upstream_port=urlsplit(live_server.url).port) as varnish:
        yield varnish


@pytest.fixture
def site(varnish, settings):
    settings.HTTP_CACHE_PURGE_URLS = [f"{varnish.url}/"]
    varnish.admin("ban", "req.url", "~", ".")
    assert wait_for(varnish.backend_healthy), "the backend is sick before the test"
    site = Site(varnish)
    request_started.connect(site.record, weak=False)
    try:
        yield site
    finally:
        request_started.disconnect(site.record)


@pytest.fixture
def article():
    return make_article(title="Storm over the harbour", body="<p>The harbour wall held through the night.</p>")


def test_an_anonymous_page_is_asked_of_django_once_then_served_from_varnish(site, article):
    url = article.get_absolute_url()
    first = site.get(url)
    second = site.get(url)

    assert first.status == 200 and "Storm over the harbour" in first.page
    assert (first.cache, second.cache) == ("MISS", "HIT")
    assert second.body == first.body
    assert len(site.reached_django(url)) == 1
    for answer in (first, second):
        assert answer.all("Cache-Control") == [SHARED]
        # The surrogate keys and lifetime are for Varnish only.
        for name in ("xkey", "Surrogate-Key", "Surrogate-Control"):
            assert name not in answer.headers, name
        assert not answer.all("Set-Cookie")
    # Django's own Vary reaches the browser, though Varnish kept one copy for all.
    assert second.headers["Vary"] == "Cookie, Accept-Encoding"
    (seen,) = site.reached_django(url)
    assert seen["HTTP_X_FORWARDED_FOR"] == "127.0.0.1"


def test_the_lifetime_comes_from_surrogate_control_not_s_maxage(site, settings):
    """With PAGE_CACHE_SHARED_SECONDS=1 pages say s-maxage=1; Surrogate-Control, sent only
    when purge addresses are set, says 600 seconds."""
    settings.PAGE_CACHE_SHARED_SECONDS = 1
    purged, not_purged = make_article(), make_article()
    assert site.get(purged.get_absolute_url()).cache == "MISS"
    settings.HTTP_CACHE_PURGE_URLS = []  # Django no longer sends Surrogate-Control
    assert site.get(not_purged.get_absolute_url()).cache == "MISS"
    settings.HTTP_CACHE_PURGE_URLS = [f"{site.varnish.url}/"]

    time.sleep(2.2)
    kept = site.get(purged.get_absolute_url())
    expired = site.get(not_purged.get_absolute_url())

    assert kept.cache == "HIT" and int(kept.headers["Age"]) >= 2
    assert "s-maxage=1" in kept.headers["Cache-Control"]
    assert len(site.reached_django(purged.get_absolute_url())) == 1
    # s-maxage=1 alone: past its lifetime, served stale while Django is asked in the background.
    assert expired.cache == "STALE"
    assert wait_for(lambda: len(site.reached_django(not_purged.get_absolute_url())) == 2)


def test_each_answer_carries_the_id_of_its_own_request_and_django_logs_it(site, article, site_log):
    url = article.get_absolute_url()
    answers = [site.get(url) for _ in range(3)]

    assert [answer.cache for answer in answers] == ["MISS", "HIT", "HIT"]
    ids = [answer.all("X-Request-ID") for answer in answers]
    assert all(len(found) == 1 for found in ids) and len({found[0] for found in ids}) == 3
    (seen,) = site.reached_django(url)
    assert ids[0] == [seen["HTTP_X_REQUEST_ID"]]
    assert f"[{seen['HTTP_X_REQUEST_ID']}] GET {url} 200" in site_log.getvalue()
    # One a terminator in front made is kept.
    assert site.get(url, headers={"X-Request-ID": "lb-4711"}).all("X-Request-ID") == ["lb-4711"]


def test_tracking_parameters_and_their_order_make_no_copy_of_their_own(site, article):
    url = article.get_absolute_url()
    answers = [
        site.get(f"{url}?utm_source=newsletter&fbclid=abc"),
        site.get(url),
        site.get(f"{url}?utm_medium=social"),
        site.get(f"{url}?replytocom=5&utm_campaign=spring"),
        site.get(f"{url}?gclid=x&replytocom=5&_ga=1"),
        site.get(f"{url}?b=1&a=2"),
        site.get(f"{url}?a=2&utm_term=x&b=1"),
    ]

    # Parameters no page declares (a, b) are dropped by Django, which then tells
    # Varnish not to keep a copy under that address: each such request is
    # answered from Django's own copy of the canonical page.
    assert [answer.cache for answer in answers] == ["MISS", "HIT", "HIT", "MISS", "HIT", "PASS", "PASS"]
    assert [seen["query"] for seen in site.reached_django(url)] == ["", "replytocom=5", "a=2&b=1", "a=2&b=1"]


def test_a_change_through_the_service_layer_purges_the_page(site, article):
    url = article.get_absolute_url()
    assert [site.get(url).cache for _ in range(2)] == ["MISS", "HIT"]

    article.title = "Harbour wall breached"
    article_save(article=article)

    fresh = poll(lambda: site.get(url), lambda answer: "Harbour wall breached" in answer.page, timeout=2)
    assert fresh is not None, "Varnish still serves the old title 2 s after the change"
    assert fresh.cache == "MISS"
    assert "Storm over the harbour" not in fresh.page
    assert site.get(url).cache == "HIT"
    assert len(site.reached_django(url)) == 2


def test_an_approved_comment_shows_on_the_article_and_its_feed_through_varnish(site, article):
    comment = make_comment(article, body="The wall was built in 1887.", status=Comment.Status.PENDING)
    page, feed = article.get_absolute_url(), f"{article.get_absolute_url()}feed/"
    for path in (page, feed):
        answers = [site.get(path), site.get(path)]
        assert [answer.cache for answer in answers] == ["MISS", "HIT"], path
        assert "The wall was built in 1887." not in answers[-1].page, path

    comment_set_status(comments=Comment.objects.filter(pk=comment.pk), status=Comment.Status.APPROVED)

    for path in (page, feed):
        shown = poll(lambda path=path: site.get(path), lambda answer: "The wall was built in 1887." in answer.page)
        assert shown is not None, f"{path} does not show the approved comment through Varnish"
        assert len(site.reached_django(path)) == 2


def test_only_django_on_this_machine_may_purge(site, article):
    url = article.get_absolute_url()
    key = f"article-{article.pk}"
    assert [site.get(url).cache for _ in range(2)] == ["MISS", "HIT"]

    # 127.0.0.2 is this machine too, but not in the purgers ACL.
    from_elsewhere = site.purge(key, source="127.0.0.2")
    # Through a proxy on this machine (it names the client it forwards for).
    through_a_proxy = site.request("PURGE", "/", headers={"xkey-purge": key, "X-Forwarded-For": "203.0.113.9"})
    without_keys = site.purge()

    assert (from_elsewhere.status, through_a_proxy.status, without_keys.status) == (403, 403, 400)
    assert site.get(url).cache == "HIT", "a refused purge purged nothing"

    allowed = site.purge(f"{key} no-such-key")
    assert (allowed.status, allowed.reason) == (200, "Purged 1")
    assert site.get(url).cache == "MISS"


def test_a_purged_page_is_gone_for_good_not_kept_for_grace(site, article, monkeypatch):
    """A hard purge: even with the backend failing, the purged copy is never served again."""
    url = article.get_absolute_url()
    assert site.get(url).cache == "MISS"
    assert site.purge(f"article-{article.pk}").status == 200
    monkeypatch.setattr(ArticleDetailView, "get_object", unreachable)
    caches["default"].clear()

    answer = site.get(url)

    assert answer.status == 503 and "Storm over the harbour" not in answer.page


@pytest.mark.parametrize(
    "cookies",
    [
        {"sessionid": "a-session-key"},
        {"comment_author": "12:signature"},
        {"comment_edit": "12:signature"},
        {"csrftoken": A_CSRF_TOKEN, "sessionid": "a-session-key"},
    ],
    ids=["session", "comment-author", "comment-edit", "session-among-others"],
)
def test_a_reader_with_a_session_or_a_comment_of_their_own_bypasses_varnish(site, article, cookies):
    url = article.get_absolute_url()
    personal_first = site.get(url, cookies=cookies)
    anonymous = [site.get(url), site.get(url)]
    personal = site.get(url, cookies=cookies)

    assert (personal_first.cache, personal.cache) == ("PASS", "PASS")
    assert "private" in personal.headers["Cache-Control"]
    # The personal answer was not stored for the anonymous readers after it,
    # and the anonymous page stored then was not given to the personal reader.
    assert [answer.cache for answer in anonymous] == ["MISS", "HIT"]
    assert len(site.reached_django(url)) == 3
    # Django saw the reader's own cookies.
    assert site.reached_django(url)[-1]["HTTP_COOKIE"] == "; ".join(f"{k}={v}" for k, v in cookies.items())


def test_other_cookies_do_not_make_a_page_personal_but_django_still_sees_them(site, article):
    url = article.get_absolute_url()
    first = site.get(url, cookies={"csrftoken": A_CSRF_TOKEN, "_ga": "GA1.1.1"})
    others = [site.get(url), site.get(url, cookies={"csrftoken": "ZYXWVUTSRQPONMLKJIHGFEDCBA987654"})]

    assert [answer.cache for answer in (first, *others)] == ["MISS", "HIT", "HIT"]
    (seen,) = site.reached_django(url)
    assert seen["HTTP_COOKIE"] == f"csrftoken={A_CSRF_TOKEN}; _ga=GA1.1.1"


def test_an_answer_that_sets_a_cookie_is_never_stored_and_keeps_the_readers_csrf_cookie(site, article):
    token_url = f"/comments/form-token/{article.pk}/"
    fresh_reader = [site.get(token_url), site.get(token_url)]
    returning_reader = site.get(token_url, cookies={"csrftoken": A_CSRF_TOKEN})

    assert all(answer.cache != "HIT" for answer in (*fresh_reader, returning_reader))
    assert len(site.reached_django(token_url)) == 3
    # Each new reader got a cookie of their own, not a stored copy of another's.
    first_cookie, second_cookie = (answer.cookies()["csrftoken"] for answer in fresh_reader)
    assert first_cookie != second_cookie
    # A reader who has one keeps it: forms open in their other tabs stay valid.
    assert returning_reader.cookies().get("csrftoken", A_CSRF_TOKEN) == A_CSRF_TOKEN


def test_answers_django_does_not_mark_public_are_not_stored(site):
    """A 404 page or robots.txt may have been made with the reader's cookies: only `public` answers are shared."""
    for path in ("/robots.txt", "/no-such-story/"):
        answers = [site.get(path, cookies={"csrftoken": A_CSRF_TOKEN}), site.get(path)]
        assert "public" not in answers[0].headers.get("Cache-Control", ""), path
        assert [answer.cache for answer in answers] == ["PASS", "PASS"], path
        assert len(site.reached_django(path)) == 2, path


def test_a_comment_is_posted_through_varnish_with_all_its_cookies(site, article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_RATE_LIMITS = []
    url = article.get_absolute_url()
    assert [site.get(url).cache for _ in range(2)] == ["MISS", "HIT"]
    token = site.get(f"/comments/form-token/{article.pk}/")
    cookies = token.cookies() | {"_ga": "GA1.1.1"}
    form = {
        **json.loads(token.body),
        "article": str(article.pk),
        "comment": "The wall was built in 1887.",
        "name": "Grace",
        "email": "grace@example.org",
        "website": "",
        "subject": "",
        "parent": "",
    }

    posted = site.post("/comments/post/", form, cookies=cookies)

    assert posted.status == 303, posted.page
    assert posted.cache == "PASS"
    (seen,) = site.reached_django("/comments/post/", method="POST")
    assert seen["HTTP_COOKIE"] == "; ".join(f"{k}={v}" for k, v in cookies.items())
    assert Comment.objects.get().status == Comment.Status.PENDING
    cookies |= posted.cookies()
    own = site.get(url, cookies=cookies)
    assert own.cache == "PASS" and "Your comment is awaiting moderation." in own.page
    others = site.get(url)
    assert others.cache == "HIT" and "The wall was built in 1887." not in others.page


def test_gzip_clients_get_gzip_and_plain_clients_plain_html_from_one_copy(site, article):
    url = article.get_absolute_url()
    zipped = site.get(url, headers={"Accept-Encoding": BROWSER_ENCODINGS})
    plain = site.get(url)  # http.client asks for "identity"
    bare = site.request("GET", url, headers={"Accept-Encoding": ""})

    assert zipped.cache == "MISS" and zipped.headers["Content-Encoding"] == "gzip"
    assert (plain.cache, bare.cache) == ("HIT", "HIT")
    for answer in (plain, bare):
        assert "Content-Encoding" not in answer.headers
        assert answer.body.startswith(b"<!doctype html>") and b"Storm over the harbour" in answer.body
        assert answer.body == gzip.decompress(zipped.body)
    (seen,) = site.reached_django(url)
    assert seen["HTTP_ACCEPT_ENCODING"] == "gzip"


def test_a_stale_copy_is_served_while_django_is_down_or_failing_and_fresh_pages_once_it_is_back(
    site, settings, monkeypatch
):
    """With PAGE_CACHE_SECONDS=1, Surrogate-Control says max-age=1: a copy is past its
    lifetime after a second, and past the grace a healthy backend allows ten seconds later."""
    settings.PAGE_CACHE_SECONDS = 1
    sick, failing, never_stored = make_article(), make_article(), make_article()
    stored = {}
    for article in (sick, failing):
        answer = site.get(article.get_absolute_url())
        assert answer.cache == "MISS" and answer.headers.get("Age") == "0"
        stored[article] = answer.body
    past_grace = time.monotonic() + 1 + HEALTHY_GRACE_SECONDS + 0.5

    # The database goes away: Django answers 503 to every page.
    monkeypatch.setattr(ArticleDetailView, "get_object", unreachable)
    caches["default"].clear()
    Article.objects.filter(pk__in=[sick.pk, failing.pk]).update(title="Written during the outage")
    asked = {article: len(site.reached_django(article.get_absolute_url())) for article in (sick, failing)}

    # gunicorn stops answering too (its probe fails): Varnish asks it nothing for the pages it has.
    with monkeypatch.context() as down:
        time.sleep(max(0, past_grace - 2.5 - time.monotonic()))
        down.setitem(middleware.PROBES, "/healthz", lambda request: HttpResponse("down", status=503))
        assert wait_for(lambda: not site.varnish.backend_healthy(), timeout=5), "the probe never saw gunicorn down"
        time.sleep(max(0, past_grace - time.monotonic()))
        while_sick = site.get(sick.get_absolute_url())
        assert (while_sick.status, while_sick.cache) == (200, "STALE")
        assert while_sick.body == stored[sick]
        time.sleep(0.3)
        assert len(site.reached_django(sick.get_absolute_url())) == asked[sick]
        assert site.get(never_stored.get_absolute_url()).status == 503
        assert not site.reached_django(never_stored.get_absolute_url())

    # gunicorn answers again, but every page still fails: readers still get the stored copy.
    assert wait_for(site.varnish.backend_healthy, timeout=5), "the probe never saw gunicorn back"
    while_failing = site.get(failing.get_absolute_url())
    assert (while_failing.status, while_failing.cache) == (200, "STALE")
    assert while_failing.body == stored[failing]
    # Django was asked once, and not asked again in the background for the copy just served.
    time.sleep(0.3)
    assert len(site.reached_django(failing.get_absolute_url())) == asked[failing] + 1
    # Without a stored copy, Django's own 503 page.
    nothing_stored = site.get(never_stored.get_absolute_url())
    assert nothing_stored.status == 503 and "We are back in a moment." in nothing_stored.page

    # The database is back: fresh pages, not the stale copies.
    monkeypatch.undo()
    for article in (sick, failing):
        after = site.get(article.get_absolute_url())
        assert (after.status, after.cache) == (200, "MISS")
        assert "Written during the outage" in after.page


def test_request_bodies_reach_django_only_when_complete_and_never_too_large(site):
    body = urlencode({"comment": "x" * 30}).encode()
    with socket.create_connection(("127.0.0.1", site.varnish.port), timeout=10) as connection:
        connection.sendall(
            b"POST /comments/post/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n" + f"Content-Length: {len(body)}\r\n\r\n".encode()
        )
        for start in range(0, len(body), 15):
            time.sleep(0.3)
            # Taken before the last part leaves: on a loaded machine Django may see the body
            # before this process is scheduled again after sendall().
            last_part_sent_at = time.monotonic()
            connection.sendall(body[start : start + 15])
        answer = connection.recv(100)
    assert answer.startswith(b"HTTP/1.1 403 ")  # no CSRF token: Django's answer
    (seen,) = site.reached_django("/comments/post/", method="POST")
    assert seen["at"] >= last_part_sent_at, "Django was asked before the body was complete"

    # Refused at once, from its Content-Length, before a byte of it is read.
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", site.varnish.port), timeout=10) as connection:
        connection.sendall(b"POST /comments/post/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4000000\r\n\r\n")
        assert connection.recv(100).startswith(b"HTTP/1.1 413 ")
    assert time.monotonic() - started < 1
    assert len(site.reached_django("/comments/post/", method="POST")) == 1


def test_slow_clients_tie_up_nothing_and_are_cut_off_after_timeout_idle(site, article, live_server):
    """Ten clients send their request headers a byte at a time; Varnish keeps answering and closes them."""
    url = article.get_absolute_url()
    timeout_idle = float(site.varnish.parameters["timeout_idle"])
    results = {}

    def slow_client(n):
        request = f"GET /slow-{n}/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: {'a' * 40}\r\n\r\n".encode()
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", site.varnish.port), timeout=0.3) as connection:
            for byte in request:
                try:
                    connection.sendall(bytes([byte]))
                    if connection.recv(100) == b"":
                        results[n] = ("closed", time.monotonic() - started)
                        return
                except TimeoutError:
                    continue  # nothing yet: send the next byte
                except OSError:
                    results[n] = ("closed", time.monotonic() - started)
                    return
            results[n] = ("sent everything", time.monotonic() - started)

    clients = [threading.Thread(target=slow_client, args=(n,)) for n in range(10)]
    for client in clients:
        client.start()
    time.sleep(1)
    for _ in range(3):
        started = time.monotonic()
        answer = site.get(url)
        assert answer.status == 200 and time.monotonic() - started < 1
        started = time.monotonic()
        direct = http.client.HTTPConnection("127.0.0.1", urlsplit(live_server.url).port, timeout=5)
        try:
            direct.request("GET", "/healthz")
            assert direct.getresponse().status == 200 and time.monotonic() - started < 1
        finally:
            direct.close()
    for client in clients:
        client.join(timeout=timeout_idle + 5)

    assert sorted(results) == list(range(10))
    for outcome, seconds in results.values():
        assert outcome == "closed" and timeout_idle - 0.5 < seconds < timeout_idle + 2
    assert not [seen for seen in site.reached if seen["path"].startswith("/slow-")], "nothing reached Django"


def unreachable(view, queryset=None):
    raise OperationalError("connection to server failed")


def poll(get, until, timeout=2):
    """`get()` until its answer satisfies `until`, for at most `timeout` seconds: that answer, or None."""
    deadline = time.monotonic() + timeout
    while True:
        answer = get()
        if until(answer):
            return answer
        if time.monotonic() > deadline:
            return None
        time.sleep(0.05)


def wait_for(condition, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
