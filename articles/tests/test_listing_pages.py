"""Listings' pages on a long archive: the length kept under the listing's keys, the older half read from its end."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from articles.services import article_save, article_unpublish
from articles.views import DeferredJoinPaginator, PublicListingMixin

from .factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=[1000, 3], ids=["no-landmark", "landmarks-every-3-rows"])
def _small_pages_built_every_time(request, settings, monkeypatch):
    # The views read ARTICLES_PER_PAGE once, when they are imported.
    monkeypatch.setattr(PublicListingMixin, "paginate_by", 2)
    # Landmarks every 3 rows: pages 3 and 4 (rows 4-7) seek from one, their first row not on it.
    monkeypatch.setattr(DeferredJoinPaginator, "BOUNDARY_ROWS", request.param)
    settings.PAGE_CACHE_SECONDS = 0  # the listing's own entries, not whole pages
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def section():
    category = make_category(name="Harbour", slug="harbour")
    now = timezone.now()
    for n in range(7):
        make_article(
            title=f"Story {n}", slug=f"story-{n}", category=category, published_at=now - timedelta(hours=n + 1)
        )
    return category


def slugs_on(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return re.findall(r'<h3 class="card__title"><a href="/([^/]+)/">', response.content.decode())


def test_every_page_shows_its_share_of_the_listing_newest_first(client, section):
    newest_first = [f"story-{n}" for n in range(7)]
    pages = [slugs_on(client, "/category/harbour/")] + [
        slugs_on(client, f"/category/harbour/page/{page}/") for page in (2, 3, 4)
    ]
    assert pages == [newest_first[0:2], newest_first[2:4], newest_first[4:6], newest_first[6:7]]
    assert client.get("/category/harbour/page/5/").status_code == 404


def test_the_kept_length_follows_every_change_of_the_listing(client, section, django_capture_on_commit_callbacks):
    assert client.get("/category/harbour/page/4/").status_code == 200
    assert client.get("/category/harbour/page/5/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        article_save(
            article=Article(
                title="Story 7",
                slug="story-7",
                author=Article.objects.get(slug="story-0").author,
                category=section,
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(days=30),
            )
        )
    assert slugs_on(client, "/category/harbour/page/4/") == ["story-6", "story-7"]
    assert 'href="/category/harbour/page/4/"' in client.get("/category/harbour/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(articles=Article.objects.filter(slug__in=["story-6", "story-7"]))
    assert client.get("/category/harbour/page/4/").status_code == 404
    assert slugs_on(client, "/category/harbour/page/3/") == ["story-4", "story-5"]


def test_the_length_is_counted_once_for_every_page_of_a_listing(client, section, django_assert_num_queries):
    client.get("/category/harbour/")
    client.get("/category/harbour/page/3/")
    # The category, the page's ids with their rows, their bylines: no count, no landmark.
    with django_assert_num_queries(3):
        assert client.get("/category/harbour/page/3/").status_code == 200


def test_stories_published_at_the_same_second_are_each_on_one_page(client, db):
    category = make_category(name="Ties", slug="ties")
    moment = timezone.now() - timedelta(hours=1)
    for n in range(7):
        make_article(title=f"Tie {n}", slug=f"tie-{n}", category=category, published_at=moment)
    pages = [slugs_on(client, "/category/ties/")] + [slugs_on(client, f"/category/ties/page/{n}/") for n in (2, 3, 4)]
    listed = [slug for page in pages for slug in page]
    assert listed == [article.slug for article in Article.objects.filter(category=category).order_by("-id")]
