import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from articles.models import Article

from .factories import (
    make_article,
    make_author,
    make_category,
    make_draft,
    make_faq,
    make_related_link,
    make_scheduled,
    make_topic,
)

pytestmark = pytest.mark.django_db


def main_region(response):
    """The page's own content, without the header and footer around it."""
    html = response.content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


@pytest.fixture
def newsroom():
    politics = make_category(name="Politics", slug="politics", menu_order=1)
    world = make_category(name="World", slug="world", menu_order=2)
    author = make_author(name="Ethan Kim", slug="ethan-kim", bio="Ethan covers diplomacy.")
    topic = make_topic(name="high-stakes diplomatic visit", slug="high-stakes-diplomatic-visit")
    article = make_article(
        title="Envoy heads east for talks",
        slug="envoy-heads-east",
        category=world,
        author=author,
        topic=topic,
        excerpt="An envoy travels for talks.",
        body="<p>First paragraph.</p><p>Second paragraph.</p>",
        is_editors_pick=True,
    )
    return {"politics": politics, "world": world, "author": author, "topic": topic, "article": article}


def public_pages(n):
    return [
        "/",
        f"/category/{n['world'].slug}/",
        f"/tag/{n['topic'].slug}/",
        f"/author/{n['author'].slug}/",
        "/search/?q=Envoy",
        "/?s=Envoy",
        f"/{n['article'].slug}/",
    ]


class TestPublishedRule:
    def test_published_means_status_and_time_come(self, newsroom):
        draft = make_draft(category=newsroom["world"])
        scheduled = make_scheduled(category=newsroom["world"])
        public = set(Article.objects.published())
        assert newsroom["article"] in public
        assert draft not in public
        assert scheduled not in public

    def test_drafts_and_scheduled_articles_appear_on_no_page(self, client, newsroom):
        common = {"category": newsroom["world"], "author": newsroom["author"], "topic": newsroom["topic"]}
        draft = make_draft(title="Envoy draft SECRET-DRAFT", slug="secret-draft", is_editors_pick=True, **common)
        scheduled = make_scheduled(title="Envoy future SECRET-FUTURE", slug="secret-future", **common)
        for url in public_pages(newsroom):
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert "Envoy heads east for talks" in html, url
            assert "SECRET-DRAFT" not in html, url
            assert "SECRET-FUTURE" not in html, url
        assert client.get(f"/{draft.slug}/").status_code == 404
        assert client.get(f"/{scheduled.slug}/").status_code == 404

    def test_scheduled_article_goes_live_when_its_time_passes(self, client, newsroom):
        scheduled = make_scheduled(title="Tomorrow's story", slug="tomorrows-story")
        assert client.get("/tomorrows-story/").status_code == 404
        Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(seconds=1))
        cache.clear()
        assert client.get("/tomorrows-story/").status_code == 200
        assert "Tomorrow&#x27;s story" in client.get("/").content.decode()


class TestEveryPageRegions:
    def test_chrome_regions_on_every_page(self, client, newsroom):
        # The menu lists the sections that have a public article.
        make_article(title="Vote count", category=newsroom["politics"])
        for url in public_pages(newsroom):
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert 'class="topbar__date"' in html and str(timezone.localdate().year) in html
            assert ">LOGIN</a>" in html
            assert 'alt="BBN – Big Big News"' in html
            assert html.index(">Politics</a>") < html.index(">World</a>"), "menu follows menu order"
            assert 'name="s"' in html
            assert "Editors' Picks" in html and "Latest News" in html
            assert 'alt="logo-site-white"' in html
            assert f"© {timezone.now().year} BBN – Big Big News" in html
            assert 'class="lang-switcher' in html and "English" in html
            assert "<script>" not in html, "no inline scripts"

    def test_logo_is_the_h1_only_on_the_home_page(self, client, newsroom):
        assert re.search(r'<h1 class="site-logo">', client.get("/").content.decode())
        article_html = client.get("/envoy-heads-east/").content.decode()
        assert '<h1 class="site-logo">' not in article_html
        assert '<p class="site-logo">' in article_html


