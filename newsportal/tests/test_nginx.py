"""docs/nginx.conf in front of the site: the micro-cache, what bypasses it, the headers, static files.

The real nginx runs the configuration as docs/OPERATIONS.md gives it (only
its ports and directories are swapped, by tools/nginx_local.py) in front of
Django's live server, and every test talks HTTP to nginx. Each test gets an
nginx of its own with an empty cache. What reached Django is recorded from
Django's request_started signal, so a test can tell an answer nginx gave
from its cache from one Django made.

Skipped when nginx is not installed (`apt-get install nginx-light`), unless
NGINX_TESTS=required, as CI sets: then a missing nginx fails.
"""

import gzip
import io
import json
import os
import re
import time
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_started
from django.db import OperationalError
from django.test import Client

from articles.tests.factories import make_article, make_user
from articles.views import ArticleDetailView
from comments.models import Comment
from newsportal.tests.through_proxy import ProxiedSite
from tools.nginx_local import LocalNginx, nginx_installed

# The live server listens on the IPv4 loopback, where the configuration's upstream points.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

NO_NGINX = None
if not nginx_installed():
    NO_NGINX = "nginx not found: install it with `apt-get install nginx-light` to run the nginx tests"
# CI sets NGINX_TESTS=required: there a missing nginx is a failure, not a skip.
REQUIRED = os.environ.get("NGINX_TESTS") == "required"

BROWSER_ENCODINGS = "gzip, deflate, br"
STATIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
# What Django says of a shared page (PAGE_CACHE_SHARED_SECONDS=10).
SHARED = "s-maxage=10, stale-while-revalidate=30"


@pytest.fixture(autouse=True)
def _nginx_installed():
    if NO_NGINX:
        if REQUIRED:
            pytest.fail(f"{NO_NGINX} (NGINX_TESTS=required)", pytrace=False)
        pytest.skip(NO_NGINX)


@pytest.fixture
def site(live_server):
    with LocalNginx(upstream_port=urlsplit(live_server.url).port) as nginx:
        site = ProxiedSite(nginx.listen_port, cache_header="X-Cache-Status")
        site.nginx = nginx
        request_started.connect(site.record, weak=False)
        try:
            yield site
        finally:
            request_started.disconnect(site.record)


@pytest.fixture
def article():
    return make_article(title="Storm over the harbour", body="<p>The harbour wall held through the night.</p>")


def test_an_anonymous_page_is_asked_of_django_once_then_served_from_the_cache(site, article):
    url = article.get_absolute_url()
    first = site.get(url)
    second = site.get(url)

    assert first.status == 200 and "Storm over the harbour" in first.page
    assert (first.cache, second.cache) == ("MISS", "HIT")
    assert second.body == first.body
    assert len(site.reached_django(url)) == 1
    for answer in (first, second):
        # Django's own header, once: nginx adds none to pages.
        assert answer.all("Cache-Control") == [f"public, max-age=0, {SHARED}"]
        assert not answer.all("Set-Cookie")


def test_gzip_and_plain_clients_each_get_their_own_copy(site, article):
    url = article.get_absolute_url()
    zipped = site.get(url, headers={"Accept-Encoding": BROWSER_ENCODINGS})
    plain = site.get(url)  # http.client asks for "identity"

    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers, "a gzip copy in the cache must not reach a plain client"
    assert plain.cache == "MISS"
    assert gzip.decompress(zipped.body) == plain.body
    assert "Storm over the harbour" in plain.page
    # Django was asked once per encoding, with Accept-Encoding reduced to what matters.
    assert [seen.get("HTTP_ACCEPT_ENCODING") for seen in site.reached_django(url)] == ["gzip", None]

    # Each later client gets the copy for what it accepts, however it spells it.
    for accept_encoding, expect_gzip in [
        ("gzip", True),
        ("deflate, gzip;q=0.8", True),
        ("br", False),
        ("identity", False),
        ("gzip;q=0", False),
        ("gzip; q=0.000, deflate", False),
        ("gzip;q=0, *", False),
        ("*;q=0", False),
        ("*", True),
        ("x-gzip", True),
        ("identity;q=0, gzip;q=0.5", True),
    ]:
        answer = site.get(url, headers={"Accept-Encoding": accept_encoding})
        assert answer.cache == "HIT", accept_encoding
        assert (answer.headers.get("Content-Encoding") == "gzip") == expect_gzip, accept_encoding
        assert answer.body == (zipped.body if expect_gzip else plain.body)
    assert len(site.reached_django(url)) == 2
    assert "Accept-Encoding" in zipped.headers["Vary"]


