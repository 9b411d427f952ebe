"""Whole-page cache for anonymous readers, and the headers that let a proxy or CDN share it.

A breaking story is read by thousands of people who are not signed in and
have posted nothing; they all get the same bytes. Views opt in with
`@public_page`; this middleware then serves the stored page to every reader
who carries no session and no comment-author cookie, and stores what such a
reader was sent. Entries live in the shared cache and follow the freshness
model (newsportal/freshness.py): each remembers the keys of what it shows
and is dropped, everywhere, the moment one of them changes.

The key of a page holds what changes it and nothing a visitor can vary at
will: the scheme and host it was built for (from SITE_URL when that is set,
so every absolute address in it is the public one), the language (the one
its address names, never a cookie or Accept-Language), the path,
and only the query parameters its view declares, each in one canonical
spelling. Every other parameter (`utm_source`, a cache buster) is removed
before the view runs, so such a request is served the canonical page and
never stores an entry of its own.

A stored page is also kept gzip-compressed, made once when it is stored, and
readers whose browser accepts gzip get those bytes. Only these shared pages
are compressed: they carry no secret (no CSRF token, nothing about the
reader), so compression gives an attacker nothing to guess at, which is what
BREACH needs.
"""

import gzip
import hashlib
import re
import time
from functools import lru_cache, wraps

from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import urlencode
from django.utils.translation import get_language

from . import freshness
from .content_coding import accepts_gzip

# Part of every page key: entries stored in another shape by an earlier release are not read.
ENTRY_FORMAT = 5
# Below this many bytes gzip's own framing outweighs what it saves.
MIN_COMPRESS_BYTES = 200
# gzip's fastest level, nginx's default too. A page is compressed by the reader
# who finds it missing, and most pages of an archive are kept for a handful of
# readers: level 6 (Django's) took 1.4 ms for a 52 KB article page and 2.5 ms
# for a 142 KB one, level 1 0.3 ms for either, for 18-21 % more bytes (10.4 KB
# instead of 8.8, 17.9 instead of 14.8).
GZIP_LEVEL = 1
# Headers that say how long caches may keep a page: written on every answer, never stored.
FRESHNESS_HEADERS = ("Cache-Control", "Surrogate-Control", "Expires")
MAX_PARAMETER_LENGTH = 200


# --- the query parameters a page may take part in its key by ---------------------


def page_number(value):
    """ "3" → "3"; "03", "0", "x", "" → None (not a page number in its one spelling)."""
    return value if re.fullmatch(r"[1-9]\d{0,8}", value) else None


def words(value):
    """Search words with runs of white space made one, at most MAX_PARAMETER_LENGTH long."""
    return " ".join(value.split())[:MAX_PARAMETER_LENGTH] or None


def slug(value):
    value = value.strip()
    return value if re.fullmatch(r"[-\w]{1,100}", value) else None


# The orders a comment thread can be read in (see comments/thread.py).
THREAD_ORDERS = ("oldest", "newest", "featured")


def thread_order(value):
    """ "newest" → "newest"; the default order (COMMENTS_ORDER) and anything unknown → None,
    so each order of a thread has one address and one cache entry."""
    value = value.strip().lower()
    return value if value in THREAD_ORDERS and value != settings.COMMENTS_ORDER else None


LISTING_PARAMETERS = {"page": page_number}
SEARCH_PARAMETERS = {"s": words, "q": words, "category": slug, "author": slug, "page": page_number}
ARTICLE_PARAMETERS = {"order": thread_order, "replytocom": page_number}


class StrictParameters(dict):
    """Declared parameters of a view that answers an undeclared one with an error (an API's 400)."""


def public_page(view=None, *, parameters=None, keys=(), strict=False):
    """Marks a view's 200 answers as the same for every anonymous reader.

    `parameters` maps the query parameters that change the page to a
    function giving each value's canonical spelling (or None to drop it);
    every other parameter is removed before the view sees the request.
    `keys` are freshness keys every answer of the view shows (views add
    their own through `freshness.shows`). A `strict` view is given the
    request as it came when it carries an undeclared parameter, so that it
    can refuse it; such a request is never answered from the cache.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if keys:
                freshness.shows(request, keys=keys)
            response = view(request, *args, **kwargs)
            response.is_public_page = True
            return response

        wrapped.page_parameters = (StrictParameters if strict else dict)(parameters or {})
        return wrapped

    return decorate(view) if view is not None else decorate


def declared_parameters(request):
    """The parameters the view of this address declares, or None when it is not a public page."""
    return _declared_parameters(request.path_info, get_urlconf() or settings.ROOT_URLCONF, get_language())


# Resolving an address walks every URL pattern, a good part of a cached page's
# time. What an address resolves to is decided by the code and the active
# language (the address's own, newsportal.middleware.AddressLanguageMiddleware)
# alone, the same in every process, so it is remembered (a bounded number of addresses).
@lru_cache(maxsize=8192)
def _declared_parameters(path_info, urlconf, language):
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "page_parameters", None)


def canonicalise_query(request, parameters):
    """Keep only the declared parameters, once each, in their canonical spelling and in order."""
    if not request.META.get("QUERY_STRING"):
        return "", False  # most requests: nothing to parse
    kept = []
    for name in sorted(parameters):
        raw = request.GET.get(name)
        if raw is None:
            continue
        value = parameters[name](raw)
        if value is not None:
            kept.append((name, value))
    query_string = urlencode(kept)
    rewritten = query_string != request.META.get("QUERY_STRING", "")
    if rewritten:
        request.META["QUERY_STRING"] = query_string
        request.GET = QueryDict(query_string)
    return query_string, rewritten


def site_origin(request):
    """The scheme and host absolute addresses of the page name: SITE_URL's when set."""
    if settings.SITE_URL:
        return settings.SITE_URL
    return f"{request.scheme}://{request.get_host()}"


