import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from articles.feeds import FEED_ITEMS

from .factories import make_article, make_author, make_category, make_draft, make_scheduled, make_topic

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    return channel, [
        {
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "description": item.findtext("description"),
            "pubDate": parsedate_to_datetime(item.findtext("pubDate")),
            "categories": [category.text for category in item.findall("category")],
        }
        for item in channel.findall("item")
    ]


def atom_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def newsroom():
    world = make_category(name="World", slug="world", description="News from everywhere.")
    sport = make_category(name="Sport", slug="sport")
    ethan = make_author(name="Ethan Kim", slug="ethan-kim")
    maria = make_author(name="Maria Lopez", slug="maria-lopez")
    tides = make_topic(name="Tides", slug="tides")
    now = timezone.now()
    make_article(
        title="Older world story", slug="older-world", category=world, author=ethan, topic=tides,
        excerpt="An older story.", published_at=now - timedelta(hours=5),
    )  # fmt: skip
    newer = make_article(
        title="Sport & <games> story", slug="newer-sport", category=sport, author=maria,
        excerpt="Scores & results.", published_at=now - timedelta(hours=1),
    )  # fmt: skip
    newer.tags.add(tides)
    make_draft(title="SECRET draft", slug="secret-draft", category=world, author=ethan, topic=tides)
    make_scheduled(title="SECRET scheduled", slug="secret-scheduled", category=sport, author=maria, topic=tides)
    return {"world": world, "sport": sport, "ethan": ethan, "maria": maria, "tides": tides}


class TestSiteFeed:
    def test_rss_lists_public_articles_newest_first_with_absolute_links(self, client, newsroom):
        channel, items = rss_items(client.get("/feed/"))
        assert channel.findtext("title") == "BBN – Big Big News"
        assert channel.findtext("link") == "http://testserver/"
        assert [item["title"] for item in items] == ["Sport & <games> story", "Older world story"]
        assert [item["link"] for item in items] == ["http://testserver/newer-sport/", "http://testserver/older-world/"]
        assert items[0]["description"] == "Scores & results."
        assert items[0]["pubDate"] > items[1]["pubDate"]
        assert items[1]["categories"] == ["World", "Tides"]

    def test_atom_lists_the_same_entries(self, client, newsroom):
        root, entries = atom_entries(client.get("/feed/atom/"))
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/feed/atom/"
        assert [entry["title"] for entry in entries] == ["Sport & <games> story", "Older world story"]
        assert entries[0]["author"] == "Maria Lopez"
        assert entries[0]["link"] == "http://testserver/newer-sport/"

    def test_feed_holds_the_newest_items_only(self, client, newsroom):
        for n in range(FEED_ITEMS + 5):
            make_article(title=f"Filler {n}", category=newsroom["world"])
        _, items = rss_items(client.get("/feed/"))
        assert len(items) == FEED_ITEMS

    def test_site_url_setting_names_the_public_address(self, client, newsroom, settings):
        settings.SITE_URL = "https://news.example.com"
        _, items = rss_items(client.get("/feed/"))
        assert items[0]["link"] == "https://news.example.com/newer-sport/"


class TestListingFeeds:
    @pytest.mark.parametrize(
        "url,titles",
        [
            ("/category/world/feed/", ["Older world story"]),
            ("/category/sport/feed/", ["Sport & <games> story"]),
            ("/tag/tides/feed/", ["Sport & <games> story", "Older world story"]),
            ("/author/ethan-kim/feed/", ["Older world story"]),
            ("/author/maria-lopez/feed/", ["Sport & <games> story"]),
        ],
    )
    def test_rss_and_atom_list_that_listing_only(self, client, newsroom, url, titles):
        channel, items = rss_items(client.get(url))
        assert [item["title"] for item in items] == titles
        _, entries = atom_entries(client.get(url + "atom/"))
        assert [entry["title"] for entry in entries] == titles

    def test_category_feed_describes_its_category(self, client, newsroom):
        channel, _ = rss_items(client.get("/category/world/feed/"))
        assert channel.findtext("title") == "BBN – Big Big News » World"
        assert channel.findtext("link") == "http://testserver/category/world/"
        assert channel.findtext("description") == "News from everywhere."

    @pytest.mark.parametrize(
        "url", ["/category/nope/feed/", "/tag/nope/feed/", "/author/nope/feed/", "/category/nope/feed/atom/"]
    )
    def test_unknown_listing_feeds_are_404(self, client, newsroom, url):
        assert client.get(url).status_code == 404

    def test_a_listing_whose_articles_went_back_to_draft_gives_no_feed(self, client, newsroom):
        empty = make_category(name="Emptied", slug="emptied")
        make_draft(category=empty)
        for url in ("/category/emptied/feed/", "/category/emptied/feed/atom/"):
            response = client.get(url)
            assert response.status_code == 404
            assert "Emptied" not in response.content.decode()


