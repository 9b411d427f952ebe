"""Articles in several languages: addresses, translations, and everything that follows the address's language."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import override

from articles import languages, services
from articles.admin import ArticleAdminForm
from articles.models import Article, Author, Category, Topic

from .factories import make_article, make_category, make_faq, make_related_link, make_topic

XHTML = "{http://www.w3.org/1999/xhtml}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def translate(source, language, **fields):
    """A translation of `source`, made as the newsroom makes one, then written and published."""
    translation = services.article_translate(source=source, language=language)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.status = Article.Status.PUBLISHED
    services.article_save(article=translation)
    return translation


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switcher(html):
    """The footer's language list: code → (address, note)."""
    found = re.findall(
        r'<li><a href="([^"]*)" lang="([^"]+)" hreflang="[^"]+"[^>]*>[^<]*</a>'
        r'(?: <span class="lang-switcher__note">\(([^)]*)\)</span>)?</li>',
        html,
    )
    return {code: (url, note) for url, code, note in found}


@pytest.fixture
def story(db):
    """An English story translated into Spanish and French (published), with a Spanish draft of another."""
    politics = make_category(name="Politics", slug="politics")
    english = make_article(title="Election night", slug="election-night", category=politics)
    spanish = translate(english, "es", title="Noche electoral", slug="noche-electoral")
    french = translate(english, "fr", title="Soirée électorale", slug="soiree-electorale")
    alone = make_article(title="Harbour reopens", slug="harbour-reopens", category=politics)
    draft = services.article_translate(source=alone, language="es")
    return {"en": english, "es": spanish, "fr": french, "alone": alone, "draft": draft}


class TestAddresses:
    def test_english_keeps_its_addresses_and_the_others_are_prefixed(self, client, story):
        assert story["en"].get_absolute_url() == "/election-night/"
        assert story["es"].get_absolute_url() == "/es/noche-electoral/"
        assert story["fr"].get_absolute_url() == "/fr/soiree-electorale/"
        for url in ("/", "/election-night/", "/category/politics/", "/feed/", "/es/", "/es/noche-electoral/"):
            assert client.get(url).status_code == 200, url
        with override("es"):
            assert reverse("articles:home") == "/es/"
        assert reverse("articles:home") == "/"

    def test_the_language_comes_from_the_address_only(self, client, story):
        response = client.get("/election-night/", HTTP_ACCEPT_LANGUAGE="es", cookies={"django_language": "es"})
        assert response.status_code == 200
        assert '<html lang="en"' in response.content.decode()
        assert "Vary" not in response or "Accept-Language" not in response["Vary"]
        response = client.get("/es/noche-electoral/", HTTP_ACCEPT_LANGUAGE="en")
        assert '<html lang="es"' in response.content.decode()
        assert response["Content-Language"] == "es"

    def test_the_home_page_offers_every_language_in_the_same_bytes_for_every_reader(self, client, story):
        english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content
        spanish_browser = client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9").content
        assert english == spanish_browser
        html = english.decode()
        assert "data-language-offer hidden" in html
        assert html.count("data-offer=") == 4
        assert "data-offer=" not in client.get("/election-night/").content.decode()

    def test_an_article_answers_only_at_its_own_languages_address(self, client, story):
        assert client.get("/es/election-night/").status_code == 404
        assert client.get("/noche-electoral/").status_code == 404
        assert client.get("/fr/noche-electoral/").status_code == 404

    def test_an_unknown_language_prefix_is_the_english_404(self, client, story):
        for url in ("/de/", "/de/noche-electoral/", "/xx/election-night/"):
            response = client.get(url)
            assert response.status_code == 404, url
            assert '<html lang="en"' in response.content.decode()

    def test_admin_api_and_sitemaps_are_not_prefixed(self, client, story):
        assert client.get("/es/sitemap.xml").status_code == 404
        assert client.get("/sitemap.xml").status_code == 200
        assert client.get("/api/v1/articles").status_code == 200
        assert client.get("/es/api/v1/articles", follow=True).status_code == 404

    def test_a_draft_translation_is_not_public(self, client, story):
        assert client.get(story["draft"].get_absolute_url()).status_code == 404


