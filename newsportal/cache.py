"""The site's cache backend: whichever backend the operator chose, made unable to take the site down.

A cache is an accelerator. When Redis is unreachable, or accepts connections
and never answers, or the cache directory cannot be written, every call here
behaves like a miss (reads return the default, writes store nothing) instead
of raising, so pages are built from the database and readers get a 200.

A short circuit breaker keeps a dead cache from costing a timeout on every
request: after a failure the backend is skipped for CACHE_RETRY_SECONDS,
then one call tries it again. The breaker's state belongs to each process
(it is knowledge about this process's connection, not shared content), so a
dead cache costs one timeout per worker per interval.

    CACHES = {"default": {"BACKEND": "newsportal.cache.ResilientCache",
                          "LOCATION": "...",
                          "OPTIONS": {"BACKEND": "django.core.cache.backends.redis.RedisCache", ...}}}

settings.py wraps whatever CACHE_URL names this way.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string

logger = logging.getLogger("newsportal.cache")

try:
    from redis.exceptions import RedisError

    CACHE_FAILURES = (OSError, EOFError, RedisError)
except ImportError:  # pragma: no cover - Redis is optional
    CACHE_FAILURES = (OSError, EOFError)


class _Breaker:
    """Per-process health of one cache location."""

    def __init__(self):
        self.lock = threading.Lock()
        self.open_until = 0.0
        self.failures = 0
        self.last_error = ""

    def is_open(self):
        return time.monotonic() < self.open_until

    def trip(self, error, name):
        with self.lock:
            was_open = self.open_until > 0
            self.failures += 1
            self.last_error = f"{type(error).__name__}: {str(error).strip()[:200]}"
            self.open_until = time.monotonic() + settings.CACHE_RETRY_SECONDS
        if not was_open:
            logger.error(
                "cache unavailable, pages are built from the database for the next %ss: %s: %s",
                settings.CACHE_RETRY_SECONDS,
                name,
                self.last_error,
            )

    def close(self, name):
        with self.lock:
            reopened = self.open_until > 0
            self.open_until = 0.0
        if reopened:
            logger.warning("cache available again: %s", name)


_breakers = {}
_breakers_lock = threading.Lock()


def _breaker_for(location):
    with _breakers_lock:
        return _breakers.setdefault(location, _Breaker())


class ResilientCache(BaseCache):
    def __init__(self, location, params):
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        inner_backend = options.pop("BACKEND")
        params["OPTIONS"] = options
        super().__init__(params)
        self._inner = import_string(inner_backend)(location, params)
        self._name = f"{inner_backend.rsplit('.', 1)[-1]} {location}".strip()
        self._breaker = _breaker_for(f"{inner_backend}:{location}")

    # --- health, for /readyz and the rate limits ---------------------------

    @property
    def failures(self):
        """How many calls have failed in this process; grows by one with each failure."""
        return self._breaker.failures

    def is_degraded(self):
        return self._breaker.is_open()

    @property
    def last_error(self):
        return self._breaker.last_error

    def check(self, key, value):
        """A real round trip that bypasses the breaker: True when the cache stores and returns `value`."""
        try:
            self._inner.set(key, value, 10)
            healthy = self._inner.get(key) == value
        except CACHE_FAILURES as error:
            self._breaker.trip(error, self._name)
            return False
        if healthy:
            self._breaker.close(self._name)
        return healthy

    def _call(self, method, default, *args, **kwargs):
        if self._breaker.is_open():
            return default
        try:
            result = getattr(self._inner, method)(*args, **kwargs)
        except CACHE_FAILURES as error:
            self._breaker.trip(error, self._name)
            return default
        if self._breaker.open_until:
            self._breaker.close(self._name)
        return result

    # --- the cache API ------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # A missing key is the caller's ValueError, as with any backend; an
        # unreachable cache counts nothing and answers 0.
        return self._call("incr", 0, key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", 0, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", None)

    def close(self, **kwargs):
        try:
            self._inner.close(**kwargs)
        except CACHE_FAILURES:  # closing a connection that is already gone
            pass
