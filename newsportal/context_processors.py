from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from articles.chrome import site_chrome as cached_site_chrome
from pages.chrome import footer_pages


def site_chrome(request):
    """The header and footer's content, from the cache; today's date is live."""
    chrome = cached_site_chrome(request)
    breaking_news = chrome.get("breaking_news")
    return {
        **chrome,
        # The schedule drops the chrome when the bar ends; this keeps a copy fetched just before from showing it.
        "breaking_news": breaking_news if breaking_news is not None and breaking_news.is_breaking else None,
        # Looked up only by a template that shows the footer (a sitemap does not).
        "footer_pages": SimpleLazyObject(lambda: footer_pages(request)),
        "today": timezone.localdate(),
        "site_name": settings.SITE_NAME,
    }