class TestArticlePage:
    def test_blocks_in_bbn_order(self, client, newsroom):
        article = newsroom["article"]
        make_faq(article, question="Why does the visit matter?", answer="Because tensions are high.")
        make_related_link(article, title="Background on the talks", url="https://example.org/background")
        other = make_article(title="Another world story", category=newsroom["world"])
        html = main_region(client.get("/envoy-heads-east/"))
        order = [
            'class="breadcrumb"',
            ">World</a>",
            '<h1 id="article-title" class="article__title">Envoy heads east for talks</h1>',
            'by <a href="/author/ethan-kim/"',
            "0 comments",
            "high-stakes diplomatic visit",
            "First paragraph.",
            "Second paragraph.",
            "Frequently Asked Questions (FAQs) about high-stakes diplomatic visit",
            "Why does the visit matter?",
            "Because tensions are high.",
            "More about high-stakes diplomatic visit",
            "Background on the talks",
            "All articles about high-stakes diplomatic visit",
            "You may also like",
            other.title,
        ]
        positions = [html.index(marker) for marker in order]
        assert positions == sorted(positions)

    def test_more_about_always_links_the_topic_page(self, client, newsroom):
        html = client.get("/envoy-heads-east/").content.decode()
        section = html[html.index("More about") :]
        assert 'href="/tag/high-stakes-diplomatic-visit/"' in section

    def test_also_like_prefers_the_same_category_and_stops_at_ten(self, client, newsroom):
        now = timezone.now()
        newer_elsewhere = make_article(title="Newest politics", category=newsroom["politics"], published_at=now)
        same = [
            make_article(
                title=f"World story {i}", category=newsroom["world"], published_at=now - timedelta(days=i + 1)
            )
            for i in range(3)
        ]
        for i in range(10):
            make_article(category=newsroom["politics"], published_at=now - timedelta(days=20 + i))
        also_like = [card.slug for card in client.get("/envoy-heads-east/").context["also_like"]]
        assert len(also_like) == 10
        assert also_like[:3] == [article.slug for article in same]
        assert also_like[3] == newer_elsewhere.slug
        assert newsroom["article"].slug not in also_like

    def test_body_is_sanitised_html(self, client, newsroom):
        article = newsroom["article"]
        article.body = '<p onclick="x()">Safe</p><script>alert(1)</script><a href="javascript:alert(1)">link</a>'
        article.save()
        html = client.get("/envoy-heads-east/").content.decode()
        assert "<p>Safe</p>" in html
        assert "alert(1)" not in html


class TestListings:
    def test_category_topic_and_author_pages_list_their_articles(self, client, newsroom):
        politics_story = make_article(title="Budget vote delayed", category=newsroom["politics"])
        world_html = main_region(client.get("/category/world/"))
        assert "Envoy heads east for talks" in world_html and politics_story.title not in world_html
        assert "Category" in world_html
        tag_html = main_region(client.get("/tag/high-stakes-diplomatic-visit/"))
        assert "Envoy heads east for talks" in tag_html and politics_story.title not in tag_html
        author_html = client.get("/author/ethan-kim/").content.decode()
        assert "Ethan covers diplomacy." in author_html and "Envoy heads east for talks" in author_html

    def test_articles_tagged_with_a_secondary_topic_are_listed_once(self, client, newsroom):
        newsroom["article"].tags.add(newsroom["topic"])
        response = client.get("/tag/high-stakes-diplomatic-visit/")
        assert list(response.context["articles"]) == [newsroom["article"]]

    def test_home_has_lead_latest_and_category_blocks(self, client, newsroom):
        # More than page one shows, so that each category has stories left for its block.
        for n in range(10):
            make_article(title=f"Budget vote delayed {n}", category=newsroom["politics"])
        make_article(
            title="Older world story", category=newsroom["world"], published_at=timezone.now() - timedelta(days=2)
        )
        response = client.get("/")
        html = response.content.decode()
        assert 'class="home-lead"' in html and "Latest Stories" in html
        blocks = response.context["category_blocks"]
        assert [block["category"].name for block in blocks] == ["Politics", "World"]
        assert "View All" in html

    def test_the_home_page_shows_each_story_once(self, client, newsroom):
        """The category blocks skip what the lead and Latest Stories show; a story is not repeated."""
        for n in range(14):
            make_article(title=f"Story {n}", category=newsroom["politics" if n % 2 else "world"])

        response = client.get("/")

        html = main_region(response)
        cards = re.findall(r'<h[23] (?:id="lead-title" )?class="(?:home-lead|card)__title"><a href="([^"]+)"', html)
        assert len(cards) > 14 and len(cards) == len(set(cards)), cards
        on_page_one = {article.pk for article in response.context["articles"]}
        for block in response.context["category_blocks"]:
            assert block["articles"], block["category"]
            assert not on_page_one & {article.pk for article in block["articles"]}

    def test_unknown_slugs_answer_the_site_404(self, client, newsroom):
        for url in ["/no-such-story/", "/category/nope/", "/tag/nope/", "/author/nope/", "/category/nope/page/2/"]:
            response = client.get(url)
            assert response.status_code == 404, url
            assert "Sorry, we couldn’t find that page." in response.content.decode()
            assert "Latest News" in response.content.decode(), "404 is in the site layout"