class TestSlugs:
    def test_the_same_slug_may_be_used_in_two_languages(self, story):
        same = make_article(slug="election-night", language="es")
        assert same.get_absolute_url() == "/es/election-night/"

    def test_a_slug_taken_in_its_language_is_a_form_error(self, story):
        data = {"title": "Otra", "slug": "noche-electoral", "language": "es"}
        article = Article(author=story["en"].author, category=story["en"].category, **data)
        with pytest.raises(ValidationError) as error:
            article.full_clean()
        assert "slug" in error.value.message_dict
        form = ArticleAdminForm(
            data={
                **data,
                "status": "draft",
                "published_at_0": "2026-01-01",
                "published_at_1": "10:00",
                "author": story["en"].author_id,
                "category": story["en"].category_id,
                "comments_open": "on",
            }
        )
        assert not form.is_valid()
        assert form.errors["slug"] == ["Another article in this language has this slug; choose another one."]

    def test_a_language_code_is_not_a_slug(self, story):
        article = Article(title="x", slug="es", author=story["en"].author, category=story["en"].category)
        with pytest.raises(ValidationError) as error:
            article.full_clean()
        assert "slug" in error.value.message_dict


class TestTranslating:
    def test_a_translation_is_a_linked_draft_with_what_a_translator_starts_from(self, db):
        topic, tag = make_topic(), make_topic()
        source = make_article(title="Dam opens", excerpt="Water flows.", topic=topic, featured_image_alt="")
        source.tags.add(tag)
        make_faq(source, question="Why?", answer="Because.")
        make_related_link(source, title="More", url="https://example.org/more")
        translation = services.article_translate(source=source, language="fr")
        assert translation.status == Article.Status.DRAFT
        assert (translation.language, translation.slug) == ("fr", source.slug)
        assert translation.translation_key == source.translation_key
        assert translation.translation_source == source
        assert (translation.title, translation.excerpt, translation.body) == (
            source.title,
            source.excerpt,
            source.body,
        )
        assert (translation.category, translation.topic, translation.author) == (source.category, topic, source.author)
        assert list(translation.tags.all()) == [tag]
        assert [(faq.question, faq.answer) for faq in translation.faqs.all()] == [("Why?", "Because.")]
        assert [(link.title, link.url) for link in translation.related_links.all()] == [
            ("More", "https://example.org/more")
        ]
        assert translation.comment_count == 0 and not translation.source_changed

    def test_a_translation_into_the_sources_own_language_is_refused(self, db):
        source = make_article()
        with pytest.raises(ValidationError, match="already in English"):
            services.article_translate(source=source, language="en")

    def test_a_second_translation_into_a_language_is_refused(self, db):
        source = make_article()
        services.article_translate(source=source, language="es")
        with pytest.raises(ValidationError, match="already has a translation"):
            services.article_translate(source=source, language="es")

    def test_an_unknown_language_is_refused(self, db):
        with pytest.raises(ValidationError, match="not published in"):
            services.article_translate(source=make_article(), language="de")

    def test_a_slug_taken_in_the_target_language_gets_the_language_after_it(self, db):
        source = make_article(slug="summit")
        make_article(slug="summit", language="es")
        assert services.article_translate(source=source, language="es").slug == "summit-es"


