"""No English left on a Spanish, French or Arabic page.

Every kind of page a reader or a commenter meets is fetched in each language,
and the test fails on any string of our catalogue that the page shows as it is
in the code (in English) instead of its translation, naming the string and the
page. The catalogue itself is complete when newsportal/tests/test_catalogues.py passes.
"""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from articles.models import Article
from articles.tests.factories import make_article, make_author, make_category, make_topic
from comments.tests.factories import comment_post
from newsportal import catalogues

# Text in these attributes is read or heard by readers as much as the page's text.
SPOKEN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "data-reply-title", "data-comment-title"}
PLACEHOLDER = re.compile(r"%%|%\(\w+\)[sd]|%[sd]")


class PageText(HTMLParser):
    """The pieces of text a page shows in its own language: text between tags, spoken attributes,
    button values. What an element marks as another language (the switcher's "English") is left out."""

    def __init__(self):
        super().__init__()
        self.pieces = []
        self.skipping = 0
        self.page_language = None
        self.other_languages = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        attributes = dict(attrs)
        if tag == "html":
            self.page_language = attributes.get("lang")
        elif attributes.get("lang") and attributes["lang"] != self.page_language:
            self.other_languages.append(tag)
        if self.other_languages:
            return
        for name, value in attributes.items():
            if value and (name in SPOKEN_ATTRIBUTES or (name == "value" and attributes.get("type") == "submit")):
                self.pieces.append(value)
        if tag == "meta" and attributes.get("name") == "description" and attributes.get("content"):
            self.pieces.append(attributes["content"])

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skipping:
            self.skipping -= 1
        if self.other_languages and self.other_languages[-1] == tag:
            self.other_languages.pop()

    def handle_data(self, data):
        if not self.skipping and not self.other_languages and data.strip():
            self.pieces.append(data)


def page_text(html):
    parser = PageText()
    parser.feed(html)
    return [" ".join(piece.split()) for piece in parser.pieces]


def english_strings(language):
    """(msgid, pattern) for each catalogue string whose translation differs from its English:
    seen on a `language` page, such a string was left untranslated."""
    strings = []
    for entry in polib.pofile(str(catalogues.catalogue_path(language, "django"))):
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for english in filter(None, [entry.msgid, entry.msgid_plural]):
            words = PLACEHOLDER.sub(" ", english).split()
            if english in translations or not any(len(word) > 2 and word.isalpha() for word in words):
                continue
            parts = [re.escape(" ".join(part.split())) for part in PLACEHOLDER.split(english)]
            body = r".+?".join(parts)
            # A sentence is found inside a longer piece of text; a lone word only as the whole piece.
            strings.append((english, re.compile(rf"(?<!\w){body}(?!\w)" if len(words) > 1 else rf"{body}")))
    return strings


def untranslated_on(html, strings):
    found = set()
    for piece in page_text(html):
        for english, pattern in strings:
            if pattern.pattern.startswith("(?<!") and pattern.search(piece) or pattern.fullmatch(piece):
                found.add(english)
    return sorted(found)


def in_language(language, **fields):
    if any(field.name == "language" for field in Article._meta.fields):
        fields["language"] = language
    return fields


@pytest.fixture
def content(db):
    category = make_category(
        name="Politics", name_es="Política", name_fr="Politique", name_ar="سياسة", slug="politics"
    )
    topic = make_topic(
        name="Elections", name_es="Elecciones", name_fr="Élections", name_ar="انتخابات", slug="elections"
    )
    author = make_author(
        name="Ana Ruiz",
        bio="Covers politics.",
        bio_es="Cubre política.",
        bio_fr="Couvre la politique.",
        bio_ar="تغطي السياسة.",
    )
    return {"category": category, "topic": topic, "author": author}


def address(language, name, *args, **kwargs):
    """The address of `name` in `language` (each request activates, then drops, its own language)."""
    with translation.override(language):
        return reverse(name, args=args, kwargs=kwargs)