class TestNoLeaks:
    @pytest.mark.parametrize(
        "url",
        [
            "/feed/",
            "/feed/atom/",
            "/category/world/feed/",
            "/category/sport/feed/atom/",
            "/tag/tides/feed/",
            "/tag/tides/feed/atom/",
            "/author/ethan-kim/feed/",
            "/author/maria-lopez/feed/atom/",
        ],
    )
    def test_drafts_and_scheduled_articles_are_in_no_feed(self, client, newsroom, url):
        response = client.get(url)
        assert response.status_code == 200
        assert b"SECRET" not in response.content
        assert b"secret-" not in response.content


class TestAutodiscovery:
    def test_every_page_announces_the_site_feeds(self, client, newsroom):
        for url in ["/", "/older-world/", "/search/?q=story", "/category/world/"]:
            html = client.get(url).content.decode()
            head = html[: html.index("</head>")]
            assert '<link rel="alternate" type="application/rss+xml"' in head and 'href="/feed/"' in head, url
            assert 'type="application/atom+xml"' in head and 'href="/feed/atom/"' in head, url

    @pytest.mark.parametrize(
        "page,feed",
        [
            ("/category/world/", "/category/world/feed/"),
            ("/tag/tides/", "/tag/tides/feed/"),
            ("/author/ethan-kim/", "/author/ethan-kim/feed/"),
        ],
    )
    def test_listing_pages_announce_their_own_feeds(self, client, newsroom, page, feed):
        html = client.get(page).content.decode()
        head = html[: html.index("</head>")]
        assert f'href="{feed}"' in head
        assert f'href="{feed}atom/"' in head
        # and the announced feeds exist
        assert client.get(feed).status_code == 200
        assert client.get(feed + "atom/").status_code == 200


class TestQueryCounts:
    """Pins the SQL of feeds and sitemaps, so that no item adds a query of its own (n+1)."""

    @pytest.fixture(autouse=True)
    def _render_every_time(self, settings):
        settings.PAGE_CACHE_SECONDS = 0

    # A feed's items, then the co-authors of them all (and the category, topic or author first).
    @pytest.mark.parametrize(
        "url,expected",
        [
            ("/feed/", 2),
            ("/feed/atom/", 2),
            ("/category/world/feed/", 3),
            ("/tag/tides/feed/atom/", 3),
            ("/author/ethan-kim/feed/", 3),
            # A count and a lastmod for each of the four sections; the articles' count is their
            # lowest and highest id, and their lastmod the newest of two indexes (articles/sitemaps.py).
            ("/sitemap.xml", 10),
            # Django's section view renders with the context processors: +3 for the page
            # chrome and the schedule it checks, which are served from the cache on a live site.
            # +1: the page's translation groups, for the alternates (articles/sitemaps.py).
            ("/sitemap-articles.xml", 3 + 3 + 1),
            ("/sitemap-topics.xml", 2 + 3),
            ("/news-sitemap.xml", 1),
        ],
    )
    @pytest.mark.parametrize("extra", [0, 15])
    def test_feeds_and_sitemaps_cost_the_same_whatever_their_length(
        self, client, newsroom, django_assert_num_queries, url, expected, extra
    ):
        for n in range(extra):
            make_article(
                title=f"Filler {n}", category=newsroom["world"], author=newsroom["ethan"], topic=newsroom["tides"]
            )
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