class TestSourceChanged:
    def test_a_change_of_the_source_marks_its_translations_until_reviewed(self, story):
        english = story["en"]
        english.title = "Election night: the results"
        services.article_save(article=english)
        spanish, french = (Article.objects.get(pk=story[code].pk) for code in ("es", "fr"))
        assert spanish.source_changed and french.source_changed
        changes = dict(services.source_changes(spanish))
        assert changes == {"Title": ["-Election night", "+Election night: the results"]}
        services.article_mark_translation_reviewed(articles=Article.objects.filter(pk=spanish.pk))
        spanish.refresh_from_db()
        assert not spanish.source_changed
        assert services.source_changes(spanish) == []
        assert Article.objects.get(pk=french.pk).source_changed

    def test_saving_the_source_unchanged_marks_nothing(self, story):
        services.article_save(article=story["en"])
        assert not Article.objects.filter(source_changed=True).exists()

    def test_a_new_faq_in_the_source_is_a_change(self, story):
        make_faq(story["en"], question="Who won?", answer="The count goes on.")
        services.article_save(article=story["en"])
        assert Article.objects.get(pk=story["es"].pk).source_changed
        assert dict(services.source_changes(story["es"]))["FAQs"] == ["+Who won? — The count goes on."]

    def test_the_admin_filters_and_shows_what_changed(self, client, story, admin_user):
        story["en"].excerpt = "A new excerpt."
        services.article_save(article=story["en"])
        client.force_login(admin_user)
        listing = client.get(reverse("admin:articles_article_changelist") + "?source_changed__exact=1")
        assert "Noche electoral" in listing.content.decode()
        assert "Harbour reopens" not in listing.content.decode()
        page = client.get(reverse("admin:articles_article_change", args=[story["es"].pk])).content.decode()
        assert "has changed since" in page
        assert "+A new excerpt." in page

    def test_the_admin_translate_action_makes_the_draft_and_opens_it(self, client, story, admin_user):
        client.force_login(admin_user)
        response = client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "translate_ar", "_selected_action": [story["en"].pk]},
        )
        arabic = Article.objects.get(translation_key=story["en"].translation_key, language="ar")
        assert response["Location"] == reverse("admin:articles_article_change", args=[arabic.pk])
        assert arabic.status == Article.Status.DRAFT
        response = client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "translate_en", "_selected_action": [story["en"].pk]},
            follow=True,
        )
        assert "already in English" in response.content.decode()


