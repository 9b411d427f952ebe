"""The site chrome: Editors' Picks and Latest News, fetched together in one query, and the header kept written."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.template import Context
from django.template.loader import render_to_string
from django.utils import timezone, translation

from articles import chrome
from articles.chrome import SIDEBAR_ITEMS, site_chrome

from .factories import make_article, make_category, make_draft, make_scheduled, make_user


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


def header_of(page):
    start = page.index('<header class="site-header">')
    return page[start : page.index("</header>", start) + len("</header>")]


def header_the_template_writes(**context):
    """`includes/header.html` rendered on its own for a reader not signed in, as the page would include it."""
    context = {
        "menu_categories": site_chrome()["menu_categories"],
        "today": timezone.localdate(),
        "user": AnonymousUser(),
        **context,
    }
    return header_of(render_to_string("includes/header.html", context))


def test_the_header_kept_for_readers_is_the_one_the_template_writes(client, db):
    world, sport = make_category(name="World"), make_category(name="Sport")
    first, second = make_article(category=world), make_article(category=world)
    make_article(category=sport)
    pages = {
        "/": {"is_home": True},
        first.get_absolute_url(): {"current_category": world},
        # The same kind of page: its header comes from the one the first wrote.
        second.get_absolute_url(): {"current_category": world},
        sport.get_absolute_url(): {"current_category": sport},
    }
    for url, context in pages.items():
        header = header_of(client.get(url).content.decode())
        assert header == header_the_template_writes(**context), url
    home, in_sport = (
        header_of(client.get("/").content.decode()),
        header_of(client.get(sport.get_absolute_url()).content.decode()),
    )
    assert '<h1 class="site-logo">' in home and f'href="{sport.get_absolute_url()}" aria-current="page"' in in_sport


def test_a_signed_in_reader_gets_a_header_of_their_own_and_never_anothers(client, db):
    article = make_article()
    assert "LOGIN" in header_of(client.get(article.get_absolute_url()).content.decode())
    reader = make_user(first_name="Ilse", last_name="Marchetti")
    client.force_login(reader)
    theirs = header_of(client.get(article.get_absolute_url()).content.decode())
    assert "Ilse Marchetti" in theirs and "Logout" in theirs and "LOGIN" not in theirs
    assert 'name="csrfmiddlewaretoken"' in theirs, "the logout form carries the reader's own token"
    client.logout()
    anyone = header_of(client.get(article.get_absolute_url()).content.decode())
    assert "LOGIN" in anyone and "Ilse Marchetti" not in anyone and "csrfmiddlewaretoken" not in anyone


def test_a_search_is_written_into_its_own_header_escaped(client, db):
    make_article(title="Storm over the harbour")
    searched = header_of(client.get("/", {"s": '<b>storm</b>"'}).content.decode())
    assert 'value="&lt;b&gt;storm&lt;/b&gt;&quot;"' in searched
    assert 'value=""' in header_of(client.get("/").content.decode())
    assert "storm" not in header_of(client.get("/").content.decode())


def test_the_header_kept_is_written_again_for_another_day_language_or_menu(db):
    world = make_category(name="World")
    make_article(category=world)
    menu = site_chrome()["menu_categories"]

    def kept(**context):
        return str(chrome.site_header(Context({"menu_categories": menu, "today": date(2026, 12, 7), **context})))

    monday = kept()
    assert "December 7, 2026" in monday and kept() == monday
    assert "December 8, 2026" in kept(today=date(2026, 12, 8))
    with translation.override("es"):
        assert "Buscar" in kept() and "Buscar" not in monday
    world.name = "Mundo entero"
    assert ">Mundo entero</a>" in kept(menu_categories=[world]) and ">World</a>" in monday


def test_headers_kept_are_bounded(db, monkeypatch):
    monkeypatch.setattr(chrome, "WRITTEN_HEADERS_KEPT", 3)
    chrome._written_headers.clear()
    for day in range(1, 8):
        header = chrome.site_header(Context({"menu_categories": [], "today": date(2026, 12, day)}))
        assert f"December {day}, 2026" in header
        assert len(chrome._written_headers) <= 3
