"""The freshness model in one process: what a change drops, what a key holds, what HTTP caches are told.

Several processes are tested in test_processes.py (real gunicorn workers);
here each rule is pinned where it is decided.
"""

import http.server
import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone, translation

from articles.models import Category
from articles.services import article_delete, article_save, article_unpublish, author_save, category_save
from articles.tests.factories import make_article, make_scheduled, make_user
from comments.models import Comment
from comments.services import comment_set_status
from comments.tests.factories import make_comment
from newsportal import freshness, http_purge

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return make_article(title="Harbour reopens after storm", slug="harbour-reopens")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what services announce, as a real commit would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def page_entries(cache_dir):
    return len(list(Path(cache_dir).glob("*.djcache")))


# --- keys that cannot be poisoned or flooded ------------------------------------------


FORGED = {"HTTP_HOST": "127.0.0.1:31337", "HTTP_X_FORWARDED_PROTO": "https"}


@pytest.mark.parametrize("path", ["/harbour-reopens/?x=1", "/?x=1", "/feed/", "/comments/feed/", "/sitemap.xml"])
def test_a_forged_host_never_reaches_other_readers(client, story, path, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    forged = client.get(path, **FORGED)
    assert forged.status_code == 200
    assert b"127.0.0.1:31337" in forged.content, "the forged request was answered with its own host"
    clean = client.get(path, HTTP_HOST="127.0.0.1")
    assert clean.status_code == 200
    assert b"31337" not in clean.content
    assert b"https://127.0.0.1" not in clean.content


def test_with_site_url_every_host_gets_the_public_addresses(client, story, settings):
    settings.SITE_URL = "https://news.example.com"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    forged = client.get("/harbour-reopens/", **FORGED).content.decode()
    assert '<link rel="canonical" href="https://news.example.com/harbour-reopens/">' in forged
    assert "31337" not in forged
    assert client.get("/harbour-reopens/", HTTP_HOST="127.0.0.1").content.decode() == forged


def test_parameters_that_do_not_change_the_page_store_nothing_new(
    client, story, _cache_of_the_test_run, django_assert_num_queries
):
    client.get("/harbour-reopens/")
    entries = page_entries(_cache_of_the_test_run)
    with django_assert_num_queries(0):
        for n in range(200):
            response = client.get(f"/harbour-reopens/?utm_source=x{n}&fbclid={n}")
            assert response.status_code == 200
    assert page_entries(_cache_of_the_test_run) == entries


def test_the_parameters_a_page_declares_take_part_in_one_spelling(client, story, _cache_of_the_test_run):
    for n in range(12):
        make_article(title=f"Filler {n}", published_at=timezone.now() - timedelta(days=n + 1))
    client.get("/?page=2")
    entries = page_entries(_cache_of_the_test_run)
    for spelling in ("/?page=2&utm_source=a", "/?utm_medium=b&page=2", "/?page=2&page=2", "/?page=02"):
        client.get(spelling)
    # "02" is not a page number in its one spelling: it is the canonical first page (one entry more).
    assert page_entries(_cache_of_the_test_run) == entries + 2


def test_search_words_are_one_entry_whatever_their_spacing(client, story, _cache_of_the_test_run):
    client.get("/search/", {"q": "harbour storm"})
    entries = page_entries(_cache_of_the_test_run)
    first = client.get("/search/", {"q": "  harbour   storm "})
    assert page_entries(_cache_of_the_test_run) == entries
    assert "Harbour reopens after storm" in first.content.decode()


# --- what a change drops --------------------------------------------------------------------


def test_a_title_edit_reaches_the_page_listings_and_feeds(client, story, on_commit):
    for url in ("/harbour-reopens/", "/", "/feed/"):
        assert "Harbour reopens after storm" in client.get(url).content.decode()
    story.title = "Harbour reopens to ferries"
    on_commit(article_save, article=story)
    for url in ("/harbour-reopens/", "/", "/feed/", f"/category/{story.category.slug}/"):
        page = client.get(url).content.decode()
        assert "Harbour reopens to ferries" in page, url
        assert "Harbour reopens after storm" not in page, url


def test_a_change_announces_nothing_before_its_transaction_commits(story, transactional_db):
    key = f"article-{story.pk}"
    before = freshness.current_tokens([key])
    with transaction.atomic():
        story.title = "Corrected"
        article_save(article=story)
        assert freshness.current_tokens([key]) == before, "a reader could store the old page under the new token"
    assert freshness.current_tokens([key]) != before


def test_a_change_rolled_back_announces_nothing(story, transactional_db):
    key = f"article-{story.pk}"
    before = freshness.current_tokens([key])
    with pytest.raises(RuntimeError), transaction.atomic():
        story.title = "Never saved"
        article_save(article=story)
        raise RuntimeError("the rest of the change failed")
    assert freshness.current_tokens([key]) == before


def test_an_approved_comment_reaches_the_thread_and_both_comment_feeds(client, story, on_commit):
    held = make_comment(story, body="Ferries are back on the timetable", status=Comment.Status.PENDING)
    urls = ("/harbour-reopens/", "/harbour-reopens/feed/", "/comments/feed/")
    for url in urls:
        assert "Ferries are back" not in client.get(url).content.decode()
    on_commit(comment_set_status, comments=Comment.objects.filter(pk=held.pk), status=Comment.Status.APPROVED)
    for url in urls:
        assert "Ferries are back" in client.get(url).content.decode(), url


def test_a_comment_redacted_in_the_admin_is_gone_at_once(client, story, on_commit):
    comment = make_comment(story, body="Call me on 555-0100 for tickets")
    moderator = make_user(is_staff=True, is_superuser=True)
    urls = ("/harbour-reopens/", "/harbour-reopens/feed/", "/comments/feed/")
    for url in urls:
        assert "555-0100" in client.get(url).content.decode()
    admin = type(client)()
    admin.force_login(moderator)
    change = f"/admin/comments/comment/{comment.pk}/change/"
    data = {"name": comment.name, "email": comment.email, "website": "", "body": "[removed]", "status": "approved"}
    response = on_commit(admin.post, change, data)
    assert response.status_code == 302, response.content.decode()[:500]
    for url in urls:
        assert "555-0100" not in client.get(url).content.decode(), url


def test_a_comment_trashed_leaves_every_page_that_showed_it(client, story, on_commit):
    comment = make_comment(story, body="An unkind remark")
    assert "An unkind remark" in client.get("/harbour-reopens/").content.decode()
    on_commit(comment_set_status, comments=Comment.objects.filter(pk=comment.pk), status=Comment.Status.TRASH)
    assert "An unkind remark" not in client.get("/harbour-reopens/").content.decode()
    assert "An unkind remark" not in client.get("/comments/feed/").content.decode()


def test_an_unpublished_or_deleted_article_leaves_every_listing(client, story, on_commit):
    other = make_article(title="Bridge repairs begin", slug="bridge-repairs")
    for url in ("/", "/feed/", "/sitemap-articles.xml", "/bridge-repairs/"):
        assert "harbour-reopens" in client.get(url).content.decode(), url
    on_commit(article_unpublish, articles=type(story).objects.filter(pk=story.pk))
    assert client.get("/harbour-reopens/").status_code == 404
    for url in ("/", "/feed/", "/sitemap-articles.xml", "/bridge-repairs/"):
        assert "harbour-reopens" not in client.get(url).content.decode(), url
    on_commit(article_delete, articles=type(other).objects.filter(pk=other.pk))
    assert "Bridge repairs begin" not in client.get("/").content.decode()


def test_a_renamed_category_is_renamed_in_every_menu(client, story, on_commit):
    category = story.category
    assert category.name in client.get("/harbour-reopens/").content.decode()
    category.name = "Coast and Harbours"
    on_commit(category_save, category=category)
    for url in ("/", "/harbour-reopens/", f"/category/{category.slug}/"):
        assert "Coast and Harbours" in client.get(url).content.decode(), url


def footer(page):
    return page[page.index('<footer class="site-footer">') :]


def also_like(page):
    return page[page.index('<section class="also-like"') : page.index("</section>", page.index('class="also-like"'))]


def test_cards_and_footer_items_kept_written_out_change_on_every_page_that_shows_them(client, story, on_commit):
    """The chrome's footer items and "You may also like" are kept as HTML, once for every page that
    shows them: a change to what such an item shows (the article, its author, its category) reaches
    every one of those pages at once."""
    neighbour = make_article(title="Ferries run again", slug="ferries-run-again", category=story.category)
    elsewhere = make_article(title="Markets calm", slug="markets-calm")
    pages = ["/harbour-reopens/", "/", "/markets-calm/", f"/category/{elsewhere.category.slug}/"]
    for url in pages:
        assert "Ferries run again" in footer(client.get(url).content.decode()), url
    assert "Ferries run again" in also_like(client.get("/harbour-reopens/").content.decode())

    neighbour.title = "Ferries run to the islands again"
    on_commit(article_save, article=neighbour)
    for url in pages:
        page = footer(client.get(url).content.decode())
        assert "Ferries run to the islands again" in page and "Ferries run again<" not in page, url
    assert "Ferries run to the islands again" in also_like(client.get("/harbour-reopens/").content.decode())

    author = neighbour.author
    author.name = "Mara Quill"
    on_commit(author_save, author=author)
    assert "Mara Quill" in also_like(client.get("/harbour-reopens/").content.decode())

    category = story.category
    category.name = "Coast and Harbours"
    on_commit(category_save, category=category)
    # The card's label, and the footer item's placeholder picture (these stories have no image of their own).
    assert "Coast and Harbours</a>" in also_like(client.get("/harbour-reopens/").content.decode())
    for url in pages:
        assert "Coast and Harbours</span>" in footer(client.get(url).content.decode()), url


def test_fragments_written_out_are_kept_once_per_language(client, story, django_assert_num_queries):
    """The chrome and "You may also like" hold text in the reader's language: one entry each per language."""
    from articles.chrome import site_chrome

    with translation.override("en"):
        site_chrome()
        with django_assert_num_queries(0):
            site_chrome()
    with translation.override("fr"), django_assert_num_queries(2):
        site_chrome()


def test_a_new_category_joins_the_menu_with_its_first_public_story(client, story, on_commit):
    client.get("/")
    weather = Category(name="Weather", slug="weather", menu_order=9)
    on_commit(category_save, category=weather)
    assert 'href="/category/weather/"' not in client.get("/").content.decode(), "an empty section is not shown"
    forecast = make_article(title="Frost tonight", slug="frost-tonight", category=weather, status="draft")
    forecast.status = "published"
    on_commit(article_save, article=forecast)
    assert 'href="/category/weather/"' in client.get("/").content.decode()


# --- what HTTP caches are told ---------------------------------------------------------------


def test_shared_pages_name_what_they_show(client, story):
    comment_key = f"comments-{story.pk}"
    response = client.get("/harbour-reopens/")
    keys = set(response["xkey"].split())
    assert {f"article-{story.pk}", comment_key, f"category-{story.category_id}", "list"} <= keys
    assert response["Surrogate-Key"] == response["xkey"]
    assert "Surrogate-Control" not in response, "no cache is purged: only s-maxage applies"
    home = set(client.get("/").get("xkey", "").split())
    assert f"article-{story.pk}" in home and comment_key in home


def test_purged_caches_may_keep_pages_longer_and_private_pages_name_nothing(client, story, settings):
    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    shared = client.get("/harbour-reopens/")
    assert shared["Surrogate-Control"] == f"max-age={settings.PAGE_CACHE_SECONDS}"
    assert "s-maxage=10" in shared["Cache-Control"]
    client.force_login(make_user(username="reader"))
    private = client.get("/harbour-reopens/")
    assert "private" in private["Cache-Control"]
    assert "xkey" not in private and "Surrogate-Control" not in private


def test_no_cache_keeps_a_page_past_the_time_a_scheduled_article_comes_due(client, story, settings):
    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    make_scheduled(title="Results at noon", published_at=timezone.now() + timedelta(seconds=5))
    response = client.get("/")
    max_age = int(response["Surrogate-Control"].removeprefix("max-age="))
    assert 0 <= max_age <= 5
    assert "s-maxage=5" in response["Cache-Control"] or "s-maxage=4" in response["Cache-Control"]


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """A real HTTP cache's purge endpoint: records each PURGE; refuses the first `refusals`."""

    received = []
    refusals = 0

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        cls = type(self)
        if cls.refusals:
            cls.refusals -= 1
            self.send_response(503)
        else:
            cls.received.append(self.headers["xkey-purge"].split())
            self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_endpoint(settings):
    PurgeRecorder.received, PurgeRecorder.refusals = [], 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.HTTP_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    settings.PURGE_RETRY_DELAYS = [0.2, 0.2]
    yield PurgeRecorder
    server.shutdown()


def wait_for(condition, seconds=5):
    deadline = timezone.now() + timedelta(seconds=seconds)
    while timezone.now() < deadline:
        if condition():
            return True
        threading.Event().wait(0.05)
    return condition()


def test_a_change_is_purged_at_every_http_cache(story, on_commit, purge_endpoint):
    story.title = "Harbour reopens to ferries"
    on_commit(article_save, article=story)
    assert wait_for(lambda: any(f"article-{story.pk}" in keys for keys in purge_endpoint.received))


def test_a_refused_purge_is_tried_again(story, purge_endpoint, on_commit):
    purge_endpoint.refusals = 1
    story.title = "Second try"
    on_commit(article_save, article=story)
    assert wait_for(lambda: purge_endpoint.received), "the purge was not tried again after a 503"
    assert f"article-{story.pk}" in purge_endpoint.received[0]


def test_an_unreachable_http_cache_never_slows_or_breaks_a_save(story, settings, on_commit):
    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]  # the discard port: nothing listens
    started = timezone.now()
    story.title = "Saved all the same"
    on_commit(article_save, article=story)
    assert timezone.now() - started < timedelta(seconds=1)
    story.refresh_from_db()
    assert story.title == "Saved all the same"


