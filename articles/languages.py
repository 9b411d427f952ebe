"""Which languages a page exists in: the hreflang links in its head and the footer's language switcher.

An article is one story in several languages through its translation key
(articles.models.Article); each translation is an article with its own
address. A page passes `language_versions` (language code → address of this
page in that language, only the public ones) to its template; the head
lists them as `hreflang` alternates with `x-default`, and the switcher links
to them, or, for a language the page is not in, to that language's home page
and says so. Every translation of a story computes the same set from the same
rows, so the links are reciprocal.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext as _

from newsportal import freshness

from .freshness import translations_key
from .models import Article
from .structured_data import absolute_url


def site_languages():
    return [code for code, _name in settings.LANGUAGES]


def is_multilingual():
    return len(settings.LANGUAGES) > 1


def home_url(language):
    with override(language):
        return reverse("articles:home")


def story_versions(request, article):
    """The story's public translations (its `language_versions`), the article's own included when public.

    One query for the story, kept in the shared cache under the freshness
    model (`translations-<key>`, announced when a translation is published,
    unpublished, deleted or given a new slug), so a page served with warm
    fragments costs no query for it. An article fetched with
    `.annotate(has_other_language=other_languages_exist())` (the article page's
    query) already says whether the story has another public translation: most have
    none, and then neither query nor fragment is needed (in the long tail,
    where a story's page is seldom built twice, the fragment was one more
    lookup and store on every page). None on a site in one language.
    """
    if not is_multilingual():
        return {}
    if getattr(article, "has_other_language", None) is False:
        freshness.shows(request, keys={translations_key(article.translation_key)})
        if article.is_public and article.language in site_languages():
            return {article.language: article.get_absolute_url()}
        return {}
    return freshness.cached(
        f"articles:versions:{article.translation_key}",
        lambda: build_story_versions(article.translation_key),
        request=request,
        timeout=settings.CHROME_CACHE_SECONDS,
    )


def other_languages_exist(now=None):
    """For `.annotate(has_other_language=…)`: does the story have a public translation besides this article?"""
    return Exists(
        Article.objects.published(now)
        .filter(translation_key=OuterRef("translation_key"), language__in=site_languages())
        .exclude(pk=OuterRef("pk"))
    )


def build_story_versions(translation_key):
    members = (
        Article.objects.published()
        .filter(translation_key=translation_key, language__in=site_languages())
        .only("pk", "slug", "language", "translation_key")
    )
    versions = {member.language: member.get_absolute_url() for member in members}
    return versions, {translations_key(translation_key)}


def listing_versions(request, shown, view_name, listing_keys):
    """A section's, topic's or author's listing in each language it has a public article in.

    `listing_keys(language)` names the listing's keys in a language: publishing
    its first article in one (or unpublishing its last) announces them, so the
    set, kept in the shared cache, follows at once.
    """
    if not is_multilingual():
        return {}

    def build():
        codes = type(shown).objects.public_languages(shown.pk, site_languages())
        versions = {}
        for code in codes:
            with override(code):
                versions[code] = reverse(view_name, kwargs={"slug": shown.slug})
        keys = freshness.keys_of(shown).union(*(listing_keys(code) for code in site_languages()))
        return versions, keys

    return freshness.cached(
        f"articles:listing-versions:{type(shown).__name__}:{shown.pk}",
        build,
        request=request,
        timeout=settings.CHROME_CACHE_SECONDS,
    )


def every_language(view_name, **kwargs):
    """A page that exists in every language (the home page): its address in each."""
    versions = {}
    for code in site_languages():
        with override(code):
            versions[code] = reverse(view_name, kwargs=kwargs or None)
    return versions


def alternates(request, versions):
    """`<link rel="alternate" hreflang>` entries: each language's address, then x-default.

    x-default is the default language's version, or else the first of the
    site's languages the page is in: the same for every translation.
    """
    if not is_multilingual() or not versions:
        return []
    ordered = [(code, versions[code]) for code in site_languages() if code in versions]
    links = [{"hreflang": code, "href": absolute_url(url, request)} for code, url in ordered]
    links.append({"hreflang": "x-default", "href": absolute_url(ordered[0][1], request)})
    return links


def switcher(request, versions, *, is_article=False):
    """The footer's languages: this page in each, or that language's home page, saying so."""
    current = get_language() or settings.LANGUAGE_CODE
    path = request.path if request is not None else "/"
    links = []
    for code in site_languages():
        words = _switcher_words(code, current)
        url = path if code == current else (versions or {}).get(code)
        note = ""
        if url is None:
            url = words["home_url"]
            note = words["article_note"] if is_article else words["page_note"]
        links.append({**words, "note": note, "url": url, "is_current": code == current})
    return links


# What the switcher writes for a language is the same on every page read in a given language (its
# name, its home page, the offer in its own words): worked out once per process rather than with four
# translation switches a page. Code and catalogues only, no content; a setting changed (tests) clears it.
_switcher_words_by_language = {}


@receiver(setting_changed)
def _forget_switcher_words(**kwargs):
    _switcher_words_by_language.clear()


def _switcher_words(code, current):
    words = _switcher_words_by_language.get((code, current))
    if words is None:
        name = get_language_info(code)["name_local"]
        with override(code):
            # What the first visit to the home page may offer a reader whose browser prefers this
            # language (static/js/site.js), in that language; the same bytes for every reader.
            offer = _("Read %(site)s in %(language)s") % {"site": settings.SITE_NAME, "language": name}
            dismiss = _("No, thanks")
        with override(current):
            # In the reader's language, who reads it before following the link.
            article_note = _("home page: this article is not translated")
            page_note = _("home page: this page is not translated")
        words = _switcher_words_by_language[(code, current)] = {
            "code": code,
            "name": name,
            "label": name[:1].upper() + name[1:],
            "home_url": home_url(code),
            "offer": offer,
            "dismiss": dismiss,
            "article_note": article_note,
            "page_note": page_note,
        }
    return words