class TestEverythingFollowsTheLanguage:
    def test_hreflang_links_are_reciprocal_with_x_default(self, client, story):
        pages = {code: client.get(story[code].get_absolute_url()).content.decode() for code in ("en", "es", "fr")}
        expected = {
            "en": "http://testserver/election-night/",
            "es": "http://testserver/es/noche-electoral/",
            "fr": "http://testserver/fr/soiree-electorale/",
            "x-default": "http://testserver/election-night/",
        }
        for html in pages.values():
            assert alternates(html) == expected

    def test_an_unpublished_translation_is_in_no_hreflang_or_switcher(self, client, story):
        services.article_unpublish(articles=Article.objects.filter(pk=story["fr"].pk))
        html = client.get("/election-night/").content.decode()
        assert "fr" not in alternates(html)
        assert switcher(html)["fr"] == ("/fr/", "home page: this article is not translated")

    def test_the_switcher_links_to_the_translation_or_says_it_goes_home(self, client, story):
        html = client.get("/election-night/").content.decode()
        links = switcher(html)
        assert links["en"] == ("/election-night/", "")
        assert links["es"] == ("/es/noche-electoral/", "")
        assert links["ar"] == ("/ar/", "home page: this article is not translated")
        spanish = switcher(client.get("/es/noche-electoral/").content.decode())
        assert spanish["en"][0] == "/election-night/"

    def test_html_lang_and_json_ld_in_language(self, client, story):
        html = client.get("/fr/soiree-electorale/").content.decode()
        assert '<html lang="fr"' in html
        assert '"inLanguage": "fr"' in html

    def test_listings_show_only_the_readers_language(self, client, story):
        english = client.get("/").content.decode()
        spanish = client.get("/es/").content.decode()
        assert "Election night" in english and "Noche electoral" not in english
        assert "Noche electoral" in spanish and "Election night" not in spanish and "Harbour reopens" not in spanish
        assert "Noche electoral" in client.get("/es/category/politics/").content.decode()
        # "You may also like" and the footer: Spanish stories only.
        article = client.get("/es/noche-electoral/").content.decode()
        assert "Harbour reopens" not in article and "Soirée" not in article

    def test_a_sections_page_links_to_itself_in_the_languages_it_has_stories_in(self, client, story):
        expected = {
            "en": "http://testserver/category/politics/",
            "es": "http://testserver/es/category/politics/",
            "fr": "http://testserver/fr/category/politics/",
            "x-default": "http://testserver/category/politics/",
        }
        for url in ("/category/politics/", "/es/category/politics/", "/fr/category/politics/"):
            html = client.get(url).content.decode()
            assert alternates(html) == expected, url
            links = switcher(html)
            assert links["es"] == ("/es/category/politics/", "")
            assert links["ar"][0] == "/ar/"
        assert switcher(html)["ar"][1] == "page d’accueil : cette page n’est pas traduite"
        author = story["en"].author
        assert alternates(client.get(f"/es/author/{author.slug}/").content.decode())["en"] == (
            f"http://testserver/author/{author.slug}/"
        )

    def test_a_sections_languages_follow_its_first_and_last_story_in_one(
        self, client, story, settings, django_capture_on_commit_callbacks
    ):
        settings.PAGE_CACHE_SECONDS = 600
        client.get("/category/politics/")
        assert "ar" not in alternates(client.get("/category/politics/").content.decode())
        with django_capture_on_commit_callbacks(execute=True):
            translate(story["en"], "ar", title="ليلة الانتخابات", slug="laylat-al-intikhabat")
        assert "ar" in alternates(client.get("/category/politics/").content.decode())
        with django_capture_on_commit_callbacks(execute=True):
            services.article_unpublish(articles=Article.objects.filter(pk=story["fr"].pk))
        html = client.get("/category/politics/").content.decode()
        assert "fr" not in alternates(html)
        assert switcher(html)["fr"] == ("/fr/", "home page: this page is not translated")

    def test_a_listing_without_articles_in_the_language_is_a_404(self, client, story):
        make_article(category=make_category(slug="sports"))
        assert client.get("/category/sports/").status_code == 200
        assert client.get("/es/category/sports/").status_code == 404

    def test_feeds_per_language(self, client, story):
        spanish = client.get("/es/feed/").content.decode()
        assert "<language>es</language>" in spanish
        assert "Noche electoral" in spanish and "Election night" not in spanish
        english = client.get("/feed/").content.decode()
        assert "Election night" in english and "Noche electoral" not in english
        assert client.get("/fr/category/politics/feed/").status_code == 200
        assert client.get("/ar/feed/").status_code == 200

    def test_search_finds_only_the_readers_language(self, client, story):
        assert "Noche electoral" in client.get("/es/?s=noche").content.decode()
        assert "Noche electoral" not in client.get("/?s=noche").content.decode()

    def test_the_sitemap_carries_each_articles_public_alternates(self, client, story):
        root = ET.fromstring(client.get("/sitemap-articles.xml").content)
        urls = {url.find(f"{SITEMAP}loc").text: url for url in root.findall(f"{SITEMAP}url")}
        assert "http://testserver/harbour-reopens/" in urls
        assert not any("/es/harbour-reopens/" in loc for loc in urls)
        for loc in (
            "http://testserver/election-night/",
            "http://testserver/es/noche-electoral/",
            "http://testserver/fr/soiree-electorale/",
        ):
            links = {link.get("hreflang"): link.get("href") for link in urls[loc].findall(f"{XHTML}link")}
            assert links == {
                "en": "http://testserver/election-night/",
                "es": "http://testserver/es/noche-electoral/",
                "fr": "http://testserver/fr/soiree-electorale/",
                "x-default": "http://testserver/election-night/",
            }
        assert urls["http://testserver/harbour-reopens/"].findall(f"{XHTML}link") == []

    def test_the_news_sitemap_names_each_articles_language(self, client, story):
        root = ET.fromstring(client.get("/news-sitemap.xml").content)
        languages = {
            url.find(f"{SITEMAP}loc").text: url.find(f"{NEWS}news/{NEWS}publication/{NEWS}language").text
            for url in root.findall(f"{SITEMAP}url")
        }
        assert languages["http://testserver/es/noche-electoral/"] == "es"
        assert languages["http://testserver/election-night/"] == "en"

    def test_publishing_a_french_article_keeps_the_other_homes_cached(
        self, client, story, settings, django_capture_on_commit_callbacks
    ):
        settings.PAGE_CACHE_SECONDS = 600
        for url in ("/", "/es/", "/fr/"):
            client.get(url)
            assert client.get(url)["X-Page-Cache"] == "HIT"
        newer = services.article_translate(source=story["alone"], language="fr")
        with django_capture_on_commit_callbacks(execute=True):
            services.article_publish(articles=Article.objects.filter(pk=newer.pk))
        assert client.get("/")["X-Page-Cache"] == "HIT"
        assert client.get("/es/")["X-Page-Cache"] == "HIT"
        response = client.get("/fr/")
        assert response["X-Page-Cache"] == "MISS"
        assert "Harbour reopens" in response.content.decode()

    def test_publishing_a_translation_drops_its_siblings_pages(
        self, client, story, settings, django_capture_on_commit_callbacks
    ):
        settings.PAGE_CACHE_SECONDS = 600
        client.get("/harbour-reopens/")
        assert client.get("/harbour-reopens/")["X-Page-Cache"] == "HIT"
        with django_capture_on_commit_callbacks(execute=True):
            services.article_publish(articles=Article.objects.filter(pk=story["draft"].pk))
        response = client.get("/harbour-reopens/")
        assert response["X-Page-Cache"] == "MISS"
        assert alternates(response.content.decode())["es"] == "http://testserver/es/harbour-reopens/"