def test_purges_queued_by_a_command_are_sent_before_it_exits(purge_endpoint):
    http_purge.purge({"article-1"})
    http_purge._flush_before_exit()
    # Once, and once more a moment later for a page that was on its way into the cache.
    assert purge_endpoint.received == [["article-1"], ["article-1"]]


# --- the primitives ---------------------------------------------------------------------------


def test_an_entry_built_while_something_changed_is_not_stored():
    found = freshness.lookup("test:entry")
    freshness.publish({"article-1"})
    deps = freshness.Dependencies(keys={"article-1"})
    assert freshness.store("test:entry", "old rows", deps, started=found.clock, timeout=60) is None
    assert not freshness.lookup("test:entry").found


def test_an_entry_is_current_until_one_of_its_keys_changes():
    found = freshness.lookup("test:entry")
    deps = freshness.Dependencies(keys={"article-1", "list"})
    assert freshness.store("test:entry", "page", deps, started=found.clock, timeout=60) is not None
    freshness.publish({"article-2"})
    assert freshness.lookup("test:entry").value == "page", "another article's change keeps it"
    freshness.publish({"list"})
    assert not freshness.lookup("test:entry").found


def test_a_fragment_passes_its_age_on_to_the_page_that_shows_it():
    """A page stored after a fragment came from the cache is as old as the fragment."""

    class Request:
        pass

    built = []

    def build():
        built.append(1)
        return "chrome", {"list"}

    freshness.cached("test:fragment", build, timeout=60)
    fragment_tokens = freshness.current_tokens(["list"])
    request = Request()
    assert freshness.cached("test:fragment", build, request=request, timeout=60) == "chrome"
    assert built == [1]
    assert freshness.dependencies(request).pinned == fragment_tokens
    assert json.dumps(sorted(freshness.dependencies(request).keys)) == '["list"]'


