import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import ArticleSitemap

from .factories import make_article, make_author, make_category, make_draft, make_scheduled, make_topic

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def parse(response, root_tag):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}{root_tag}"
    return root


def index_locations(client):
    root = parse(client.get("/sitemap.xml"), "sitemapindex")
    return [(entry.findtext(f"{SITEMAP}loc"), entry.findtext(f"{SITEMAP}lastmod")) for entry in root]


def section_locations(client, url):
    root = parse(client.get(url), "urlset")
    return [entry.findtext(f"{SITEMAP}loc") for entry in root.findall(f"{SITEMAP}url")]


@pytest.fixture
def newsroom():
    world = make_category(name="World", slug="world")
    hidden_section = make_category(name="Hidden", slug="hidden-section")
    ethan = make_author(name="Ethan Kim", slug="ethan-kim")
    ghost = make_author(name="Ghost Writer", slug="ghost-writer")
    tides = make_topic(name="Tides", slug="tides")
    tagged = make_topic(name="Moon", slug="moon")
    embargo = make_topic(name="Embargoed merger", slug="embargoed-merger")
    story = make_article(title="Tide story", slug="tide-story", category=world, author=ethan, topic=tides)
    story.tags.add(tagged)
    make_article(title="Old story", slug="old-story", category=world, author=ethan,
                 published_at=timezone.now() - timedelta(days=5))  # fmt: skip
    # Only unpublished articles use these: the listings must not be announced.
    make_draft(title="Draft", slug="secret-draft", category=hidden_section, author=ghost, topic=embargo)
    make_scheduled(title="Scheduled", slug="secret-scheduled", category=hidden_section, author=ghost, topic=embargo)
    return {"story": story}


