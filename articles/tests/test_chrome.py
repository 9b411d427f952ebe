"""The site chrome's lists: Editors' Picks and Latest News, fetched together in one query."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.chrome import SIDEBAR_ITEMS, site_chrome

from .factories import make_article, make_category, make_draft, make_scheduled


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def slugs(articles):
    return [article.slug for article in articles]


def test_the_newest_picks_and_the_newest_articles_each_newest_first(db):
    category = make_category()
    # Seven picks, the newest two also among the newest articles overall.
    picks = [
        make_article(slug=f"pick-{n}", is_editors_pick=True, published_at=hours_ago(n), category=category)
        for n in (1, 3, 10, 11, 12, 13, 14)
    ]
    others = [make_article(slug=f"news-{n}", published_at=hours_ago(n), category=category) for n in (2, 4, 5, 6)]
    make_draft(slug="a-draft-pick", is_editors_pick=True, published_at=hours_ago(0.5), category=category)
    make_scheduled(slug="a-scheduled-pick", is_editors_pick=True, category=category)

    chrome = site_chrome()

    assert slugs(chrome["editors_picks"]) == slugs(picks[:SIDEBAR_ITEMS])
    # The picks shown are left out of Latest News; an older pick that is not shown is news.
    assert slugs(chrome["latest_news"]) == [*slugs(others), "pick-13"]


def test_a_footer_never_lists_a_story_twice(db):
    category = make_category()
    for n in range(2 * SIDEBAR_ITEMS):
        make_article(slug=f"story-{n}", is_editors_pick=n % 2 == 0, published_at=hours_ago(n + 1), category=category)

    chrome = site_chrome()

    assert slugs(chrome["editors_picks"]) == [f"story-{n}" for n in range(0, 10, 2)]
    assert slugs(chrome["latest_news"]) == [f"story-{n}" for n in range(1, 10, 2)]


def test_picks_older_than_every_latest_article_still_show(db):
    category = make_category()
    for n in range(8):
        make_article(slug=f"news-{n}", published_at=hours_ago(n + 1), category=category)
    make_article(slug="old-pick", is_editors_pick=True, published_at=hours_ago(100), category=category)

    chrome = site_chrome()

    assert slugs(chrome["editors_picks"]) == ["old-pick"]
    assert slugs(chrome["latest_news"]) == [f"news-{n}" for n in range(SIDEBAR_ITEMS)]


def test_no_articles_no_lists(db):
    chrome = site_chrome()

    assert chrome["editors_picks"] == [] and chrome["latest_news"] == []