def page_key(request, query_string):
    address = f"{site_origin(request)}{request.path}?{query_string}#{get_language()}"
    return f"pages:{ENTRY_FORMAT}:{hashlib.sha256(address.encode()).hexdigest()[:40]}"


def reader_is_anonymous(request):
    return not any(name in request.COOKIES for name in settings.PAGE_CACHE_PRIVATE_COOKIES)


def surrogate_keys(keys):
    return " ".join(sorted(keys))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        parameters = declared_parameters(request)
        if parameters is None:
            return self.get_response(request)
        if isinstance(parameters, StrictParameters) and not parameters.keys() >= request.GET.keys():
            return self.get_response(request)
        query_string, rewritten = canonicalise_query(request, parameters)
        if not settings.PAGE_CACHE_SECONDS:
            return self.get_response(request)
        if not reader_is_anonymous(request):
            response = self.get_response(request)
            if getattr(response, "is_public_page", False):
                patch_cache_control(response, private=True, no_cache=True)
            return response

        key = page_key(request, query_string)
        found = freshness.lookup(key)
        # HTTP caches key by the address as sent: one with parameters that were
        # dropped here must not become a copy of its own there.
        if found.found:
            return self.rebuild(found.value, request, found, shareable=not rewritten, hit=True)
        response = self.get_response(request)
        if (
            getattr(response, "is_public_page", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            deps = freshness.dependencies(request)
            stored = self.freeze(response, deps.keys)
            kept = freshness.store(key, stored, deps, started=found.clock, timeout=settings.PAGE_CACHE_SECONDS)
            # Not kept: something changed while it was built, so no cache may keep it either.
            return self.rebuild(stored, request, found, shareable=kept is not None and not rewritten, hit=False)
        return response

    @staticmethod
    def freeze(response, keys):
        # The ETag is computed once here, not on every hit (see ConditionalGetMiddleware).
        set_response_etag(response)
        patch_vary_headers(response, ("Accept-Encoding",))
        if keys:
            response["xkey"] = response["Surrogate-Key"] = surrogate_keys(keys)
        # Only one copy is kept: the compressed one when compression helps. Nearly
        # every client accepts gzip; the few that do not get it decompressed.
        content = response.content
        compressed = gzip.compress(content, GZIP_LEVEL, mtime=0) if len(content) >= MIN_COMPRESS_BYTES else None
        if compressed is not None and len(compressed) < len(content):
            content, is_compressed = compressed, True
        else:
            is_compressed = False
        headers = [(name, value) for name, value in response.items() if name not in FRESHNESS_HEADERS]
        return (response.status_code, content, is_compressed, headers, time.time(), bool(keys))

    @staticmethod
    def rebuild(stored, request, found, *, shareable, hit):
        status, content, is_compressed, headers, stored_at, purgeable = stored
        send_compressed = is_compressed and accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if is_compressed and not send_compressed:
            content = gzip.decompress(content)
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        if send_compressed:
            response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(content))
            # Another encoding of the same page: equal by a weak comparison only (RFC 9110 8.8.3).
            if response.has_header("ETag") and not response["ETag"].startswith("W/"):
                response["ETag"] = "W/" + response["ETag"]
        if shareable:
            add_shared_cache_headers(
                response, found.seconds_until_due(), age=time.time() - stored_at, purgeable=purgeable
            )
        else:
            patch_cache_control(response, public=True, max_age=0, s_maxage=0)
        # Whether this answer came from the cache, for benchmarks and operators' logs.
        response["X-Page-Cache"] = "HIT" if hit else "MISS"
        response.is_public_page = True
        return response


def add_shared_cache_headers(response, seconds_until_due=None, *, age=0, purgeable=True):
    """How long HTTP caches may keep this page: never past the time scheduled content comes due.

    Caches that are not purged (nginx's micro-cache, browsers' shared
    proxies) keep it PAGE_CACHE_SHARED_SECONDS. Caches that are purged on
    every change (HTTP_CACHE_PURGE_URLS) may keep it as long as we still do
    (PAGE_CACHE_SECONDS less the `age` of our copy), when the page names
    what it shows (`purgeable`): Surrogate-Control says so to them alone.
    """
    shared = settings.PAGE_CACHE_SHARED_SECONDS
    stale = shared * 3
    purged = max(0, settings.PAGE_CACHE_SECONDS - int(age))
    if seconds_until_due is not None:
        until_due = int(seconds_until_due)
        shared, purged = min(shared, until_due), min(purged, until_due)
        stale = min(stale, until_due - shared)
    patch_cache_control(response, public=True, max_age=0, s_maxage=shared, stale_while_revalidate=stale)
    if settings.HTTP_CACHE_PURGE_URLS and purgeable:
        response["Surrogate-Control"] = f"max-age={purged}"
