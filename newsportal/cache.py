"""The site's cache backend: whichever backend the operator chose, made unable to take the site down.

A cache is an accelerator. When Redis is unreachable, or accepts connections
and never answers, or the cache directory cannot be written, every call here
behaves like a miss (reads return the default, writes store nothing) instead
of raising, so pages are built from the database and readers get a 200.

A short circuit breaker keeps a dead cache from costing a timeout on every
request: after a failure the backend is skipped for CACHE_RETRY_SECONDS,
then one probe tries it again, from a thread of its own, so that no reader
waits for it; the cache is used again once the probe got its answer. The
breaker's state belongs to each process (it is knowledge about this
process's connection, not shared content), so a dead cache costs one timeout
per worker per interval, paid by the probe, and one request per worker
(the first) after the cache failed.

    CACHES = {"default": {"BACKEND": "newsportal.cache.ResilientCache",
                          "LOCATION": "...",
                          "OPTIONS": {"BACKEND": "django.core.cache.backends.redis.RedisCache", ...}}}

settings.py wraps whatever CACHE_URL names this way.
"""

import io
import itertools
import logging
import os
import pickle
import secrets
import threading
import time
import zlib

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import DatabaseError
from django.utils.module_loading import import_string

logger = logging.getLogger("newsportal.cache")

# A database table as the cache (dbcache://) fails with the database's errors.
try:
    from redis.exceptions import RedisError

    CACHE_FAILURES = (OSError, EOFError, DatabaseError, RedisError)
except ImportError:  # pragma: no cover - Redis is optional
    CACHE_FAILURES = (OSError, EOFError, DatabaseError)


class _Breaker:
    """Per-process health of one cache location."""

    def __init__(self):
        self.lock = threading.Lock()
        self.open_until = 0.0
        self.failures = 0
        self.last_error = ""
        # The process whose probe is under way: a forked worker inherits the flag, not the thread.
        self.probing_pid = None

    def is_open(self):
        return time.monotonic() < self.open_until

    def is_closed(self):
        return self.open_until == 0.0

    def start_probe(self):
        """True for the one caller that is to probe the cache now."""
        with self.lock:
            if self.probing_pid == os.getpid():
                return False
            self.probing_pid = os.getpid()
            return True

    def end_probe(self):
        with self.lock:
            self.probing_pid = None

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


class FileCache(FileBasedCache):
    """Django's file cache, made cheaper where a page served from it spends its time.

    - A store lists the cache's directory only now and then. Django's
      FileBasedCache lists every file it holds before each store, to see
      whether MAX_ENTRIES is reached: about 20 ms a store at 20,000 entries on
      a 2-core machine, paid by every page built (the page and its fragments)
      and the more the more pages are kept, which is the long tail's case.
      Here each process lists it on its first store and then once every
      hundredth of MAX_ENTRIES stores, so the directory may outgrow
      MAX_ENTRIES by that many stores per process before Django's culling
      takes a third of it away.
    - Values are stored in zlib's format without compressing them (level 0).
      What is large here is a stored page, which is gzip-compressed already:
      compressing it again made it no smaller and cost every hit a
      decompression of it, about 40 µs of a 0.4 ms hit (a stored block is
      only copied: 5 µs). The format is still Django's, so a release before
      this one and this one read each other's files.
    - Keys are not checked against memcached's rules (Django's backend only
      warns): a file is named by the md5 of its key, so every key is a valid
      one here, and the check was a tenth of a hit's reads.
    """

    def __init__(self, directory, params):
        super().__init__(directory, params)
        self.cull_every = max(1, self._max_entries // 100)
        # next() of a count is atomic, so threads of one process share it without a lock.
        self._stores = itertools.count()

    def _cull(self):
        if next(self._stores) % self.cull_every == 0:
            super()._cull()

    def validate_key(self, key):
        pass

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), level=0))

    def get(self, key, default=None, version=None):
        # The whole file in one unbuffered read, instead of a buffered file read in two steps.
        path = self._key_to_file(key, version)
        try:
            with open(path, "rb", buffering=0) as file:
                data = file.readall()
        except FileNotFoundError:
            return default
        # Django's own expiry check reads the stream and, when expired, deletes `stream.name`.
        stream = io.BytesIO(data)
        stream.name = path
        if self._is_expired(stream):
            return default
        return pickle.loads(zlib.decompress(memoryview(data)[stream.tell() :]))


PROBE_KEY = "cache:probe"

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
        """Failed and not answered since: calls are skipped, or wait for the probe."""
        return not self._breaker.is_closed()

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

    def _probe(self):
        """One round trip off any request's path: closes the breaker, or opens it for another interval."""
        try:
            value = secrets.token_hex(4)
            try:
                self._inner.set(PROBE_KEY, value, 10)
                answered = self._inner.get(PROBE_KEY) == value
            except CACHE_FAILURES as error:
                self._breaker.trip(error, self._name)
                return
            if answered:
                self._breaker.close(self._name)
            else:
                self._breaker.trip(ValueError("the probe read back another value"), self._name)
        finally:
            self._breaker.end_probe()

    def _call(self, method, default, *args, **kwargs):
        breaker = self._breaker
        if not breaker.is_closed():
            if not breaker.is_open() and breaker.start_probe():
                threading.Thread(target=self._probe, name="cache-probe", daemon=True).start()
            return default
        try:
            return getattr(self._inner, method)(*args, **kwargs)
        except CACHE_FAILURES as error:
            breaker.trip(error, self._name)
            return default

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