def test_an_address_with_dropped_parameters_is_no_copy_of_its_own_at_http_caches(client, story, settings):
    """HTTP caches key by the address as sent; only the canonical one may be kept there."""
    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    for url in ("/harbour-reopens/?utm_source=x1", "/harbour-reopens/?utm_source=x2"):
        response = client.get(url)
        assert response.status_code == 200
        assert "s-maxage=0" in response["Cache-Control"]
        assert "Surrogate-Control" not in response
    assert "s-maxage=10" in client.get("/harbour-reopens/")["Cache-Control"]


def test_purged_caches_keep_a_page_no_longer_than_our_copy_lives(settings):
    from django.http import HttpResponse

    from newsportal.page_cache import add_shared_cache_headers

    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    aged = HttpResponse()
    add_shared_cache_headers(aged, age=100)
    assert aged["Surrogate-Control"] == f"max-age={settings.PAGE_CACHE_SECONDS - 100}"
    unnamed = HttpResponse()
    add_shared_cache_headers(unnamed, purgeable=False)
    assert "Surrogate-Control" not in unnamed, "a page that names nothing cannot be purged"


def test_while_another_process_announces_what_came_due_the_stored_page_is_not_served(client, story):
    """The first process past the due time announces it; the others must not serve what they stored before."""
    due = make_scheduled(title="Results at noon", published_at=timezone.now() + timedelta(seconds=1))
    assert "Results at noon" not in client.get("/").content.decode()
    threading.Event().wait(1.2)
    from django.core.cache import cache

    assert cache.add(freshness.NEXT_DUE_LOCK, 1, 30), "nobody else holds the lock in this test"
    try:
        assert "Results at noon" in client.get("/").content.decode()
    finally:
        cache.delete(freshness.NEXT_DUE_LOCK)
    assert due.get_absolute_url() in client.get("/").content.decode()


def test_an_article_comment_feed_without_comments_follows_its_article(client, story, on_commit):
    assert "Comments on: Harbour reopens after storm" in client.get("/harbour-reopens/feed/").content.decode()
    story.title = "Harbour reopens to ferries"
    on_commit(article_save, article=story)
    assert "Comments on: Harbour reopens to ferries" in client.get("/harbour-reopens/feed/").content.decode()
    on_commit(article_unpublish, articles=type(story).objects.filter(pk=story.pk))
    assert client.get("/harbour-reopens/feed/").status_code == 404
