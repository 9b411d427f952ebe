"""The site chrome every page shows: menu, Editors' Picks, Latest News.

It is the same for every reader, so it is built once and kept in the cache;
any change to the content it is made of drops it (see signals.py), and a
short lifetime lets scheduled articles appear in it without a change.
"""

from django.conf import settings
from django.core.cache import cache

from .models import Article, Category

CHROME_CACHE_KEY = "articles:site-chrome"
SIDEBAR_ITEMS = 5


def site_chrome(request=None):
    """The chrome, fetched at most once per request even when the cache keeps nothing."""
    if request is not None and hasattr(request, "_site_chrome"):
        return request._site_chrome
    chrome = cache.get(CHROME_CACHE_KEY)
    if chrome is None:
        public = Article.objects.published().newest_first()
        picks_and_latest = list(
            public.for_listing().among(public.filter(is_editors_pick=True)[:SIDEBAR_ITEMS], public[:SIDEBAR_ITEMS])
        )
        chrome = {
            "menu_categories": list(Category.objects.all()),
            # The newest picks and the newest articles overall came in one list, newest first.
            "editors_picks": [article for article in picks_and_latest if article.is_editors_pick][:SIDEBAR_ITEMS],
            "latest_news": picks_and_latest[:SIDEBAR_ITEMS],
        }
        cache.set(CHROME_CACHE_KEY, chrome, settings.CHROME_CACHE_SECONDS)
    if request is not None:
        request._site_chrome = chrome
    return chrome


def invalidate_site_chrome():
    cache.delete(CHROME_CACHE_KEY)