class TestQueryCounts:
    @pytest.fixture(autouse=True)
    def _render_every_time(self, settings):
        settings.PAGE_CACHE_SECONDS = 0

    @pytest.mark.parametrize("code", ["en", "es", "fr"])
    def test_the_article_page_costs_the_same_in_every_language(self, client, story, django_assert_num_queries, code):
        """One query for the story's public translations (hreflang and switcher), however many there are."""
        cache.clear()
        # As test_pages pins it: the schedule, chrome (2), footer pages, the article, its co-authors,
        # FAQs, links, corrections, "You may also like" with their co-authors, the thread, and the
        # story's public translations.
        with django_assert_num_queries(13):
            assert client.get(story[code].get_absolute_url()).status_code == 200
        # With the fragments cached, as on a live site: the article, its co-authors, FAQs, links,
        # corrections and the thread: as on a site in English only (TestEnglishOnly), since the
        # story's versions are cached too.
        with django_assert_num_queries(6):
            assert client.get(story[code].get_absolute_url()).status_code == 200

    def test_a_story_in_one_language_needs_no_query_for_its_translations(
        self, client, story, django_assert_num_queries
    ):
        # Its Spanish translation is a draft: the article's own query says there is no other public one.
        cache.clear()
        with django_assert_num_queries(12):
            html = client.get("/harbour-reopens/").content.decode()
        assert alternates(html) == {
            "en": "http://testserver/harbour-reopens/",
            "x-default": "http://testserver/harbour-reopens/",
        }
        assert switcher(html)["es"] == ("/es/", "home page: this article is not translated")
        assert switcher(html)["en"] == ("/harbour-reopens/", "")


class TestEnglishOnly:
    @pytest.fixture(autouse=True)
    def _english_only(self, settings):
        settings.LANGUAGES = [("en", "English")]
        settings.PAGE_CACHE_SECONDS = 0

    @pytest.fixture
    def story(self, db):
        english = make_article(title="Election night", slug="election-night")
        make_article(
            title="Noche electoral", slug="noche-electoral", language="es", translation_key=english.translation_key
        )

    def test_the_site_runs_in_english_only(self, client, story, django_assert_num_queries):
        assert client.get("/es/").status_code == 404
        assert client.get("/es/noche-electoral/").status_code == 404
        cache.clear()
        # No translation query on a site in one language.
        with django_assert_num_queries(12):
            html = client.get("/election-night/").content.decode()
        with django_assert_num_queries(6):
            client.get("/election-night/")
        assert alternates(html) == {}
        assert list(switcher(html)) == ["en"]
        sitemap = client.get("/sitemap-articles.xml").content.decode()
        assert "noche-electoral" not in sitemap and "xhtml:link" not in sitemap


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's full-text search")
class TestSearchInTheArticlesLanguage:
    """Each article's search vector is built with its language's stemmer (migration 0007), and so is the query."""

    def test_a_spanish_query_finds_the_spanish_word_in_another_form(self, client, db):
        make_article(title="La elección del alcalde", slug="la-eleccion", language="es", body="<p>Votos.</p>")
        make_article(title="Election of the mayor", slug="the-election", body="<p>Votes.</p>")
        spanish = client.get("/es/?s=elecciones").content.decode()
        assert "elección del alcalde" in spanish
        assert "Election of the mayor" not in spanish

    def test_french_and_english_use_their_own_stemmers(self, client, db):
        make_article(title="Les élections régionales", slug="les-elections", language="fr")
        make_article(title="Voters head to the polls", slug="polls", body="<p>Elections everywhere.</p>")
        assert "élections régionales" in client.get("/fr/?s=élection").content.decode()
        english = client.get("/?s=election").content.decode()
        assert "Voters head to the polls" in english and "régionales" not in english

    def test_arabic_words_match_as_written(self, client, db):
        make_article(title="انتخابات البلدية", slug="intikhabat", language="ar")
        assert "انتخابات البلدية" in client.get("/ar/?s=انتخابات").content.decode()

    def test_the_vector_follows_a_change_of_language(self, db):
        article = make_article(title="Elecciones", slug="x-elecciones", language="en")
        Article.objects.filter(pk=article.pk).update(language="es")
        with connection.cursor() as cursor:
            cursor.execute("SELECT search_vector::text FROM articles_article WHERE id = %s", [article.pk])
            assert "'eleccion'" in cursor.fetchone()[0]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("slug", ["election-night", "élection-2024", "الانتخابات", "a_b-9", "with space", "a.b"])