class TestIndexAndSections:
    def test_index_lists_every_section_with_lastmod(self, client, newsroom):
        entries = index_locations(client)
        assert [location for location, _ in entries] == [
            "http://testserver/sitemap-articles.xml",
            "http://testserver/sitemap-categories.xml",
            "http://testserver/sitemap-topics.xml",
            "http://testserver/sitemap-authors.xml",
        ]
        for _, lastmod in entries:
            assert datetime.fromisoformat(lastmod) <= timezone.now()

    def test_sections_list_only_public_pages(self, client, newsroom):
        assert sorted(section_locations(client, "/sitemap-articles.xml")) == [
            "http://testserver/old-story/",
            "http://testserver/tide-story/",
        ]
        assert section_locations(client, "/sitemap-categories.xml") == ["http://testserver/category/world/"]
        assert sorted(section_locations(client, "/sitemap-topics.xml")) == [
            "http://testserver/tag/moon/",
            "http://testserver/tag/tides/",
        ]
        assert section_locations(client, "/sitemap-authors.xml") == ["http://testserver/author/ethan-kim/"]

    def test_article_entries_carry_their_last_change(self, client, newsroom):
        root = parse(client.get("/sitemap-articles.xml"), "urlset")
        lastmods = {entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod") for entry in root}
        assert lastmods["http://testserver/tide-story/"] == timezone.localdate().isoformat()

    def test_no_draft_or_scheduled_url_in_any_sitemap(self, client, newsroom):
        urls = ["/sitemap.xml", "/news-sitemap.xml"] + [
            f"/sitemap-{section}.xml" for section in ("articles", "categories", "topics", "authors")
        ]
        for url in urls:
            content = client.get(url).content
            for secret in (b"secret-", b"hidden-section", b"ghost-writer", b"embargoed-merger"):
                assert secret not in content, (url, secret)

    def test_unknown_section_and_bad_pages_are_404(self, client, newsroom):
        assert client.get("/sitemap-nope.xml").status_code == 404
        assert client.get("/sitemap-articles.xml?p=9").status_code == 404
        # Not a page number: the section's first page, as if no page had been asked for.
        assert client.get("/sitemap-articles.xml?p=abc").content == client.get("/sitemap-articles.xml").content

    def test_site_url_setting_names_the_public_address(self, client, newsroom, settings):
        settings.SITE_URL = "https://news.example.com"
        assert index_locations(client)[0][0] == "https://news.example.com/sitemap-articles.xml"
        assert "https://news.example.com/tide-story/" in section_locations(client, "/sitemap-articles.xml")


class TestPaging:
    def test_a_section_past_its_limit_is_split_into_pages(self, client, newsroom, monkeypatch):
        for n in range(3):
            make_article(title=f"More {n}", slug=f"more-{n}")
        monkeypatch.setattr(ArticleSitemap, "limit", 2)
        # Pages are runs of 2 ids from the lowest public one; drafts and scheduled stories hold ids too.
        ids = list(Article.objects.published().values_list("pk", flat=True))
        page_count = -(-(max(ids) - min(ids) + 1) // 2)
        assert page_count >= 3  # 5 public articles, at most 2 a page
        locations = [location for location, _ in index_locations(client)]
        assert locations[:page_count] == [
            "http://testserver/sitemap-articles.xml",
            *(f"http://testserver/sitemap-articles.xml?p={page}" for page in range(2, page_count + 1)),
        ]
        pages = [section_locations(client, f"/sitemap-articles.xml?p={page}") for page in range(1, page_count + 1)]
        assert all(len(page) <= 2 for page in pages)
        listed = [url for page in pages for url in page]
        assert len(listed) == len(set(listed)) == 5
        assert client.get(f"/sitemap-articles.xml?p={page_count + 1}").status_code == 404

    def test_a_page_keeps_its_addresses_when_newer_articles_arrive(self, client, newsroom, monkeypatch, settings):
        settings.PAGE_CACHE_SECONDS = 0  # each answer built anew
        monkeypatch.setattr(ArticleSitemap, "limit", 2)
        first = section_locations(client, "/sitemap-articles.xml")
        for n in range(3):
            make_article(title=f"More {n}", slug=f"more-{n}")
        assert section_locations(client, "/sitemap-articles.xml") == first


class TestAlternates:
    XHTML = "{http://www.w3.org/1999/xhtml}"

    def test_each_page_carries_the_whole_group_whichever_page_its_members_are_on(self, client, monkeypatch):
        english = make_article(title="Election night", slug="election-night")
        make_article(title="Harbour reopens", slug="harbour-reopens")
        make_article(
            title="Noche electoral", slug="noche-electoral", language="es", translation_key=english.translation_key
        )
        make_draft(title="Soirée", slug="soiree", language="fr", translation_key=english.translation_key)
        # A story with no English version: its members are both outside the first language.
        lluvia = make_article(title="Lluvia", slug="lluvia", language="es")
        make_article(title="Pluie", slug="pluie", language="fr", translation_key=lluvia.translation_key)
        monkeypatch.setattr(ArticleSitemap, "limit", 1)  # every article on a page of its own
        links = {}
        for location, _ in index_locations(client):
            if "sitemap-articles" in location:
                root = parse(client.get(location.removeprefix("http://testserver")), "urlset")
                for url in root.findall(f"{SITEMAP}url"):
                    links[url.findtext(f"{SITEMAP}loc")] = {
                        link.get("hreflang"): link.get("href") for link in url.findall(f"{self.XHTML}link")
                    }
        election = {
            "en": "http://testserver/election-night/",
            "es": "http://testserver/es/noche-electoral/",
            "x-default": "http://testserver/election-night/",
        }
        rain = {"es": "http://testserver/es/lluvia/", "fr": "http://testserver/fr/pluie/"}
        rain["x-default"] = rain["es"]
        assert links == {
            "http://testserver/election-night/": election,
            "http://testserver/harbour-reopens/": {},
            "http://testserver/es/noche-electoral/": election,
            "http://testserver/es/lluvia/": rain,
            "http://testserver/fr/pluie/": rain,
        }


class TestEmptySite:
    def test_every_sitemap_is_valid_with_nothing_published(self, client):
        make_draft(title="Draft", slug="secret-draft")
        assert len(index_locations(client)) == 4
        for section in ("articles", "categories", "topics", "authors"):
            assert section_locations(client, f"/sitemap-{section}.xml") == []
        root = parse(client.get("/news-sitemap.xml"), "urlset")
        assert list(root) == []


class TestNewsSitemap:
    def test_lists_the_last_48_hours_in_google_news_format(self, client, newsroom):
        make_article(title="Two days and more", slug="too-old", published_at=timezone.now() - timedelta(hours=49))
        make_article(title="Fish & <chips>", slug="fish", published_at=timezone.now() - timedelta(hours=47))
        root = parse(client.get("/news-sitemap.xml"), "urlset")
        entries = root.findall(f"{SITEMAP}url")
        assert [entry.findtext(f"{SITEMAP}loc") for entry in entries] == [
            "http://testserver/tide-story/",
            "http://testserver/fish/",
        ]
        news = entries[1].find(f"{NEWS}news")
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == "BBN – Big Big News"
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
        assert news.findtext(f"{NEWS}title") == "Fish & <chips>"
        published = datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
        assert timedelta(hours=46) < timezone.now() - published < timedelta(hours=48)


class TestRobots:
    def test_robots_txt_points_at_the_sitemaps_and_keeps_crawlers_out_of_admin_and_search(self, client, settings):
        response = client.get("/robots.txt")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        assert lines[0] == "User-agent: *"
        assert f"Disallow: /{settings.ADMIN_URL}" in lines
        assert "Disallow: /search/" in lines
        assert "Disallow: /?s=" in lines
        assert "Sitemap: http://testserver/sitemap.xml" in lines
        assert "Sitemap: http://testserver/news-sitemap.xml" in lines
        assert client.get("/sitemap.xml").status_code == 200
        assert client.get("/news-sitemap.xml").status_code == 200
