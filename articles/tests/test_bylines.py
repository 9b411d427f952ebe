"""Bylines: an article's authors in order, the lead first, and everything that names them."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import AUTHORS
from articles.models import Article, Author, Byline
from articles.services import article_publish, article_set_authors, articles_changed, author_save

from .factories import article_form_data, make_article, make_author, make_category, make_draft, make_user

pytestmark = pytest.mark.django_db

DC = "{http://purl.org/dc/elements/1.1/}creator"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def desk():
    world = make_category(name="World", slug="world")
    ethan = make_author(name="Ethan Kim", slug="ethan-kim")
    lily = make_author(name="Lily Rose", slug="lily-rose")
    guest = make_author(name="Guest Writer", slug="guest-writer", user=None)
    duo = make_article(title="Envoy heads east", slug="envoy-heads-east", category=world, author=ethan)
    article_set_authors(article=duo, authors=[ethan, lily])
    trio = make_article(title="Harbour talks resume", slug="harbour-talks", category=world, author=lily)
    article_set_authors(article=trio, authors=[lily, ethan, guest])
    solo = make_article(title="Ethan alone", slug="ethan-alone", category=world, author=ethan)
    return {"world": world, "ethan": ethan, "lily": lily, "guest": guest, "duo": duo, "trio": trio, "solo": solo}


def byline_text(html, css_class):
    match = re.search(rf'<(?:span|p) class="{css_class}[^"]*">(.*?)</(?:span|p)>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).split("·")[0].strip()


def card_slugs(html):
    """The articles a listing shows as cards, in order (the footer's items are not cards)."""
    return re.findall(r'class="card__title"><a href="/([^"]+)/"', html)


def json_ld_article(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(block for block in map(json.loads, blocks) if block.get("@type") == "NewsArticle")


# --- what readers see ------------------------------------------------------------------


class TestPages:
    def test_the_article_page_names_every_author_in_order_each_with_a_link(self, client, desk):
        assert byline_text(client.get("/ethan-alone/").content.decode(), "article__byline") == "by Ethan Kim"
        html = client.get("/envoy-heads-east/").content.decode()
        assert byline_text(html, "article__byline") == "by Ethan Kim and Lily Rose"
        html = client.get("/harbour-talks/").content.decode()
        assert byline_text(html, "article__byline") == "by Lily Rose, Ethan Kim and Guest Writer"
        for slug in ("lily-rose", "ethan-kim", "guest-writer"):
            assert f'<a href="/author/{slug}/" rel="author">' in html
            assert f'<meta property="article:author" content="http://testserver/author/{slug}/">' in html

    def test_cards_on_listings_show_the_whole_byline(self, client, desk):
        for url in ("/", "/category/world/", "/author/guest-writer/", "/search/?q=harbour"):
            html = client.get(url).content.decode()
            assert (
                'by <a href="/author/lily-rose/">Lily Rose</a>, <a href="/author/ethan-kim/">Ethan Kim</a> and '
                in (html)
            ), url

    def test_a_byline_name_is_escaped(self, client, desk):
        desk["lily"].name = "Lily <b>Rose</b>"
        author_save(author=desk["lily"])
        html = client.get("/envoy-heads-east/").content.decode()
        assert "Lily &lt;b&gt;Rose&lt;/b&gt;" in html
        assert "<b>Rose</b>" not in html

    def test_an_authors_page_lists_what_they_wrote_as_lead_or_co_author_newest_first(self, client, desk):
        cards = card_slugs(client.get("/author/ethan-kim/").content.decode())
        assert cards == [article.slug for article in (desk["duo"], desk["trio"], desk["solo"])]
        assert card_slugs(client.get("/author/guest-writer/").content.decode()) == ["harbour-talks"]

    def test_a_guest_contributor_has_a_page_and_feeds(self, client, desk):
        assert desk["guest"].is_guest
        assert client.get("/author/guest-writer/").status_code == 200
        assert client.get("/author/guest-writer/feed/").status_code == 200
        assert client.get("/author/guest-writer/feed/atom/").status_code == 200

    def test_an_author_of_drafts_only_has_no_page(self, client, desk):
        hidden = make_author(name="Hidden Hand", slug="hidden-hand")
        draft = make_draft(title="Secret", slug="secret", author=desk["ethan"])
        article_set_authors(article=draft, authors=[desk["ethan"], hidden])
        assert client.get("/author/hidden-hand/").status_code == 404
        assert "hidden-hand" not in client.get("/sitemap-authors.xml").content.decode()

    def test_the_authors_pages_are_paged_across_lead_and_co_written_articles(self, client, desk, monkeypatch):
        from articles.views import AuthorArticlesPaginator, AuthorView

        monkeypatch.setattr(AuthorView, "paginate_by", 2)
        monkeypatch.setattr(AuthorArticlesPaginator, "BOUNDARY_ROWS", 3)  # pages 2 and 3 seek from landmarks
        for n in range(3):
            extra = make_article(title=f"Co-written {n}", slug=f"co-written-{n}", author=desk["lily"])
            article_set_authors(article=extra, authors=[desk["lily"], desk["ethan"]])
        expected = list(Article.objects.published().by_author(desk["ethan"]).newest_first())
        assert len(expected) == 6
        shown = []
        for page in (1, 2, 3):
            url = "/author/ethan-kim/" + (f"page/{page}/" if page > 1 else "")
            response = client.get(url)
            assert response.status_code == 200, url
            shown += card_slugs(response.content.decode())
        assert shown == [article.slug for article in expected]
        assert client.get("/author/ethan-kim/page/4/").status_code == 404

    def test_a_co_written_article_published_later_leads_its_co_authors_page(self, client, desk, monkeypatch):
        """Its bylines keep the article's publication time (the author listings' index reads it from there)."""
        from articles.views import AuthorView

        monkeypatch.setattr(AuthorView, "paginate_by", 1)
        late = make_draft(
            title="Late draft", slug="late-draft", author=desk["lily"], published_at=timezone.now() - timedelta(30)
        )
        article_set_authors(article=late, authors=[desk["lily"], desk["ethan"]])
        article_publish(articles=Article.objects.filter(pk=late.pk))
        late.refresh_from_db()
        assert late.published_at > timezone.now() - timedelta(minutes=1)
        assert Byline.objects.get(article=late).article_published_at == late.published_at
        assert card_slugs(client.get("/author/ethan-kim/").content.decode()) == ["late-draft"]

    def test_a_bulk_writers_new_date_reaches_the_bylines(self, desk):
        """An import that rewrites a date and announces the article without its earlier state."""
        new_date = timezone.now() - timedelta(days=3)
        with transaction.atomic():
            Article.objects.filter(pk=desk["trio"].pk).update(published_at=new_date)
            articles_changed([desk["trio"].pk])
        assert set(Byline.objects.filter(article=desk["trio"]).values_list("article_published_at", flat=True)) == {
            new_date
        }

    def test_json_ld_names_every_author_as_a_person(self, client, desk):
        data = json_ld_article(client.get("/harbour-talks/").content.decode())
        assert data["author"] == [
            {"@type": "Person", "name": "Lily Rose", "url": "http://testserver/author/lily-rose/"},
            {"@type": "Person", "name": "Ethan Kim", "url": "http://testserver/author/ethan-kim/"},
            {"@type": "Person", "name": "Guest Writer", "url": "http://testserver/author/guest-writer/"},
        ]

    def test_the_search_filter_and_words_find_co_authors(self, client, desk):
        assert card_slugs(client.get("/search/?q=harbour&author=guest-writer").content.decode()) == ["harbour-talks"]
        assert card_slugs(client.get("/search/?q=envoy&author=guest-writer").content.decode()) == []
        assert card_slugs(client.get("/search/?q=guest").content.decode()) == ["harbour-talks"]


class TestFeeds:
    def test_rss_has_a_creator_per_author_in_order(self, client, desk):
        root = ET.fromstring(client.get("/feed/").content)
        items = {item.findtext("title"): [c.text for c in item.findall(DC)] for item in root.iter("item")}
        assert items["Harbour talks resume"] == ["Lily Rose", "Ethan Kim", "Guest Writer"]
        assert items["Envoy heads east"] == ["Ethan Kim", "Lily Rose"]
        assert items["Ethan alone"] == ["Ethan Kim"]

    def test_atom_has_an_author_per_author_in_order(self, client, desk):
        root = ET.fromstring(client.get("/feed/atom/").content)
        for entry in root.iter(f"{ATOM}entry"):
            if entry.findtext(f"{ATOM}title") == "Harbour talks resume":
                authors = [
                    (author.findtext(f"{ATOM}name"), author.findtext(f"{ATOM}uri"))
                    for author in entry.findall(f"{ATOM}author")
                ]
        assert authors == [
            ("Lily Rose", "http://testserver/author/lily-rose/"),
            ("Ethan Kim", "http://testserver/author/ethan-kim/"),
            ("Guest Writer", "http://testserver/author/guest-writer/"),
        ]

    def test_an_authors_feeds_hold_what_they_co_wrote(self, client, desk):
        for url in ("/author/ethan-kim/feed/", "/author/ethan-kim/feed/atom/"):
            content = client.get(url).content.decode()
            for title in ("Envoy heads east", "Harbour talks resume", "Ethan alone"):
                assert title in content, url
        content = client.get("/author/lily-rose/feed/").content.decode()
        assert "Ethan alone" not in content


class TestApi:
    def test_an_article_carries_its_authors_and_keeps_its_lead_as_author(self, client, desk):
        article = client.get("/api/v1/articles/slug/harbour-talks").json()["article"]
        assert article["author"]["slug"] == "lily-rose"
        assert [author["slug"] for author in article["authors"]] == ["lily-rose", "ethan-kim", "guest-writer"]
        assert article["authors"][2] == {
            "id": desk["guest"].pk,
            "slug": "guest-writer",
            "name": "Guest Writer",
            "url": "http://testserver/author/guest-writer/",
        }

    def test_the_author_filter_holds_co_written_articles(self, client, desk):
        articles = client.get("/api/v1/articles?author=guest-writer").json()["articles"]
        assert [article["slug"] for article in articles] == ["harbour-talks"]
        titles = {a["slug"] for a in client.get("/api/v1/articles?author=ethan-kim").json()["articles"]}
        assert titles == {"envoy-heads-east", "harbour-talks", "ethan-alone"}


# --- freshness -------------------------------------------------------------------------


class TestFreshness:
    def test_pages_name_the_key_of_every_author_of_a_byline(self, client, desk):
        ids = [desk[name].pk for name in ("lily", "ethan", "guest")]
        for url in ("/harbour-talks/", "/", "/category/world/", "/feed/", "/api/v1/articles"):
            keys = set(client.get(url)["xkey"].split())
            assert {f"author-{pk}" for pk in ids} <= keys, url

    def test_renaming_a_co_author_renames_them_on_every_cached_page(self, client, desk, announced):
        urls = ["/harbour-talks/", "/", "/category/world/", "/author/lily-rose/", "/feed/", "/api/v1/articles"]
        for url in urls:
            assert "Guest Writer" in client.get(url).content.decode(), url
        guest = desk["guest"]
        guest.name = "Gwen Guest"
        announced(author_save, author=guest)
        for url in urls:
            content = client.get(url).content.decode()
            assert "Gwen Guest" in content and "Guest Writer" not in content, url

    def test_adding_a_co_author_adds_the_article_to_their_listings_and_removing_takes_it_off(
        self, client, desk, announced
    ):
        def listed():
            page = card_slugs(client.get("/author/guest-writer/").content.decode())
            feed = ET.fromstring(client.get("/author/guest-writer/feed/").content)
            return "ethan-alone" in page, "Ethan alone" in [item.findtext("title") for item in feed.iter("item")]

        assert listed() == (False, False)
        solo = desk["solo"]
        announced(article_set_authors, article=solo, authors=[desk["ethan"], desk["guest"]])
        assert listed() == (True, True)
        page = client.get("/ethan-alone/").content.decode()
        assert byline_text(page, "article__byline") == "by Ethan Kim and Guest Writer"
        announced(article_set_authors, article=solo, authors=[desk["ethan"]])
        assert listed() == (False, False)
        assert byline_text(client.get("/ethan-alone/").content.decode(), "article__byline") == "by Ethan Kim"

    def test_a_change_of_co_authors_announces_the_listings_of_both_sides(self, desk, announced, monkeypatch):
        from newsportal import freshness

        announcements = []
        real = freshness.announce

        def record(*objects, keys=(), **kwargs):
            announcements.append(set(keys))
            return real(*objects, keys=keys, **kwargs)

        monkeypatch.setattr("articles.services.freshness.announce", record)
        announced(article_set_authors, article=desk["duo"], authors=[desk["ethan"], desk["guest"]])
        keys = set().union(*announcements)
        for author in ("ethan", "lily", "guest"):
            assert f"list-author-{desk[author].pk}" in keys
        assert f"article-{desk['duo'].pk}" in keys

    def test_reordering_a_byline_drops_the_page_but_no_author_listing_moves(self, client, desk, announced):
        assert byline_text(client.get("/envoy-heads-east/").content.decode(), "article__byline").startswith(
            "by Ethan Kim"
        )
        announced(article_set_authors, article=desk["duo"], authors=[desk["lily"], desk["ethan"]])
        html = client.get("/envoy-heads-east/").content.decode()
        assert byline_text(html, "article__byline") == "by Lily Rose and Ethan Kim"
        assert Article.objects.get(pk=desk["duo"].pk).author == desk["lily"]
        assert list(desk["duo"].bylines.values_list("author__slug", flat=True)) == ["ethan-kim"]


# --- constant query counts ---------------------------------------------------------------


class TestQueryCounts:
    @pytest.fixture(autouse=True)
    def _render_every_time(self, settings):
        settings.PAGE_CACHE_SECONDS = 0

    def count(self, client, url):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    def test_bylines_cost_one_query_per_listing_whatever_their_number(self, client, desk):
        urls = ["/", "/category/world/", "/author/ethan-kim/", "/envoy-heads-east/", "/feed/", "/api/v1/articles"]
        before = {url: self.count(client, url) for url in urls}
        authors = [make_author() for _ in range(4)]
        for n in range(8):
            article = make_article(title=f"Many hands {n}", category=desk["world"], author=desk["ethan"])
            article_set_authors(article=article, authors=[desk["ethan"], *authors[: 1 + n % 4]])
        article_set_authors(article=desk["duo"], authors=[desk["ethan"], desk["lily"], *authors])
        assert {url: self.count(client, url) for url in urls} == before


# --- the newsroom ---------------------------------------------------------------------


CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def byline_rows(*authors):
    data = {"bylines-TOTAL_FORMS": str(len(authors)), "bylines-INITIAL_FORMS": "0"}
    for n, author in enumerate(authors):
        data[f"bylines-{n}-author"] = author.pk
        data[f"bylines-{n}-position"] = n + 1
    return data


@pytest.fixture
def author_pair(db):
    """Two newsroom accounts in the Authors group with their profiles: Wanda and Oscar."""
    wanda = make_user(username="wanda", groups=[AUTHORS])
    oscar = make_user(username="oscar", groups=[AUTHORS])
    return (
        make_author(name="Wanda Writer", slug="wanda-writer", user=wanda),
        make_author(name="Oscar Other", slug="oscar-other", user=oscar),
    )


class TestAdmin:
    def test_an_editor_adds_co_authors_in_order(self, client, editor, desk, announced):
        client.force_login(editor)
        solo = desk["solo"]
        data = article_form_data(solo, **byline_rows(desk["guest"], desk["lily"]))
        response = announced(client.post, change_url(solo), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        solo.refresh_from_db()
        assert [author.slug for author in solo.authors] == ["ethan-kim", "guest-writer", "lily-rose"]
        assert byline_text(client.get("/ethan-alone/").content.decode(), "article__byline") == (
            "by Ethan Kim, Guest Writer and Lily Rose"
        )

    def test_the_change_form_has_the_co_authors_inline_for_editors_and_authors(self, client, editor, author_pair):
        wanda, oscar = author_pair
        draft = make_draft(title="Joint draft", slug="joint-draft", author=oscar)
        article_set_authors(article=draft, authors=[oscar, wanda])
        for user, url in ((editor, change_url(draft)), (wanda.user, change_url(draft)), (wanda.user, ADD)):
            client.force_login(user)
            html = client.get(url).content.decode()
            assert 'name="bylines-TOTAL_FORMS"' in html, url
            assert "Co-authors (in the byline after the lead author, in this order)" in html, url

    def test_the_lead_cannot_be_a_co_author_too_nor_a_co_author_twice(self, client, editor, desk):
        client.force_login(editor)
        solo = desk["solo"]
        for rows in ((desk["ethan"],), (desk["lily"], desk["lily"])):
            response = client.post(change_url(solo), article_form_data(solo, **byline_rows(*rows)))
            assert response.status_code == 200
            assert "errornote" in response.content.decode()
        assert not solo.bylines.exists()

    def test_a_co_author_made_lead_leaves_the_co_authors(self, client, editor, desk, announced):
        client.force_login(editor)
        duo = desk["duo"]
        byline = duo.bylines.get()
        data = article_form_data(duo, author=desk["lily"].pk)
        data.update({"bylines-TOTAL_FORMS": "1", "bylines-INITIAL_FORMS": "1"})
        data.update({"bylines-0-id": byline.pk, "bylines-0-article": duo.pk, "bylines-0-DELETE": "on"})
        data.update({"bylines-0-author": desk["lily"].pk, "bylines-0-position": "1"})
        response = announced(client.post, change_url(duo), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        duo.refresh_from_db()
        assert [author.slug for author in duo.authors] == ["lily-rose"]

    def test_the_list_shows_every_byline_and_filters_by_any_author(self, client, editor, desk):
        client.force_login(editor)
        html = client.get(CHANGELIST).content.decode()
        assert "Lily Rose, Ethan Kim, Guest Writer" in html
        html = client.get(CHANGELIST, {"byline_author": desk["guest"].pk}).content.decode()
        assert "Harbour talks resume" in html and "Ethan alone" not in html  # the admin has no footer

    def test_the_author_list_marks_guest_contributors(self, client, editor, desk, author_pair):
        client.force_login(editor)
        html = client.get(reverse("admin:articles_author_changelist")).content.decode()
        assert html.count("Guest contributor") == Author.objects.filter(user=None).count()
        assert "wanda" in html

    def test_a_co_author_sees_and_edits_the_draft_but_keeps_its_lead(self, client, author_pair, announced):
        wanda, oscar = author_pair
        draft = make_draft(title="Joint draft", slug="joint-draft", author=oscar)
        article_set_authors(article=draft, authors=[oscar, wanda])
        mine_alone = make_draft(title="Oscar's own", slug="oscars-own", author=oscar)
        client.force_login(wanda.user)
        html = client.get(CHANGELIST).content.decode()
        assert "Joint draft" in html and "Oscar&#x27;s own" not in html
        assert client.get(change_url(mine_alone)).status_code == 302  # not theirs: sent away
        data = article_form_data(draft, title="Joint draft, revised")
        data.update(
            {
                "bylines-TOTAL_FORMS": "1",
                "bylines-INITIAL_FORMS": "1",
                "bylines-0-id": draft.bylines.get().pk,
                "bylines-0-article": draft.pk,
                "bylines-0-author": wanda.pk,
                "bylines-0-position": "1",
            }
        )
        response = announced(client.post, change_url(draft), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        draft.refresh_from_db()
        assert draft.title == "Joint draft, revised"
        assert [author.slug for author in draft.authors] == ["oscar-other", "wanda-writer"]
        assert client.get(f"/{draft.slug}/").status_code == 200  # the newsroom's preview

    def test_a_co_author_may_not_change_it_once_published(self, client, author_pair):
        wanda, oscar = author_pair
        live = make_article(title="Published joint story", author=oscar)
        article_set_authors(article=live, authors=[oscar, wanda])
        client.force_login(wanda.user)
        response = client.post(change_url(live), article_form_data(live, title="Rewritten"))
        assert response.status_code == 403
        live.refresh_from_db()
        assert live.title == "Published joint story"

    def test_an_author_names_a_co_author_on_a_new_draft(self, client, author_pair, desk, announced):
        wanda, oscar = author_pair
        client.force_login(wanda.user)
        data = article_form_data(
            title="Written together",
            slug="written-together",
            author=oscar.pk,  # read-only for authors: a new article is always their own
            category=desk["world"].pk,
            **byline_rows(oscar),
        )
        response = announced(client.post, ADD, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        article = Article.objects.get(slug="written-together")
        assert [author.slug for author in article.authors] == ["wanda-writer", "oscar-other"]
        client.force_login(oscar.user)
        assert "Written together" in client.get(CHANGELIST).content.decode()
        autocomplete = client.get(
            reverse("admin:autocomplete"),
            {"term": "Wan", "app_label": "articles", "model_name": "byline", "field_name": "author"},
        )
        assert autocomplete.status_code == 200
        assert "Wanda Writer" in autocomplete.content.decode()

    def test_a_guest_contributors_articles_are_edited_by_editors(self, client, editor, desk, announced):
        client.force_login(editor)
        guest_piece = make_draft(title="Guest column", slug="guest-column", author=desk["guest"])
        response = announced(client.post, change_url(guest_piece), article_form_data(guest_piece, title="Column"))
        assert response.status_code == 302
        guest_piece.refresh_from_db()
        assert guest_piece.title == "Column" and guest_piece.author == desk["guest"]


def test_an_author_with_co_written_articles_cannot_be_deleted_from_under_them(desk):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        desk["guest"].delete()
    assert Byline.objects.filter(author=desk["guest"]).exists()
