import gzip
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.services import article_save
from articles.tests.factories import make_article, make_scheduled
from newsportal import freshness

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return make_article(title="Harbour reopens after storm", slug="harbour-reopens")


def test_anonymous_readers_share_one_rendering(client, story, django_assert_num_queries):
    first = client.get("/harbour-reopens/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get("/harbour-reopens/")
    assert second.content == first.content


def test_each_answer_says_whether_it_came_from_the_page_cache(client, story):
    assert client.get("/harbour-reopens/")["X-Page-Cache"] == "MISS"
    assert client.get("/harbour-reopens/")["X-Page-Cache"] == "HIT"
    freshness.publish({f"article-{story.pk}"})
    assert client.get("/harbour-reopens/")["X-Page-Cache"] == "MISS"


def test_shared_pages_carry_cache_headers_and_no_cookie(client, story):
    for response in (client.get("/harbour-reopens/"), client.get("/harbour-reopens/")):
        assert "public" in response["Cache-Control"]
        assert "s-maxage=" in response["Cache-Control"]
        assert "stale-while-revalidate=" in response["Cache-Control"]
        assert not response.cookies
        assert response["Content-Security-Policy"]


def test_conditional_get_answers_304(client, story):
    etag = client.get("/harbour-reopens/")["ETag"]
    assert client.get("/harbour-reopens/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/", headers={"if-none-match": etag}).status_code == 200


@pytest.mark.parametrize("visit", ["first", "repeat"])
def test_browsers_that_accept_gzip_get_the_same_page_compressed(client, story, visit):
    plain = client.get("/harbour-reopens/")
    if visit == "first":
        freshness.publish({f"article-{story.pk}"})
    packed = client.get("/harbour-reopens/", headers={"accept-encoding": "gzip, deflate, br"})
    plain = client.get("/harbour-reopens/")  # the rendering stored with `packed`
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 3
    for response in (plain, packed):
        assert "Accept-Encoding" in response["Vary"], "shared caches must keep the two apart"
    assert "Content-Encoding" not in plain
    assert packed["ETag"] == "W/" + plain["ETag"]


def test_a_compressed_page_answers_304_to_its_own_etag(client, story):
    packed = client.get("/harbour-reopens/", headers={"accept-encoding": "gzip"})
    again = client.get("/harbour-reopens/", headers={"accept-encoding": "gzip", "if-none-match": packed["ETag"]})
    assert again.status_code == 304


def test_pages_for_one_reader_are_never_compressed(client, story, django_user_model):
    """Their HTML may carry a CSRF token: compressing it alongside text an attacker chooses is BREACH."""
    client.force_login(django_user_model.objects.create_user("reader", password="pw-for-the-test-only"))
    response = client.get("/harbour-reopens/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"Harbour reopens after storm" in response.content


def test_editing_an_article_refreshes_every_page(client, story, django_capture_on_commit_callbacks):
    assert "Harbour reopens after storm" in client.get("/").content.decode()
    story.title = "Harbour reopens to ferries"
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=story)
    assert "Harbour reopens to ferries" in client.get("/").content.decode()
    assert "Harbour reopens to ferries" in client.get("/harbour-reopens/").content.decode()


def test_you_may_also_like_is_shared_by_a_category_and_never_stale(
    client, story, django_capture_on_commit_callbacks, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the list's own cache entry, not the pages'
    neighbour = make_article(title="Ferries run again", slug="ferries-run-again", category=story.category)

    def also_like(path):
        return [article.title for article in client.get(path).context["also_like"]]

    assert also_like("/harbour-reopens/") == ["Ferries run again"]
    assert also_like("/ferries-run-again/") == ["Harbour reopens after storm"]  # the same entry, itself left out
    neighbour.title = "Ferries run to the islands again"
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=neighbour)
    assert also_like("/harbour-reopens/") == ["Ferries run to the islands again"]
    with django_capture_on_commit_callbacks(execute=True):
        article_save(
            article=Article(
                title="Bridge opens",
                slug="bridge-opens",
                author=story.author,
                category=story.category,
                status=Article.Status.PUBLISHED,
            )
        )
    assert "Bridge opens" in also_like("/harbour-reopens/")


def test_a_change_drops_only_the_pages_that_show_it(client, story, django_assert_num_queries):
    """A new comment on one story drops its page and the listings whose cards count its comments;
    another article's page, which shows the story only in cards without a count, stays."""
    other = make_article(
        title="Bridge repairs begin", slug="bridge-repairs", published_at=timezone.now() - timedelta(days=30)
    )
    for url in ("/harbour-reopens/", "/bridge-repairs/", "/"):
        client.get(url)
    freshness.publish({f"comments-{story.pk}"})
    with django_assert_num_queries(0):
        assert client.get(other.get_absolute_url()).status_code == 200
    for url in ("/harbour-reopens/", "/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.context is not None, f"{url} was rendered again"


def test_a_scheduled_article_appears_on_time_without_any_job(client, story):
    make_scheduled(title="Results at noon", published_at=timezone.now() + timedelta(seconds=1))
    assert "Results at noon" not in client.get("/").content.decode()
    time.sleep(2.1)
    assert "Results at noon" in client.get("/").content.decode()


def test_a_signed_in_reader_never_gets_the_shared_page(client, story, django_user_model):
    client.get("/harbour-reopens/")
    user = django_user_model.objects.create_user("reader", password="a-long-password-1")
    client.force_login(user)
    response = client.get("/harbour-reopens/")
    assert response.context is not None
    assert "private" in response["Cache-Control"]
    assert "reader" in response.content.decode()


def test_errors_are_not_stored(client, story, django_capture_on_commit_callbacks):
    assert client.get("/no-such-story/").status_code == 404
    story.slug = "no-such-story"
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=story)
    assert client.get("/no-such-story/").status_code == 200


@pytest.mark.parametrize(
    "accept_encoding, gets_gzip",
    [
        ("gzip;q=0", False),
        ("gzip; q=0.000, deflate", False),
        ("br, gzip;q=0", False),
        ("*;q=0", False),
        ("gzip;q=0, *", False),
        ("gzip;q=nan", False),
        ("gzip;q=2", False),
        ("identity;q=0", False),
        ("identity", False),
        ("", False),
        ("gzip", True),
        ("GZIP;Q=0.5", True),
        ("x-gzip", True),
        ("*", True),
        ("identity;q=0, *", True),
        ("identity;q=0, gzip", True),
        ("br;q=1.0, gzip;q=0.001", True),
    ],
)
def test_gzip_only_when_the_client_accepts_it_by_its_q_value(client, story, accept_encoding, gets_gzip):
    plain = client.get("/harbour-reopens/")  # stored, compressed
    for _ in ("miss", "hit"):
        response = client.get("/harbour-reopens/", headers={"accept-encoding": accept_encoding})
        assert (response.get("Content-Encoding") == "gzip") is gets_gzip
        assert (gzip.decompress(response.content) if gets_gzip else response.content) == plain.content


def test_every_later_reader_of_accept_encoding_sees_only_the_codings_accepted():
    """whitenoise and the like search the header for a coding's name: it is rewritten to the accepted list."""
    from newsportal.content_coding import acceptable_codings

    assert acceptable_codings("gzip;q=0, br") == ("br",)
    assert acceptable_codings("*;q=0.5, br;q=0") == ("gzip", "zstd", "deflate")
    assert acceptable_codings("identity;q=0") == ()
    assert acceptable_codings("gzip, deflate, br") == ("br", "gzip", "deflate")