@pytest.mark.parametrize(
    "cookies",
    [
        {"sessionid": "a-session-key"},
        {"comment_author": "12:signature"},
        {"comment_edit": "12:signature"},
        {"csrftoken": "a-token", "sessionid": "a-session-key"},
    ],
    ids=["session", "comment-author", "comment-edit", "session-among-others"],
)
def test_a_reader_with_a_session_or_a_comment_of_their_own_bypasses_the_cache(site, article, cookies):
    url = article.get_absolute_url()
    personal_first = site.get(url, cookies=cookies)
    anonymous = [site.get(url), site.get(url)]
    personal = site.get(url, cookies=cookies)

    assert personal_first.cache == "BYPASS" and personal.cache == "BYPASS"
    assert "private" in personal.headers["Cache-Control"]
    # The personal answer was not stored for the anonymous readers after it,
    # and the anonymous page stored then was not given to the personal reader.
    assert [answer.cache for answer in anonymous] == ["MISS", "HIT"]
    assert len(site.reached_django(url)) == 3


def test_a_csrf_cookie_alone_does_not_make_a_page_personal(site, article):
    url = article.get_absolute_url()
    site.get(url)

    answer = site.get(url, cookies={"csrftoken": "a-token"})

    assert answer.cache == "HIT"


def test_a_signed_in_reader_never_gets_the_shared_page(site, article):
    url = article.get_absolute_url()
    reader = Client()
    reader.force_login(make_user(username="ada", first_name="Ada", last_name="Reader"))
    session = {"sessionid": reader.cookies["sessionid"].value}
    shared = [site.get(url), site.get(url)]
    assert [answer.cache for answer in shared] == ["MISS", "HIT"]

    signed_in = site.get(url, cookies=session)
    after = site.get(url)

    assert signed_in.cache == "BYPASS"
    assert "Logged in as Ada Reader." in signed_in.page
    assert "private" in signed_in.headers["Cache-Control"]
    assert after.cache == "HIT" and after.body == shared[0].body
    assert "Logged in as" not in after.page


def test_no_answer_to_a_reader_with_a_session_is_stored_even_one_without_cache_control(site):
    """Django marks personal pages private; nginx stores nothing for such a reader anyway."""
    personal = site.get("/robots.txt", cookies={"sessionid": "a-session-key"})
    anonymous = site.get("/robots.txt")

    assert personal.status == 200 and personal.cache == "BYPASS"
    assert not personal.all("Cache-Control") and not personal.all("Set-Cookie")
    assert anonymous.cache == "MISS"


