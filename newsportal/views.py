"""Site-wide views: health checks, robots.txt and error pages."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from articles.structured_data import absolute_url


@never_cache
def healthz(request):
    """The process is up and answering; says nothing about its database."""
    return HttpResponse("ok", content_type="text/plain")


def robots_txt(request):
    """Crawlers: everything but the admin and search results; here are the sitemaps.

    The admin's address is no secret (it is guarded by its login); naming it
    keeps crawlers off its login page.
    """
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        f"Disallow: {reverse('articles:search')}",
        "Disallow: /?s=",
        "Disallow: /*?s=",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
        f"Sitemap: {absolute_url(reverse('news-sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@requires_csrf_token
def page_not_found(request, exception=None):
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request_path": request.path}, request))


@requires_csrf_token
def server_error(request):
    """Rendered without context processors: whatever broke may be the database."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"is_error_page": True}))