def test_addresses_are_what_reverse_writes_in_every_language(language, slug):
    """Articles, categories, authors and topics write their addresses without reverse() (rendering.slug_url)."""
    kinds = [
        ("articles:detail", Article(slug=slug, language=language), language),
        ("articles:category", Category(slug=slug), None),
        ("articles:author", Author(slug=slug), None),
        ("articles:topic", Topic(slug=slug), None),
    ]
    with override(language):
        for view_name, obj, own_language in kinds:
            with override(own_language or language):
                try:
                    expected = reverse(view_name, kwargs={"slug": slug})
                except NoReverseMatch:
                    expected = NoReverseMatch
            if expected is NoReverseMatch:
                with pytest.raises(NoReverseMatch):
                    obj.get_absolute_url()
            else:
                assert obj.get_absolute_url() == expected, view_name


# The footer's switcher as the template wrote it before `{% language_switcher %}` wrote it in Python.
SWITCHER_TEMPLATE = """{% load i18n %}<div class="lang-switcher">
  {% for language in languages %}{% if language.is_current %}
  <button type="button" class="lang-switcher__current" aria-haspopup="true" aria-expanded="false" aria-controls="language-list">
    <span class="lang-switcher__flag" aria-hidden="true">{{ language.code|upper }}</span> {{ language.name|capfirst }}
  </button>
  {% endif %}{% endfor %}
  <ul id="language-list" class="lang-switcher__list" aria-label="{% translate 'Languages' %}">
    {% for language in languages %}
    <li{% if is_home and languages|length > 1 %} data-offer="{{ language.offer }}" data-dismiss="{{ language.dismiss }}"{% endif %}><a href="{{ language.url }}" lang="{{ language.code }}" hreflang="{{ language.code }}"{% if language.is_current %} aria-current="true"{% endif %}>{{ language.label }}</a>{% if language.note %} <span class="lang-switcher__note">({{ language.note }})</span>{% endif %}</li>
    {% endfor %}
  </ul>
</div>
{% if is_home and languages|length > 1 %}<div class="language-offer" data-language-offer hidden></div>{% endif %}
"""  # noqa: E501


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize(
    "page",
    [
        {"is_home": True, "language_versions": {"en": "/", "es": "/es/", "fr": "/fr/", "ar": "/ar/"}},
        {"is_article_page": True, "language_versions": {"en": "/a-story/", "fr": '/fr/<une>-"histoire"/'}},
        {"language_versions": {}},
        {},
    ],
)
def test_the_switcher_writes_what_its_template_wrote(rf, settings, language, page):
    settings.SITE_NAME = 'BBN <"Big"> & News'  # in every language's offer: escaped as the template escaped it
    request = rf.get("/some/page/?q=<x>")
    context = {"request": request, **page}
    with override(language):
        written = Template("{% load articles_tags %}{% language_switcher %}").render(Context(context))
        links = languages.switcher(
            request, page.get("language_versions"), is_article=bool(page.get("is_article_page"))
        )
        reference = Template(SWITCHER_TEMPLATE).render(Context({**context, "languages": links}))
    assert " ".join(written.split()) == " ".join(reference.split())
    assert written.count("<li") == len(settings.LANGUAGES)