def test_a_comment_is_posted_through_nginx_and_only_its_author_sees_it_while_held(site, article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_RATE_LIMITS = []
    url = article.get_absolute_url()
    shared = [site.get(url), site.get(url)]
    assert [answer.cache for answer in shared] == ["MISS", "HIT"]

    # comments.js asks for the reader's own tokens: an answer that sets a cookie and is never stored.
    token_url = f"/comments/form-token/{article.pk}/"
    token_answers = [site.get(token_url), site.get(token_url)]
    assert [answer.cache for answer in token_answers] == ["MISS", "MISS"]
    assert len(site.reached_django(token_url)) == 2
    cookies = token_answers[-1].cookies()
    form = {
        **json.loads(token_answers[-1].body),
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
    assert posted.cache is None
    assert Comment.objects.get().status == Comment.Status.PENDING
    cookies |= posted.cookies()
    assert "comment_author" in cookies
    own = site.get(url, cookies=cookies)
    assert own.cache == "BYPASS"
    assert "The wall was built in 1887." in own.page and "Your comment is awaiting moderation." in own.page
    others = site.get(url)
    assert others.cache == "HIT" and "The wall was built in 1887." not in others.page

    # The same comment again: refused (409) by Django each time, never from a cache.
    again = [site.post("/comments/post/", form, cookies=cookies) for _ in range(2)]
    assert [answer.status for answer in again] == [409, 409]
    assert len(site.reached_django("/comments/post/", method="POST")) == 3


def test_a_refused_post_is_never_served_from_the_cache(site, article):
    form = {"article": str(article.pk), "comment": "No token.", "name": "Mallory", "email": "m@example.org"}

    answers = [site.post("/comments/post/", form) for _ in range(2)]

    assert [answer.status for answer in answers] == [403, 403]  # no CSRF token
    assert all(answer.cache is None for answer in answers)
    assert len(site.reached_django("/comments/post/", method="POST")) == 2


def test_pages_are_kept_as_long_as_django_says_and_other_answers_one_second(site, article):
    """Django's s-maxage (10 s) wins over proxy_cache_valid (1 s), which covers answers without Cache-Control."""
    page, robots, missing = article.get_absolute_url(), "/robots.txt", "/no-such-story/"
    for path in (page, robots, missing):
        first, second = site.get(path), site.get(path)
        assert (first.cache, second.cache) == ("MISS", "HIT"), path
        assert first.all("Cache-Control") == ([] if path != page else [f"public, max-age=0, {SHARED}"]), path

    time.sleep(2.2)  # nginx counts whole seconds: "1 s" ends when its clock has moved on by two

    assert site.get(page).cache == "HIT"
    assert site.get(robots).cache == "EXPIRED"
    assert site.get(missing).cache == "EXPIRED"
    assert [len(site.reached_django(path)) for path in (page, robots, missing)] == [1, 2, 2]


def test_a_stale_page_is_served_while_django_is_asked_or_failing_but_otherwise_only_as_long_as_it_allows(
    site, settings, monkeypatch
):
    """With PAGE_CACHE_SHARED_SECONDS=1, pages say s-maxage=1, stale-while-revalidate=3."""
    settings.PAGE_CACHE_SHARED_SECONDS = 1
    busy, quiet, failing = (make_article() for _ in range(3))
    stored = {}
    for article in (busy, quiet, failing):
        answer = site.get(article.get_absolute_url())
        assert answer.cache == "MISS"
        assert "s-maxage=1, stale-while-revalidate=3" in answer.headers["Cache-Control"]
        stored[article] = answer.body

    time.sleep(2.2)
    stale = site.get(busy.get_absolute_url())
    assert stale.cache == "STALE", "served at once, while one request asks Django in the background"
    assert stale.body == stored[busy]
    assert wait_for(lambda: site.get(busy.get_absolute_url()).cache == "HIT")
    assert len(site.reached_django(busy.get_absolute_url())) == 2

    time.sleep(4.5)  # the other two are now past their stale-while-revalidate window
    assert site.get(quiet.get_absolute_url()).cache == "EXPIRED", "too old: the reader waits for Django"

    # The database goes away: Django answers 503, and nginx keeps answering with its copy.
    def unreachable(view, queryset=None):
        raise OperationalError("connection to server failed")

    monkeypatch.setattr(ArticleDetailView, "get_object", unreachable)
    caches["default"].clear()
    during_outage = site.get(failing.get_absolute_url())
    assert during_outage.status == 200 and during_outage.cache == "STALE"
    assert during_outage.body == stored[failing]
    assert len(site.reached_django(failing.get_absolute_url())) == 2


def test_the_proxy_headers_reach_django(site, article, site_log):
    url = article.get_absolute_url()
    answer = site.get(
        url,
        headers={
            "X-Forwarded-For": "203.0.113.9",
            "X-Forwarded-Proto": "https",
            "X-Request-ID": "chosen-by-the-client",
            "Host": "localhost",
        },
    )
    (seen,) = site.reached_django(url)

    # The client's claim, then the address nginx saw: client_ip() takes the last one.
    assert seen["HTTP_X_FORWARDED_FOR"] == "203.0.113.9, 127.0.0.1"
    # nginx says how it was reached, whatever the client claimed.
    assert seen["HTTP_X_FORWARDED_PROTO"] == "http"
    assert seen["HTTP_HOST"] == "localhost"
    # nginx's own request id replaces the client's; Django logs it and sends it back.
    request_id = seen["HTTP_X_REQUEST_ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert answer.all("X-Request-ID") == [request_id]
    assert f"[{request_id}] GET {url} 200" in site_log.getvalue()


def test_a_cached_answer_carries_the_id_of_its_own_request(site, article):
    url = article.get_absolute_url()
    answers = [site.get(url) for _ in range(3)]

    assert [answer.cache for answer in answers] == ["MISS", "HIT", "HIT"]
    ids = [answer.all("X-Request-ID") for answer in answers]
    assert all(len(found) == 1 for found in ids)
    assert len({found[0] for found in ids}) == 3
    assert ids[0] == [site.reached_django(url)[0]["HTTP_X_REQUEST_ID"]]


def test_the_cache_status_is_sent_on_every_answer_a_404_too(site):
    answers = [site.get("/no-such-story/") for _ in range(2)]

    assert [answer.status for answer in answers] == [404, 404]
    assert [answer.cache for answer in answers] == ["MISS", "HIT"]


def test_static_files_are_served_by_nginx_with_one_far_future_cache_control(site):
    css = site.nginx.static_root / "css"
    css.mkdir()
    (css / "site.0123456789ab.css").write_text("body { color: #111; }\n" * 50)
    (css / "site.0123456789ab.css.gz").write_bytes(gzip.compress((css / "site.0123456789ab.css").read_bytes()))

    plain = site.get("/static/css/site.0123456789ab.css")
    zipped = site.get("/static/css/site.0123456789ab.css", headers={"Accept-Encoding": BROWSER_ENCODINGS})
    # A file Django would serve (it is in static/) but that was not collected for nginx.
    not_collected = site.get("/static/css/site.css")

    assert plain.status == 200 and plain.page == "body { color: #111; }\n" * 50
    assert plain.headers["Content-Type"] == "text/css"
    assert zipped.headers["Content-Encoding"] == "gzip" and zipped.page == plain.page
    for answer in (plain, zipped):
        assert answer.all("Cache-Control") == [STATIC_CACHE_CONTROL]
        assert "Expires" not in answer.headers
    assert not_collected.status == 404
    assert not [seen for seen in site.reached if seen["path"].startswith("/static/")], "nginx alone serves /static/"


def wait_for(condition, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_uploads_are_served_by_nginx_renditions_for_good_and_originals_for_an_hour(site, settings):
    from PIL import ExifTags, Image

    from articles.images import RENDITION_CACHE_CONTROL, UPLOAD_CACHE_CONTROL, article_make_renditions
    from articles.tests.factories import camera_photo

    settings.MEDIA_ROOT = site.nginx.media_root
    story = make_article(
        title="Flooded streets",
        featured_image=SimpleUploadedFile("IMG_1.jpg", camera_photo()),
        featured_image_alt="Boats",
    )
    article_make_renditions(story)
    page = site.get(story.get_absolute_url()).page
    shared = re.search(r'<meta property="og:image" content="http://[^/]+(/media/[^"]+)"', page).group(1)
    rendition = site.get(shared)
    original = site.get(story.featured_image.url)
    missing = site.get("/media/articles/renditions/none-0000-160w.jpg")

    assert "/renditions/" in shared
    assert rendition.status == 200 and rendition.headers["Content-Type"] == "image/jpeg"
    assert rendition.all("Cache-Control") == [RENDITION_CACHE_CONTROL] == [STATIC_CACHE_CONTROL]
    assert original.status == 200 and original.all("Cache-Control") == [UPLOAD_CACHE_CONTROL]
    for answer, path in ((rendition, shared), (original, story.featured_image.url)):
        assert answer.body == (site.nginx.media_root / path.removeprefix("/media/")).read_bytes()
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert b"GPS" not in answer.body
        with Image.open(io.BytesIO(answer.body)) as image:
            assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert missing.status == 404
    assert not [seen for seen in site.reached if seen["path"].startswith("/media/")], "nginx alone serves /media/"


# --- Request bodies -----------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_by_nginx_before_django_sees_it(site):
    from newsportal.tests.test_request_body import MB, multipart, raw_post

    body, content_type = multipart(b"x" * (30 * MB), username="isaac", password="x")
    for path in ("/accounts/login/", "/admin/login/", "/comments/post/", "/admin/articles/article/add/"):
        status, _ = raw_post(site.nginx.url, path, body, content_type)
        assert status == 413, path
        assert not site.reached_django(path, method="POST"), path


def test_the_admin_upload_forms_take_a_larger_body_through_nginx(site):
    from newsportal.tests.test_request_body import MB, multipart, raw_post

    body, content_type = multipart(b"x" * (10 * MB), title="A big picture")
    add = "/admin/articles/article/add/"
    status, _ = raw_post(site.nginx.url, add, body, content_type)
    assert status != 413
    assert len(site.reached_django(add, method="POST")) == 1
    # The same body anywhere else is too large.
    status, _ = raw_post(site.nginx.url, "/accounts/login/", body, content_type)
    assert status == 413
    assert not site.reached_django("/accounts/login/", method="POST")


def test_a_chunked_body_over_the_limit_is_refused_by_nginx(site):
    import socket

    chunk = b"x" * 65536
    with socket.create_connection(("127.0.0.1", site.nginx.listen_port), timeout=10) as connection:
        connection.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
        )
        try:
            for _ in range(80):  # 5 MB
                connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            connection.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # refused while sending
        answer = b""
        try:
            while data := connection.recv(65536):
                answer += data
        except ConnectionResetError:
            pass
    assert answer.split(b"\r\n", 1)[0].split()[1] == b"413"
    assert not site.reached_django("/accounts/login/", method="POST")


# --- Compression under a stock http block --------------------------------------------

STOCK_GZIP = (
    "gzip on; gzip_vary on; gzip_proxied any; gzip_comp_level 6; gzip_min_length 0;"
    " gzip_types text/html text/plain text/css application/json application/xml application/rss+xml;"
)


@pytest.fixture
def stock_site(live_server):
    """docs/nginx.conf under an http block like Debian's, with gzip switched on (and made eager)."""
    with LocalNginx(upstream_port=urlsplit(live_server.url).port, extra_server=STOCK_GZIP) as nginx:
        site = ProxiedSite(nginx.listen_port, cache_header="X-Cache-Status")
        site.nginx = nginx
        yield site


def test_under_a_stock_gzip_on_a_signed_in_page_is_never_compressed(stock_site, article):
    reader = Client()
    reader.force_login(make_user(username="ada", first_name="Ada", last_name="Reader"))
    session = {"sessionid": reader.cookies["sessionid"].value}
    headers = {"Accept-Encoding": BROWSER_ENCODINGS}

    signed_in = stock_site.get(article.get_absolute_url(), cookies=session, headers=headers)
    sign_in_form = stock_site.get("/accounts/login/", headers=headers)
    public = stock_site.get(article.get_absolute_url(), headers=headers)

    assert "Logged in as Ada Reader." in signed_in.page
    assert "Content-Encoding" not in signed_in.headers, "a page for one reader is never compressed (BREACH)"
    assert "csrfmiddlewaretoken" in sign_in_form.page
    assert "Content-Encoding" not in sign_in_form.headers, "a form with a CSRF token is never compressed"
    assert public.headers["Content-Encoding"] == "gzip", "a shared page still is"
    assert "Storm over the harbour" in gzip.decompress(public.body).decode()
