"""Site-wide views: health checks, robots.txt and error pages.

The error pages are rendered without context processors (no `request` in
the template context): whatever failed may be the database, and the page
chrome comes from it.
"""

import hashlib
import logging
import sys
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve

from articles.images import media_cache_control
from articles.structured_data import absolute_url

from .outage import is_outage, service_unavailable

READYZ_CACHE_KEY = "readyz:probe"
readyz_logger = logging.getLogger("newsportal.readyz")


def probe_response(text, status=200):
    response = HttpResponse(text, content_type="text/plain; charset=utf-8", status=status)
    response["Cache-Control"] = "no-store"
    return response


def media(request, path):
    """An uploaded file (DJANGO_SERVE_MEDIA=1): renditions are cached for good, other uploads for a while."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = media_cache_control(path)
    return response


def healthz(request):
    """The process is up and answering; says nothing about its database."""
    return probe_response("ok")


def short_reason(error):
    """`OperationalError: connection failed: …`, on one line and short enough for a probe's body."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}"[:160].rstrip()


def database_problem():
    """None when PostgreSQL (or SQLite) answers `SELECT 1`, else why not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            if cursor.fetchone() == (1,):
                return None
            return "SELECT 1 did not return 1"
    except Exception as error:  # any failure means "not ready"
        return short_reason(error)


def cache_problem():
    """None when the cache stores a value and gives it back, else the kind of failure.

    The site's ResilientCache has `check()`, a real round trip past its
    circuit breaker (which would otherwise answer "miss" without asking). A
    plain backend is asked directly. Only the kind of error is named: the
    probe is public, and the full message (with Redis's address) is already
    in the log, where the cache wrapper wrote it when the cache failed.
    """
    wrong_value = "wrong value read back"
    check = getattr(cache, "check", None)
    if check is not None:
        if check(READYZ_CACHE_KEY, "ok"):
            return None
        return cache.last_error.split(":", 1)[0] if cache.is_degraded() and cache.last_error else wrong_value
    try:
        cache.set(READYZ_CACHE_KEY, "ok", 10)
        return None if cache.get(READYZ_CACHE_KEY) == "ok" else wrong_value
    except Exception as error:  # as above
        return type(error).__name__


def readyz(request):
    """Ready for traffic while the database answers. Names the part that does not.

    A sick cache does not take the server out of the load balancer: pages
    are then built from the database (newsportal/cache.py), and the app
    servers share one Redis, so failing here would take them all out at once.
    It is reported as degraded instead.
    """
    database, cache_failure = database_problem(), cache_problem()
    if database is None and cache_failure is None:
        return probe_response("ok")
    lines = ["database: ok" if database is None else "database: unavailable"]
    lines.append("cache: ok" if cache_failure is None else f"cache: degraded ({cache_failure})")
    body = "".join(f"{line}\n" for line in lines)
    if database is None:
        return probe_response(body)
    readyz_logger.error("not ready: database unavailable: %s", database)
    response = probe_response(body, status=503)
    # Logged above in one line with the reason; Django's own line would add nothing.
    response._has_been_logged = True
    return response


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


def request_too_large(request, limit):
    """A body over the limit, refused unread (newsportal.middleware.RequestBodyLimitMiddleware)."""
    template = loader.get_template("413.html")
    body = template.render({"is_error_page": True, "limit": limit})
    response = HttpResponse(body, status=413)
    response["Cache-Control"] = "no-store"
    return response


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

        response = comment_csrf_failure(request, reason=reason)
        if response is not None:
            return response
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({}, request))


def javascript_catalog_version(language):
    """A fingerprint of a language's compiled JavaScript catalogue, for its address:
    a new catalogue is a new address, so the old one may be kept for a year."""
    return _catalog_versions.setdefault(language, _fingerprint_catalogue(language))


_catalog_versions = {}


def _fingerprint_catalogue(language):
    digest = hashlib.sha256(language.encode())
    for folder in settings.LOCALE_PATHS:
        path = Path(folder) / language / "LC_MESSAGES" / "djangojs.mo"
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def javascript_catalog(request, language, version):
    """The `gettext()` of static/js/ in `language`: a script of its own (no inline
    script for CSP to refuse), at an address that changes with the catalogue."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    if version != javascript_catalog_version(language):
        return HttpResponseRedirect(
            reverse("javascript-catalog", args=[language, javascript_catalog_version(language)])
        )
    with translation.override(language):
        response = JavaScriptCatalog.as_view(domain="djangojs")(request)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
