import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search as search_module
from articles.models import Article, Author, Topic
from articles.search import search

from .factories import make_article, make_author, make_category, make_draft, make_scheduled, make_topic

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="ranked full-text search (stored vector, stemming, ts_rank, ts_headline) exists only on PostgreSQL",
)
RESULT_LINK = re.compile(r'class="card__title"><a href="/([^"/]+)/"')


def result_slugs(response):
    assert response.status_code == 200
    return RESULT_LINK.findall(response.content.decode())


def snippets(response):
    return re.findall(r'<p class="card__excerpt card__snippet">(.*?)</p>', response.content.decode(), re.S)


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def newsroom():
    world = make_category(name="World", slug="world")
    sport = make_category(name="Sport", slug="sport")
    ethan = make_author(name="Ethan Kim", slug="ethan-kim")
    maria = make_author(name="Maria Lopez", slug="maria-lopez")
    return {"world": world, "sport": sport, "ethan": ethan, "maria": maria}


class TestRanking:
    def test_title_match_ranks_above_body_only_match(self, client, newsroom):
        make_article(
            slug="body-only",
            title="Council meets on Tuesday",
            body="<p>" + " ".join(["The glacier retreat worried everyone."] * 20) + "</p>",
            published_at=hours_ago(1),
        )
        make_article(
            slug="in-title",
            title="Glacier retreat speeds up",
            body="<p>Scientists measured it.</p>",
            published_at=hours_ago(48),
        )
        assert result_slugs(client.get("/search/", {"q": "glacier"})) == ["in-title", "body-only"]
        assert result_slugs(client.get("/", {"s": "glacier"})) == ["in-title", "body-only"]

    @postgresql_only
    def test_weights_rank_title_then_excerpt_then_body(self, client, newsroom):
        make_article(slug="in-body", title="Other news", excerpt="Nothing here.", body="<p>A volcano erupted.</p>")
        make_article(slug="in-excerpt", title="More news", excerpt="A volcano erupted.", body="<p>Ash fell.</p>")
        make_article(slug="in-title", title="Volcano erupts", excerpt="Ash fell.", body="<p>Ash fell.</p>")
        assert result_slugs(client.get("/search/", {"q": "volcano"})) == ["in-title", "in-excerpt", "in-body"]

    @postgresql_only
    def test_words_are_matched_by_their_stem(self, client, newsroom):
        make_article(slug="elections", title="Elections were held", body="<p>Voters voted.</p>")
        assert result_slugs(client.get("/search/", {"q": "election"})) == ["elections"]

    def test_topic_and_author_names_are_searched(self, client, newsroom):
        topic = make_topic(name="Monsoon season", slug="monsoon-season")
        make_article(slug="by-ethan", author=newsroom["ethan"], title="Rain report")
        make_article(slug="about-monsoon", author=newsroom["maria"], topic=topic, title="Rain report two")
        assert result_slugs(client.get("/search/", {"q": "Ethan"})) == ["by-ethan"]
        assert result_slugs(client.get("/search/", {"q": "Monsoon"})) == ["about-monsoon"]

    def test_every_word_must_match(self, client, newsroom):
        make_article(slug="both", title="Harbour storm damage")
        make_article(slug="one", title="Harbour regatta")
        assert result_slugs(client.get("/search/", {"q": "harbour storm"})) == ["both"]

    @postgresql_only
    def test_quotes_search_a_phrase_and_minus_excludes(self, client, newsroom):
        make_article(slug="phrase", title="The prime minister spoke")
        make_article(slug="apart", title="The minister spoke of prime numbers")
        assert result_slugs(client.get("/search/", {"q": '"prime minister"'})) == ["phrase"]
        assert result_slugs(client.get("/search/", {"q": "minister -numbers"})) == ["phrase"]


