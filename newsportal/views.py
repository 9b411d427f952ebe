"""Site-wide views: health checks, robots.txt and error pages.

The error pages are rendered without context processors (no `request` in
the template context): whatever failed may be the database, and the page
chrome comes from it.
"""

import sys

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import reverse
from django.views.decorators.csrf import requires_csrf_token

from articles.structured_data import absolute_url

from .outage import is_outage, service_unavailable

READYZ_CACHE_KEY = "readyz:probe"


def probe_response(text, status=200):
    response = HttpResponse(text, content_type="text/plain; charset=utf-8", status=status)
    response["Cache-Control"] = "no-store"
    return response


def healthz(request):
    """The process is up and answering; says nothing about its database."""
    return probe_response("ok")


def database_is_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not ready"; the reason is in the log
        return False


def cache_is_reachable():
    try:
        cache.set(READYZ_CACHE_KEY, "ok", 10)
        return cache.get(READYZ_CACHE_KEY) == "ok"
    except Exception:  # as above
        return False


def readyz(request):
    """Ready for traffic: the database and the cache answer. Names the part that does not."""
    checks = {"database": database_is_reachable(), "cache": cache_is_reachable()}
    if all(checks.values()):
        return probe_response("ok")
    return probe_response(
        "".join(f"{part}: {'ok' if ok else 'unavailable'}\n" for part, ok in checks.items()), status=503
    )


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


def bad_request(request, exception=None):
    """A request the site cannot make sense of: a NUL byte, an oversized body, a bad host."""
    template = loader.get_template("400.html")
    return HttpResponseBadRequest(template.render({"is_error_page": True}))


@requires_csrf_token
def server_error(request):
    """An unhandled exception. A database or cache outage is told apart and answered 503."""
    exception = sys.exc_info()[1]
    if is_outage(exception):
        return service_unavailable(request, exception)
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"is_error_page": True}))


def csrf_failure(request, reason=""):
    """A POST without a valid CSRF token (an expired page, blocked cookies).

    A comment form gets its page back with the reader's text kept (the
    comments app knows how); anything else gets a plain explanation.
    """
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "comments:post":
        from comments.views import csrf_failure as comment_csrf_failure

        response = comment_csrf_failure(request)
        if response is not None:
            return response
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({}, request))