def pages_of(client, language, content):
    """(what, response) for every kind of page, fetched at its address in `language`."""
    with translation.override(language):
        article = make_article(
            **in_language(
                language, title="Zyx qwv", slug=f"zyx-{language}", excerpt="Qwv zyx.", body="<p>Zyx qwv.</p>"
            ),
            category=content["category"],
            topic=content["topic"],
            author=content["author"],
        )
        make_article(
            **in_language(language, title="Vwq zyx", slug=f"vwq-{language}"),
            category=content["category"],
            author=content["author"],
        )
        article_url = article.get_absolute_url()
        category_url, topic_url, author_url = (
            content[kind].get_absolute_url() for kind in ("category", "topic", "author")
        )
    home = address(language, "articles:home")
    yield "home", client.get(home)
    yield "article", client.get(article_url)
    yield "category", client.get(category_url)
    yield "topic", client.get(topic_url)
    yield "author", client.get(author_url)
    search = address(language, "articles:search")
    yield "search", client.get(search, {"q": "zyx"})
    yield "search without results", client.get(search, {"q": "nothinglikethis"})
    yield "search without words", client.get(search)
    yield "search with a bad filter", client.get(search, {"q": "zyx", "category": "no-such-section"})
    yield "page not found", client.get(f"{home}no-such-page-at-all/")
    yield (
        "comment form errors",
        client.post(address(language, "comments:post"), comment_post(article, email="not-an-address", name="")),
    )
    yield "sign-in", client.get(address(language, "login"))
    yield (
        "sign-in refused",
        client.post(address(language, "login"), {"username": "nobody@example.org", "password": "wrong"}),
    )
    yield "sign-up", client.get(address(language, "signup"))
    yield (
        "sign-up errors",
        client.post(address(language, "signup"), {"name": "", "email": "x", "password1": "a", "password2": "b"}),
    )
    yield "password reset", client.get(address(language, "password_reset"))
    yield "password reset sent", client.get(address(language, "password_reset_done"))
    try:
        yield "corrections", client.get(address(language, "articles:corrections"))
    except NoReverseMatch:
        pass


@pytest.mark.parametrize("language", catalogues.translated_languages())
def test_no_catalogue_string_is_left_in_english(client, content, language):
    strings = english_strings(language)
    # Without strings to look for the test would pass on any page.
    assert len(strings) > 300
    problems = {}
    seen = []
    for what, response in pages_of(client, language, content):
        assert response.status_code < 500, what
        seen.append(what)
        if left := untranslated_on(response.content.decode(), strings):
            problems[f"{what} ({response.request['PATH_INFO']})"] = left
    assert {"home", "article", "page not found", "comment form errors", "corrections"} <= set(seen)
    assert not problems, f"English strings on {language} pages (translate them in locale/{language}/): {problems}"


def test_the_translated_names_of_categories_topics_and_bios_show(client, content):
    article = make_article(**in_language("es", slug="zyx-es"), category=content["category"], author=content["author"])
    with translation.override("es"):
        article_url, author_url = article.get_absolute_url(), content["author"].get_absolute_url()
    article_page = client.get(article_url).content.decode()
    author_page = client.get(author_url).content.decode()
    assert "Política" in article_page
    assert "Cubre política." in author_page


def test_the_check_finds_an_english_string_on_a_translated_page():
    strings = english_strings("es")

    assert untranslated_on("<footer><h2>Latest News</h2><p>Últimas noticias</p></footer>", strings) == ["Latest News"]
    assert untranslated_on('<a aria-label="Reply to Ana">Responder</a>', strings) == ["Reply to %(name)s"]
    assert untranslated_on("<p>Noticias de hoy</p>", strings) == []


@pytest.mark.parametrize(
    "language, direction, date",
    [
        ("en", "ltr", "June 17, 2023"),
        ("es", "ltr", "17 de junio de 2023"),
        ("fr", "ltr", "17 juin 2023"),
        ("ar", "rtl", "17 يونيو 2023"),
    ],
)
def test_each_language_has_its_direction_and_its_dates(client, content, language, direction, date):
    from datetime import datetime

    from django.utils import timezone

    published = timezone.make_aware(datetime(2023, 6, 17, 12, 29))
    article = make_article(
        **in_language(language, slug=f"dated-{language}", published_at=published), category=content["category"]
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'lang="{language}" dir="{direction}"' in html
    assert date in html
