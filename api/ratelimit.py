"""How many requests an address may make: counted in the shared cache, never in the way when it fails.

Fixed windows (a minute, say): the first request of a window creates its
counter, every other one is a single `incr`, so a request costs one cache
round trip. Counters live in the cache every process shares, so the limit
holds across gunicorn's workers and, with Redis, across app servers.

The API is read-only and public: when the cache cannot count (down, or
skipped by newsportal.cache's breaker), requests are allowed. Refusing
readers because an accelerator is gone would turn a cache outage into an
API outage.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from comments.spam import parse_rate_limits
from newsportal.cache import CACHE_FAILURES

KEY_CACHE_SECONDS = 60


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: object = None
    retry_after: int = 0


ALLOWED = Verdict(True)


def parse_limit(value, setting):
    """ "120/1m" → RateLimit(120, 60); "" → None (no limit)."""
    limits = parse_rate_limits([value or ""], setting=setting)
    return limits[0] if limits else None


def validate_rate_limit(value):
    try:
        parse_limit(value, "rate limit")
    except Exception as error:
        raise ValidationError(_("Write a rate like “600/1m”, “100/1s” or “10000/1d”.")) from error


def limit_for(api_key_limit=None):
    """The limit that applies: the key's own, else API_KEY_RATE_LIMIT for a key, else API_RATE_LIMIT."""
    if api_key_limit is None:
        return parse_limit(settings.API_RATE_LIMIT, "API_RATE_LIMIT")
    return parse_limit(api_key_limit or settings.API_KEY_RATE_LIMIT, "API_KEY_RATE_LIMIT")


def _cache_is_sick(failures_before):
    return getattr(cache, "failures", 0) != failures_before or getattr(cache, "is_degraded", lambda: False)()


def hit(identity, limit, *, now=None):
    """Count one request of `identity` against `limit`; a Verdict saying whether it may be answered."""
    if limit is None:
        return ALLOWED
    now = time.time() if now is None else now
    window = int(now // limit.seconds)
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    key = f"api:rate:{digest}:{limit.count}/{limit.seconds}:{window}"
    failures_before = getattr(cache, "failures", 0)
    try:
        try:
            count = cache.incr(key)
        except ValueError:  # the window's first request
            count = 1 if cache.add(key, 1, timeout=limit.seconds + 1) else cache.incr(key)
    except (*CACHE_FAILURES, ValueError):
        return ALLOWED
    if _cache_is_sick(failures_before):
        return ALLOWED
    if count > limit.count:
        retry_after = max(1, math.ceil((window + 1) * limit.seconds - now))
        return Verdict(False, limit, retry_after)
    return Verdict(True, limit)


def key_rate_limit(raw_key):
    """The rate limit of an active key ("" for the default of keys), or None when no active key has it.

    Remembered in the cache for a minute: a partner's every request would
    otherwise ask the database.
    """
    from .models import ApiKey, key_digest

    digest = key_digest(raw_key)
    cache_key = f"api:key:{digest}"
    found = cache.get(cache_key)
    if found is None:
        row = ApiKey.objects.active().filter(digest=digest).values_list("rate_limit", flat=True).first()
        found = ("ok", row) if row is not None else ("unknown", None)
        cache.set(cache_key, found, KEY_CACHE_SECONDS)
    return found[1] if found[0] == "ok" else None
