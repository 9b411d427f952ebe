import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.page_cache import forget_article_pages

from .factories import make_article, make_scheduled

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


def test_editing_an_article_refreshes_every_page(client, story):
    assert "Harbour reopens after storm" in client.get("/").content.decode()
    story.title = "Harbour reopens to ferries"
    story.save()
    assert "Harbour reopens to ferries" in client.get("/").content.decode()
    assert "Harbour reopens to ferries" in client.get("/harbour-reopens/").content.decode()


def test_forgetting_an_article_drops_only_its_pages(client, story, django_assert_num_queries):
    client.get("/harbour-reopens/")
    client.get("/")
    forget_article_pages(story)
    with django_assert_num_queries(0):
        client.get("/")
    response = client.get("/harbour-reopens/")
    assert response.status_code == 200
    assert response.context is not None, "the article page was rendered again"


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


def test_errors_are_not_stored(client, story):
    assert client.get("/no-such-story/").status_code == 404
    story.slug = "no-such-story"
    story.save()
    assert client.get("/no-such-story/").status_code == 200