class TestPagination:
    @pytest.fixture
    def many(self, newsroom, settings):
        for i in range(25):
            make_article(category=newsroom["world"], title=f"Filler {i}")
        return newsroom

    @pytest.mark.parametrize(
        "url,status",
        [
            ("/category/world/", 200),
            ("/category/world/page/1/", 301),
            ("/category/world/page/3/", 200),
            ("/category/world/page/4/", 404),
            ("/category/world/page/0/", 404),
            # A value that is not a page number in its one spelling is no part of the address:
            # the listing's first page, never a cache entry of its own.
            ("/category/world/?page=abc", 200),
            ("/category/world/?page=", 200),
            ("/category/world/?page=2", 200),
            ("/category/world/?page=-1", 200),
            ("/category/world/?page=99999999999999999999", 200),
            ("/category/world/?page=9", 404),
            ("/page/2/", 200),
            ("/page/9/", 404),
            ("/?page=abc", 200),
            ("/search/page/9/?q=Filler", 404),
        ],
    )
    def test_page_numbers(self, client, many, url, status):
        assert client.get(url).status_code == status

    def test_pages_link_to_wordpress_style_addresses(self, client, many):
        html = client.get("/category/world/page/2/").content.decode()
        assert 'href="/category/world/page/3/"' in html
        assert 'href="/category/world/"' in html, "page 1 is the listing itself"

    def test_search_pages_keep_the_query(self, client, many):
        html = client.get("/search/?q=Filler").content.decode()
        assert 'href="/search/page/2/?q=Filler"' in html


class TestSearchFallback:
    @pytest.mark.parametrize("query", ["", " ", "x" * 500, '"quoted" OR -not', "naïve café 🙂", "a\x00b", "%", "_"])
    def test_odd_queries_get_a_normal_page(self, client, newsroom, query):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200

    def test_an_empty_result_says_so_in_words(self, client, newsroom):
        html = client.get("/?s=zebra").content.decode()
        assert "Search results for" in html
        assert "nothing matched “zebra”" in html


