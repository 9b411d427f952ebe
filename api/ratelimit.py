"""How many requests an address may make: counted in the shared cache, never in the way when it fails.

Fixed windows (a minute, say), one counter per address and window in the
cache every process shares, so the limit holds across gunicorn's workers
and, with Redis, across app servers. Writing the shared counter on every
request would cost more than answering a stored page (with the default file
cache, a file written and renamed each time), so each process adds its
requests to it in small batches: at most FLUSH_FRACTION of the limit, and at
least once a FLUSH_SECONDS. A process refuses as soon as the shared total it
last read plus its own unsent requests pass the limit; so an address gets at
most one batch per worker more than its limit, and a limit of a few
requests is counted exactly (batches of one).

The API is read-only and public: when the cache cannot count (down, or
skipped by newsportal.cache's breaker), requests are allowed. Refusing
readers because an accelerator is gone would turn a cache outage into an
API outage.
"""

import hashlib
import math
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from comments.spam import parse_rate_limits
from newsportal.cache import CACHE_FAILURES

KEY_CACHE_SECONDS = 60
FLUSH_FRACTION = 0.05
FLUSH_SECONDS = 1.0
# Addresses a process keeps unsent counts for; past it, all are sent at once.
MAX_TALLIES = 10_000


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


@dataclass
class Tally:
    """This process's view of one shared counter: the total it last read, and what it has not sent yet."""

    ends: float
    shared: int = 0
    unsent: int = 0
    sent_at: float = 0.0


_tallies = {}
_tallies_lock = threading.Lock()


def _add_to_shared(key, amount, seconds):
    """Add `amount` to the shared counter `key`; its new total, or None when the cache could not count."""
    failures_before = getattr(cache, "failures", 0)
    try:
        try:
            total = cache.incr(key, amount)
        except ValueError:  # the window's first request anywhere
            total = amount if cache.add(key, amount, timeout=seconds + 1) else cache.incr(key, amount)
    except (*CACHE_FAILURES, ValueError):
        return None
    return None if _cache_is_sick(failures_before) else total


def hit(identity, limit, *, now=None):
    """Count one request of `identity` against `limit`; a Verdict saying whether it may be answered."""
    if limit is None:
        return ALLOWED
    now = time.time() if now is None else now
    window = int(now // limit.seconds)
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    key = f"api:rate:{digest}:{limit.count}/{limit.seconds}:{window}"
    batch = max(1, int(limit.count * FLUSH_FRACTION))
    with _tallies_lock:
        if len(_tallies) >= MAX_TALLIES and key not in _tallies:
            _tallies.clear()
        tally = _tallies.get(key)
        if tally is None:
            tally = _tallies[key] = Tally(ends=(window + 1) * limit.seconds, sent_at=now)
        tally.unsent += 1
        due = tally.unsent >= batch or now - tally.sent_at >= FLUSH_SECONDS
        amount = tally.unsent if due else 0
        if due:
            tally.unsent, tally.sent_at = 0, now
    if due:
        total = _add_to_shared(key, amount, limit.seconds)
        with _tallies_lock:
            if total is None:
                # Not counted: when the cache cannot count, requests are allowed.
                _tallies.pop(key, None)
                return ALLOWED
            tally.shared = total
            _forget_ended_windows(now)
    if tally.shared + tally.unsent > limit.count:
        retry_after = max(1, math.ceil((window + 1) * limit.seconds - now))
        return Verdict(False, limit, retry_after)
    return Verdict(True, limit)


def _forget_ended_windows(now):
    """Drop the tallies of windows that have ended (their counters expire in the cache too)."""
    for key in [key for key, tally in _tallies.items() if tally.ends <= now]:
        del _tallies[key]


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
