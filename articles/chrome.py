"""The site chrome every page shows: menu, Editors' Picks, Latest News (never a story of the picks),
and the breaking news bar.

Each language has its own: the articles written in it and the categories
that have one; a reader of the Spanish pages never sees an English story there.

It is the same for every reader, so it is built once and kept in the shared
cache under the freshness model: it shows the menu's categories and the
footer's articles, and a change to any of them (or a new article at the top
of the list) drops it, and every page that shows it, at once. The footer's
items are kept written out (`rendering.Rendered`), one entry per language,
so that a page reads them back rather than writing them again.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.translation import get_language

from newsportal import freshness

from . import rendering
from .freshness import in_language, mini_item_keys
from .models import Article, Category

CHROME_CACHE_KEY = "articles:site-chrome"
SIDEBAR_ITEMS = 5


def build_site_chrome(language):
    now = timezone.now()
    public = Article.objects.published().in_language(language).newest_first()
    # The most recently marked breaking story in this language, if its time has not run out.
    breaking = public.filter(breaking_until__gt=now).order_by("-breaking_since", "-id")[:1]
    # Latest News leaves out the stories Editors' Picks shows, so the newest
    # 2 × SIDEBAR_ITEMS articles always leave enough for it.
    footer_and_breaking = list(
        public.for_mini_items().among(
            public.filter(is_editors_pick=True)[:SIDEBAR_ITEMS], public[: 2 * SIDEBAR_ITEMS], breaking
        )
    )
    breaking_news = max(
        (article for article in footer_and_breaking if article.breaking_until and article.breaking_until > now),
        key=lambda article: (article.breaking_since, article.pk),
        default=None,
    )
    # A breaking story older than the newest 2 × SIDEBAR_ITEMS comes after them all in this list,
    # newest first, so it never takes a place in the footer's lists that it would not have had.
    editors_picks = [article for article in footer_and_breaking if article.is_editors_pick][:SIDEBAR_ITEMS]
    latest_news = [article for article in footer_and_breaking if article not in editors_picks][:SIDEBAR_ITEMS]
    chrome = {
        "menu_categories": list(Category.objects.with_public_articles(language=language)),
        "editors_picks": [rendering.Rendered.of(article, rendering.mini_item(article)) for article in editors_picks],
        "latest_news": [rendering.Rendered.of(article, rendering.mini_item(article)) for article in latest_news],
        "breaking_news": breaking_news,
    }
    keys = {
        "categories",
        "breaking",
        *in_language({"list", "picks"}, language),
        *freshness.keys_of(*chrome["menu_categories"]),
    }
    for article in footer_and_breaking:
        keys |= mini_item_keys(article)
    return chrome, keys


def site_chrome(request=None):
    """The chrome, fetched at most once per request even when the cache keeps nothing."""
    if request is not None and hasattr(request, "_site_chrome"):
        return request._site_chrome
    language = get_language() or settings.LANGUAGE_CODE
    chrome = freshness.cached(
        f"{CHROME_CACHE_KEY}:{language}",
        lambda: build_site_chrome(language),
        request=request,
        timeout=settings.CHROME_CACHE_SECONDS,
    )
    if request is not None:
        request._site_chrome = chrome
    return chrome


# The header is the same bytes for every reader not signed in who reads a page of a given kind in a
# given language on a given day: written once per process for each such page and kept here, keyed by
# everything it shows (the menu's categories as the shared chrome has them now), so that a change to
# the menu is a new key and never a stale header. Searches (the query is in the search box) and
# signed-in readers (their name, a logout form with its CSRF token) have theirs written each time.
_written_headers = {}
WRITTEN_HEADERS_KEPT = 1024


@receiver(setting_changed)
def _forget_written_headers(**kwargs):
    _written_headers.clear()


def site_header(context):
    """`includes/header.html` for the page `context` renders."""
    user = context.get("user")
    if context.get("query") or (user is not None and user.is_authenticated):
        return get_template("includes/header.html").template.render(context)
    shown = {
        "is_home": bool(context.get("is_home")),
        "is_error_page": bool(context.get("is_error_page")),
        "current_category": context.get("current_category"),
        "menu_categories": context.get("menu_categories") or (),
        "today": context.get("today"),
    }
    key = (
        get_language(),
        get_script_prefix(),
        shown["today"],
        shown["is_home"],
        shown["is_error_page"],
        getattr(shown["current_category"], "pk", None),
        tuple((category.pk, category.name, category.slug) for category in shown["menu_categories"]),
    )
    header = _written_headers.get(key)
    if header is None:
        if len(_written_headers) >= WRITTEN_HEADERS_KEPT:
            _written_headers.clear()
        header = _written_headers[key] = get_template("includes/header.html").render(shown)
    return header