@postgresql_only
class TestStoredVectorStaysInSync:
    """The vector is written by triggers, so every write path keeps it right."""

    def test_bulk_created_articles_are_found(self, newsroom):
        Article.objects.bulk_create(
            Article(
                title=f"Bulk loaded zeppelin {n}",
                slug=f"bulk-{n}",
                author=newsroom["ethan"],
                category=newsroom["world"],
                status=Article.Status.PUBLISHED,
                published_at=hours_ago(n + 1),
            )
            for n in range(3)
        )
        assert len(search(Article.objects.published(), "zeppelin")) == 3

    def test_queryset_update_and_save_are_seen(self, newsroom):
        article = make_article(title="Quiet day", body="<p>Nothing.</p>")
        Article.objects.filter(pk=article.pk).update(body="<p>A meteor lit the sky.</p>")
        assert search(Article.objects.published(), "meteor").ids == [article.pk]
        article.refresh_from_db()
        article.title = "Comet seen"
        article.save()
        assert search(Article.objects.published(), "comet").ids == [article.pk]
        assert search(Article.objects.published(), "quiet").ids == []

    def test_renaming_an_author_or_topic_and_tagging_update_the_vector(self, newsroom):
        topic = make_topic(name="Tides", slug="tides")
        tag = make_topic(name="Lighthouses", slug="lighthouses")
        article = make_article(author=newsroom["ethan"], topic=topic, title="Coastal report")
        public = Article.objects.published()

        Author.objects.filter(pk=newsroom["ethan"].pk).update(name="Ethan Kowalczyk")
        assert search(public, "Kowalczyk").ids == [article.pk]

        topic.name = "Currents"
        topic.save()
        assert search(public, "currents").ids == [article.pk]
        assert search(public, "tides").ids == []

        article.tags.add(tag)
        assert search(public, "lighthouses").ids == [article.pk]
        article.tags.remove(tag)
        assert search(public, "lighthouses").ids == []

        Topic.objects.filter(pk=topic.pk).delete()
        assert search(public, "currents").ids == []


class TestSnippets:
    def test_matched_words_are_marked_in_title_and_snippet(self, client, newsroom):
        make_article(
            slug="storm",
            title="Storm closes the harbour",
            body="<p>Fishing boats stayed in the <strong>harbour</strong> all week.</p><p>More later.</p>",
        )
        response = client.get("/search/", {"q": "harbour"})
        html = response.content.decode()
        assert re.search(r"Storm closes the <mark>harbour</mark>", html)
        [snippet] = snippets(response)
        assert "<mark>harbour</mark>" in snippet
        assert "<strong>" not in snippet, "the body's markup is not carried into the snippet"

    def test_everything_but_the_marks_is_escaped(self, client, newsroom):
        make_article(
            slug="tricky",
            title='Harbour <b>bold</b> & "quoted"',
            body="<p>Harbour AT&amp;T text with &lt;script&gt;alert(1)&lt;/script&gt; in it.</p>",
        )
        response = client.get("/search/", {"q": "harbour"})
        html = response.content.decode()
        [snippet] = snippets(response)
        assert "<script>" not in html.split("<main", 1)[1]
        assert "&lt;script&gt;alert(1)" in snippet
        assert "AT&amp;T" in snippet, "entities of the stored HTML are decoded once, then escaped once"
        assert "&amp;amp;" not in snippet
        assert set(re.findall(r"</?([a-z]+)", snippet)) == {"mark"}
        title = re.search(r'class="card__title"><a href="/tricky/">(.*?)</a>', html).group(1)
        assert "&lt;b&gt;bold&lt;/b&gt;" in title
        assert set(re.findall(r"</?([a-z]+)", title)) == {"mark"}

    @postgresql_only
    def test_headlines_are_computed_for_the_page_rows_only(self, client, newsroom, settings):
        settings.PAGE_CACHE_SECONDS = 0
        for n in range(15):
            make_article(slug=f"kelp-{n}", title=f"Kelp forest {n}", body="<p>Kelp grows fast.</p>")
        with CaptureQueriesContext(connection) as queries:
            assert len(result_slugs(client.get("/search/", {"q": "kelp"}))) == 10
        [headline_sql] = [query["sql"] for query in queries.captured_queries if "ts_headline" in query["sql"]]
        [ids] = re.findall(r'"articles_article"\."id" IN \(([^)]*)\)', headline_sql)
        assert len(ids.split(",")) == 10


