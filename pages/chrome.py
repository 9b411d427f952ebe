"""The footer's page links: part of the chrome every page shows, cached and dropped like it."""

from django.conf import settings

from newsportal import freshness

FOOTER_CACHE_KEY = "pages:footer"
# Announced by pages.services when a page joins, leaves or changes in the footer.
FOOTER_KEY = "pages-footer"


def build_footer_pages():
    from .models import Page

    links = [{"title": page.title, "url": page.get_absolute_url()} for page in Page.objects.in_footer()]
    return links, {FOOTER_KEY}


def footer_pages(request=None):
    return freshness.cached(
        FOOTER_CACHE_KEY, build_footer_pages, request=request, timeout=settings.CHROME_CACHE_SECONDS
    )
