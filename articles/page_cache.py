"""Whole-page cache for anonymous readers, and the headers that let a proxy or CDN share it.

A breaking story is read by thousands of people who are not signed in and
have posted nothing; they all get the same bytes. Views opt in with
`@public_page`; this middleware then serves the stored page to every reader
who carries no session and no comment-author cookie, and stores what such a
reader was sent.

Invalidation is precise rather than time-based:
- every change of an article, category, author or topic bumps the content
  generation, which is part of every key (the chrome on every page shows the
  latest news, so every page may change);
- a comment becoming visible forgets just that article's pages
  (`forget_article_pages`);
- the generation itself expires when the next scheduled article is due, so a
  scheduled story appears on time without any job running.
Listing cards show comment counts; they may lag by at most PAGE_CACHE_SECONDS.

A stored page is also kept gzip-compressed, made once when it is stored, and
readers whose browser accepts gzip get those bytes (a shared page is some
fifteen times smaller so). Only these shared pages are compressed: they
carry no secret (no CSRF token, nothing about the reader), so compression
gives an attacker nothing to guess at, which is what BREACH needs.
"""

import hashlib
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.text import compress_string

GENERATION_KEY = "pages:generation"
# Part of every page key: entries stored in another shape by an earlier release are not read.
ENTRY_FORMAT = 2
# Below this many bytes gzip's own framing outweighs what it saves.
MIN_COMPRESS_BYTES = 200
MAX_GENERATION_SECONDS = 24 * 3600


def public_page(view):
    """Marks a view's 200 answers as the same for every anonymous reader."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.is_public_page = True
        return response

    return wrapped


def content_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = bump_generation()
    return generation


def bump_generation():
    """A new generation makes every stored page unreachable (they expire on their own)."""
    from .models import Article

    generation = timezone.now().timestamp()
    next_due = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    lifetime = MAX_GENERATION_SECONDS
    if next_due is not None:
        lifetime = max(1, min(lifetime, int((next_due - timezone.now()) / timedelta(seconds=1)) + 1))
    cache.set(GENERATION_KEY, generation, lifetime)
    return generation


def page_key(path, query_string=""):
    digest = hashlib.sha256(f"{path}?{query_string}".encode()).hexdigest()[:32]
    return f"pages:{path_group(path)}:{digest}"


def path_group(path):
    """Pages of one article share a group, so that they can be forgotten together."""
    return hashlib.sha256(path.split("comment-page-")[0].encode()).hexdigest()[:16]


def forget_article_pages(article):
    """A new comment is visible: drop this article's cached pages, nothing else."""
    cache.set(f"pages:group-version:{path_group(article.get_absolute_url())}", timezone.now().timestamp(), None)


def reader_is_anonymous(request):
    return not any(name in request.COOKIES for name in settings.PAGE_CACHE_PRIVATE_COOKIES)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        anonymous = reader_is_anonymous(request)
        key = None
        if anonymous:
            key = self.full_key(request)
            stored = cache.get(key)
            if stored is not None:
                return self.rebuild(stored, request)
        response = self.get_response(request)
        if getattr(response, "is_public_page", False):
            if anonymous and response.status_code == 200 and not response.cookies and not response.streaming:
                self.add_shared_cache_headers(response)
                stored = self.freeze(response)
                cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
                return self.rebuild(stored, request)
            elif not anonymous:
                patch_cache_control(response, private=True, no_cache=True)
        return response

    def full_key(self, request):
        path = request.path
        group_version = cache.get(f"pages:group-version:{path_group(path)}", 0)
        query_string = request.META.get("QUERY_STRING", "")
        return f"{page_key(path, query_string)}:{content_generation()}:{group_version}:{ENTRY_FORMAT}"

    @staticmethod
    def add_shared_cache_headers(response):
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
            stale_while_revalidate=settings.PAGE_CACHE_SHARED_SECONDS * 3,
        )

    @staticmethod
    def freeze(response):
        # The ETag is computed once here, not on every hit (see ConditionalGetMiddleware).
        set_response_etag(response)
        patch_vary_headers(response, ("Accept-Encoding",))
        content = response.content
        compressed = compress_string(content) if len(content) >= MIN_COMPRESS_BYTES else None
        if compressed is not None and len(compressed) >= len(content):
            compressed = None
        return (response.status_code, content, compressed, list(response.items()))

    @staticmethod
    def rebuild(stored, request):
        status, content, compressed, headers = stored
        send_compressed = compressed is not None and re_accepts_gzip.search(
            request.META.get("HTTP_ACCEPT_ENCODING", "")
        )
        response = HttpResponse(compressed if send_compressed else content, status=status)
        for name, value in headers:
            response[name] = value
        if send_compressed:
            response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(compressed))
            # Another encoding of the same page: equal by a weak comparison only (RFC 9110 8.8.3).
            if response.has_header("ETag") and not response["ETag"].startswith("W/"):
                response["ETag"] = "W/" + response["ETag"]
        response.is_public_page = True
        return response