class TestFilters:
    @pytest.fixture
    def stories(self, newsroom):
        for category in ("world", "sport"):
            for author in ("ethan", "maria"):
                make_article(
                    slug=f"flood-{category}-{author}",
                    title=f"Flood warning {category} {author}",
                    category=newsroom[category],
                    author=newsroom[author],
                )
        return newsroom

    def test_category_and_author_narrow_the_results(self, client, stories):
        assert sorted(result_slugs(client.get("/search/", {"q": "flood", "category": "world"}))) == [
            "flood-world-ethan",
            "flood-world-maria",
        ]
        assert sorted(result_slugs(client.get("/search/", {"q": "flood", "author": "maria-lopez"}))) == [
            "flood-sport-maria",
            "flood-world-maria",
        ]
        response = client.get("/", {"s": "flood", "category": "sport", "author": "ethan-kim"})
        assert result_slugs(response) == ["flood-sport-ethan"]
        html = response.content.decode()
        assert '<option value="sport" selected>' in html
        assert '<option value="ethan-kim" selected>' in html

    def test_an_unknown_filter_is_a_form_error_not_a_500(self, client, stories):
        response = client.get("/search/", {"q": "flood", "category": "no-such-section"})
        assert response.status_code == 200
        assert result_slugs(response) == []
        assert "There is no such section" in response.content.decode()

    def test_pages_keep_the_words_and_the_filters(self, client, stories):
        for n in range(12):
            make_article(slug=f"flood-more-{n}", title=f"Flood more {n}", category=stories["world"])
        response = client.get("/search/", {"q": "flood", "category": "world"})
        assert len(result_slugs(response)) == 10
        assert 'href="/search/page/2/?q=flood&amp;category=world"' in response.content.decode()
        second = client.get("/search/page/2/", {"q": "flood", "category": "world"})
        assert len(result_slugs(second)) == 4
        assert client.get("/search/page/3/", {"q": "flood", "category": "world"}).status_code == 404
        assert client.get("/search/page/1/", {"q": "flood"}).status_code == 301


class TestOddQueries:
    @pytest.mark.parametrize(
        "query",
        [
            "",
            "   ",
            "x" * 500,
            "flood " * 100,
            '"unclosed quote',
            '"quoted phrase"',
            "& | ! :* <-> ( )",
            "!!!",
            "-",
            "or",
            "the",
            "'",
            "\\",
            "naïve café 🙂",
            "Ελλάδα 東京",
            "a\x00b",
            "%_",
            "<script>alert(1)</script>",
        ],
    )
    def test_any_query_gets_a_normal_page(self, client, newsroom, query):
        make_article(slug="flood", title="Flood warning")
        for response in (client.get("/search/", {"q": query}), client.get("/", {"s": query})):
            assert response.status_code == 200
            html = response.content.decode()
            assert "<script>alert(1)</script>" not in html

    def test_long_queries_are_cut_to_200_characters(self, client, newsroom):
        response = client.get("/search/", {"q": "y" * 500})
        assert response.context["query"] == "y" * 200

    def test_unicode_words_are_found(self, client, newsroom):
        make_article(slug="cafe", title="Café culture returns")
        assert result_slugs(client.get("/search/", {"q": "Café"})) == ["cafe"]

    def test_an_empty_result_says_so_in_words(self, client, newsroom):
        make_article(slug="flood", title="Flood warning")
        html = client.get("/", {"s": "zebra"}).content.decode()
        assert "Search results for" in html
        assert "Sorry, nothing matched “zebra”." in html
        assert "Type a word or two" in client.get("/search/").content.decode()