class TestQueryCounts:
    """Pins the SQL per page, so that no card, FAQ or link adds a query of its own (n+1)."""

    @pytest.fixture(autouse=True)
    def _render_every_time(self, settings):
        settings.PAGE_CACHE_SECONDS = 0

    def _count(self, client, url, django_assert_num_queries, expected):
        cache.clear()
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200

    @pytest.mark.parametrize("extra", [0, 49])
    def test_listings_cost_the_same_whatever_their_length(
        self, client, newsroom, django_assert_num_queries, settings, extra
    ):
        settings.ARTICLES_PER_PAGE = 50
        for _ in range(extra):
            make_article(category=newsroom["world"], author=newsroom["author"], topic=newsroom["topic"])
        # With the cache empty: when the next scheduled article is due (asked once, then
        # cached); the chrome: categories, then editors' picks and latest news together,
        # and the footer's pages; then the page's own queries, with one for the co-authors
        # of all its cards; an author's page counts its articles as lead and as co-author.
        # A section's, author's or topic's page: +1 for the languages it has stories in
        # (its hreflang links and the switcher, articles/languages.py), then cached.
        self._count(client, "/category/world/", django_assert_num_queries, 9)
        self._count(client, "/author/ethan-kim/", django_assert_num_queries, 10)
        self._count(client, "/tag/high-stakes-diplomatic-visit/", django_assert_num_queries, 9)
        self._count(client, "/", django_assert_num_queries, 8)

    @pytest.mark.parametrize("faqs", [0, 10])
    def test_article_page_costs_the_same_whatever_its_faqs_and_links(
        self, client, newsroom, django_assert_num_queries, faqs
    ):
        for _ in range(faqs):
            make_faq(newsroom["article"])
            make_related_link(newsroom["article"])
        # the schedule (1), chrome (2), the footer's pages (1), the article (which says whether the story
        # has another language: this one has none, so there is no query for its translations), its
        # co-authors, its FAQs, its links, its corrections and updates, "You may also like" with their
        # co-authors (built once per category, then cached), the thread
        self._count(client, "/envoy-heads-east/", django_assert_num_queries, 12)

    def test_an_empty_page_cache_costs_no_query_more(self, client, newsroom, django_assert_num_queries, settings):
        # The page cache asks when the next scheduled article is due; the chrome then finds it cached.
        settings.PAGE_CACHE_SECONDS = 600
        self._count(client, "/envoy-heads-east/", django_assert_num_queries, 12)
        self._count(client, "/category/world/", django_assert_num_queries, 9)
        self._count(client, "/", django_assert_num_queries, 8)

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
    def test_postgresql_prepares_the_queries_a_page_repeats(self, client, newsroom):
        for _ in range(6):
            cache.clear()
            assert client.get("/envoy-heads-east/").status_code == 200

        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            prepared = [statement for (statement,) in cursor.fetchall()]
        assert any('FROM "comments_comment"' in statement for statement in prepared)
        assert any('FROM "articles_faq"' in statement for statement in prepared)


def test_server_error_page_renders_without_a_database(rf):
    from newsportal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side." in response.content.decode()


class TestNothingPublicNoPage:
    """A topic, section or author with no public article has no page and no feed: 404, its name nowhere."""

    @staticmethod
    def doors(kind, slug):
        base = f"/{kind}/{slug}/"
        return [base, f"{base}page/2/", f"{base}feed/", f"{base}feed/atom/"]

    @staticmethod
    def embargoed_objects():
        topic = make_topic(name="Secret Merger Talks", slug="secret-merger")
        tag = make_topic(name="Hidden Tag Name", slug="hidden-tag")
        category = make_category(name="Embargoed Section", slug="embargoed-section")
        author = make_author(name="Unrevealed Hire", slug="unrevealed-hire")
        make_draft(topic=topic, category=category, author=author).tags.add(tag)
        make_scheduled(topic=topic, category=category, author=author).tags.add(tag)
        return {"tag": [topic, tag], "category": [category], "author": [author]}

    def test_every_door_answers_404_without_the_name(self, client, newsroom):
        for kind, objects in self.embargoed_objects().items():
            for obj in objects:
                for url in self.doors(kind, obj.slug):
                    response = client.get(url)
                    assert response.status_code == 404, url
                    assert obj.name not in response.content.decode(), url

    def test_the_menu_and_the_search_filters_leave_them_out(self, client, newsroom):
        self.embargoed_objects()
        for url in ("/", "/search/?q=Envoy"):
            html = client.get(url).content.decode()
            assert "Embargoed Section" not in html and "Unrevealed Hire" not in html, url
            assert ">World</a>" in html
        response = client.get("/search/", {"q": "Envoy", "category": "embargoed-section"})
        assert response.status_code == 200
        assert "Embargoed Section" not in response.content.decode()

    def test_the_first_public_article_opens_them(self, client, newsroom):
        objects = self.embargoed_objects()
        topic, tag = objects["tag"]
        article = make_article(topic=topic, category=objects["category"][0], author=objects["author"][0])
        article.tags.add(tag)
        for kind, shown in objects.items():
            for obj in shown:
                for url in self.doors(kind, obj.slug)[::2]:
                    response = client.get(url)
                    assert response.status_code == 200, url
                    assert obj.name in response.content.decode(), url

    def test_an_empty_listing_costs_no_query_more(self, client, newsroom, django_assert_max_num_queries):
        self.embargoed_objects()
        client.get("/")  # the chrome, cached
        with django_assert_max_num_queries(3):
            assert client.get("/tag/secret-merger/").status_code == 404