class TestNoLeaks:
    def test_drafts_and_scheduled_articles_are_never_found(self, client, newsroom):
        make_article(slug="public-quake", title="Quake public report")
        make_draft(slug="draft-quake", title="Quake draft SECRET", body="<p>Quake quake.</p>")
        make_scheduled(slug="future-quake", title="Quake future SECRET", body="<p>Quake quake.</p>")
        response = client.get("/search/", {"q": "quake"})
        assert result_slugs(response) == ["public-quake"]
        assert "SECRET" not in response.content.decode()
        assert "1 article found." in response.content.decode()
        assert search(Article.objects.published(), "secret").ids == []


class TestCandidateWindows:
    """Only the newest CANDIDATE_LIMIT matches are ranked; the windows must find exactly those."""

    @pytest.fixture
    def small_limits(self, monkeypatch):
        monkeypatch.setattr(search_module, "CANDIDATE_LIMIT", 3)
        monkeypatch.setattr(search_module, "WINDOW_SIZES", (4, 8, 16))

    @pytest.fixture
    def archive(self, newsroom):
        """Thirty days of other news, one story a day."""
        for n in range(30):
            make_article(
                slug=f"noise-{n}", title=f"Noise {n}", published_at=timezone.now() - timedelta(days=n, hours=1)
            )

    def test_the_newest_matches_are_ranked_and_the_count_says_there_are_more(self, client, archive, small_limits):
        # Matches spread through the archive: 2, 7, 12, 17, 22 and 27 days old.
        eels = [
            make_article(
                slug=f"eel-{n}", title=f"Eel sighting {n}", published_at=timezone.now() - timedelta(days=2 + 5 * n)
            )
            for n in range(6)
        ]
        results = search(Article.objects.published(), "eel")
        assert results.capped
        assert results.ids == [eel.pk for eel in eels[:3]]
        html = client.get("/search/", {"q": "eel"}).content.decode()
        assert "More than 3 articles found" in html

    def test_a_title_match_among_the_newest_still_ranks_first(self, archive, small_limits):
        make_article(slug="eel-body", title="Harbour news", body="<p>An eel.</p>", published_at=hours_ago(2))
        in_title = make_article(slug="eel-title", title="Eel found", published_at=timezone.now() - timedelta(days=3))
        make_article(slug="eel-body-2", title="River news", body="<p>An eel.</p>", published_at=hours_ago(3))
        assert search(Article.objects.published(), "eel").ids[0] == in_title.pk

    def test_old_matches_are_found_beyond_the_windows(self, archive, small_limits):
        old = [
            make_article(slug=f"eel-{n}", title=f"Eel {n}", published_at=timezone.now() - timedelta(days=100 + n))
            for n in range(2)
        ]
        results = search(Article.objects.published(), "eel")
        assert not results.capped
        assert sorted(results.ids) == sorted(article.pk for article in old)


class TestQueryCounts:
    """Pins the SQL of a results page: ranking, count and snippets do not grow with the matches."""

    # chrome (2) + the footer's pages (1) + the filter lists (2) + the search itself; on PostgreSQL the
    # search is BEGIN, SET LOCAL, window starts, one probe, COMMIT, ranking and
    # the page with its headlines; on SQLite the ranked ids and the page; then the page's co-authors.
    EXPECTED = {"postgresql": 14, "sqlite": 9}

    @pytest.mark.parametrize("matches", [3, 40])
    def test_results_page_costs_the_same_whatever_the_number_of_matches(
        self, client, newsroom, django_assert_num_queries, settings, matches
    ):
        settings.PAGE_CACHE_SECONDS = 0
        for n in range(matches):
            make_article(
                slug=f"tide-{n}", title=f"Tide table {n}", category=newsroom["world"], author=newsroom["ethan"]
            )
        cache.clear()
        with django_assert_num_queries(self.EXPECTED[connection.vendor]):
            response = client.get("/search/", {"q": "tide"})
        assert len(result_slugs(response)) == min(matches, 10)
