"""newsportal.cache.ResilientCache: a failing cache behaves like a miss, behind a per-process circuit breaker."""

import gzip
import socket
import threading
import time
import uuid

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import ConnectionError as RedisConnectionError

from newsportal.cache import FileCache, ResilientCache
from newsportal.tests.test_outage import free_port


class SwitchableCache(LocMemCache):
    """A real in-memory cache that fails like an unreachable Redis while `broken` is set, and counts its calls."""

    def __init__(self, location, params):
        super().__init__(location, params)
        self.broken = False
        self.delay = 0.0
        self.calls = 0

    def _maybe_fail(self):
        self.calls += 1
        time.sleep(self.delay)
        if self.broken:
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    def add(self, *args, **kwargs):
        self._maybe_fail()
        return super().add(*args, **kwargs)

    def get(self, *args, **kwargs):
        self._maybe_fail()
        return super().get(*args, **kwargs)

    def set(self, *args, **kwargs):
        self._maybe_fail()
        return super().set(*args, **kwargs)

    def get_many(self, *args, **kwargs):
        self._maybe_fail()
        return super().get_many(*args, **kwargs)

    def incr(self, *args, **kwargs):
        self._maybe_fail()
        return super().incr(*args, **kwargs)

    def has_key(self, *args, **kwargs):
        self._maybe_fail()
        return super().has_key(*args, **kwargs)


def resilient(backend="newsportal.tests.test_cache.SwitchableCache", location=None, **options):
    # A location of its own: the breaker belongs to the location, and other tests must not share it.
    return ResilientCache(location or f"test-{uuid.uuid4().hex}", {"OPTIONS": {"BACKEND": backend, **options}})


@pytest.fixture
def cache(settings):
    settings.CACHE_RETRY_SECONDS = 0.3
    return resilient()


def test_a_healthy_cache_is_used_as_it_is(cache):
    cache.set("k", "v")
    assert cache.get("k") == "v"
    assert cache.get_many(["k", "missing"]) == {"k": "v"}
    assert (cache.failures, cache.is_degraded()) == (0, False)


def test_a_failure_opens_the_breaker_and_reads_return_their_defaults(cache, caplog):
    cache._inner.broken = True
    assert cache.get("k", "fallback") == "fallback"
    assert (cache.failures, cache.is_degraded()) == (1, True)
    assert cache.last_error.startswith("ConnectionError: Error 111 connecting")
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    assert cache.add("k", 1) is False
    assert cache.incr("k") == 0
    assert cache.set("k", "v") is None
    opened = [record for record in caplog.records if record.name == "newsportal.cache"]
    assert len(opened) == 1 and "pages are built from the database" in opened[0].getMessage()


def test_calls_are_skipped_while_the_breaker_is_open(cache):
    cache._inner.broken = True
    cache.get("k")
    calls = cache._inner.calls
    for _ in range(50):
        cache.get("k")
        cache.set("k", "v")
    assert cache._inner.calls == calls, "an open breaker must not ask the cache again"
    assert cache.failures == 1


def wait_for_probe(cache, seconds=3):
    deadline = time.monotonic() + seconds
    while cache._breaker.probing_pid is not None and time.monotonic() < deadline:
        time.sleep(0.01)


def test_after_the_interval_one_probe_tries_again_and_closes_the_breaker(cache, caplog):
    cache._inner.broken = True
    cache.get("k")
    cache._inner.broken = False
    time.sleep(0.35)
    calls = cache._inner.calls
    # The call that finds the interval over does not wait: it starts the probe and misses.
    assert cache.get("k", "miss") == "miss"
    wait_for_probe(cache)
    assert cache._inner.calls == calls + 2, "the probe's write and read, nothing else"
    assert cache.is_degraded() is False
    cache.set("k", "back")
    assert cache.get("k") == "back"
    assert any("cache available again" in record.getMessage() for record in caplog.records)


def test_only_one_probe_at_a_time_and_no_call_waits_for_it(cache):
    cache._inner.broken = True
    cache.get("k")
    cache._inner.delay = 0.3  # a cache that is slow to answer the probe
    time.sleep(0.35)
    calls = cache._inner.calls
    started = time.monotonic()
    for _ in range(20):
        assert cache.get("k", "miss") == "miss"
    assert time.monotonic() - started < 0.1
    wait_for_probe(cache)
    assert cache._inner.calls == calls + 1, "one probe, which failed at its first call"


def test_a_cache_still_broken_after_the_interval_opens_the_breaker_again(cache):
    cache._inner.broken = True
    cache.get("k")
    time.sleep(0.35)
    assert cache.get("k", "default") == "default"
    wait_for_probe(cache)
    assert (cache.failures, cache.is_degraded()) == (2, True)
    assert cache._breaker.is_open(), "skipped for another interval"


def test_incr_of_a_missing_key_raises_value_error_as_django_backends_do(cache):
    with pytest.raises(ValueError):
        cache.incr("never-set")
    assert cache.failures == 0 and not cache.is_degraded()


def test_check_makes_a_real_round_trip_past_the_open_breaker(cache):
    cache._inner.broken = True
    cache.get("k")
    assert cache.check("probe", "ok") is False
    cache._inner.broken = False
    assert cache.check("probe", "ok") is True
    assert cache.is_degraded() is False


def test_breakers_belong_to_a_location(settings):
    settings.CACHE_RETRY_SECONDS = 60
    sick, healthy = resilient(), resilient()
    sick._inner.broken = True
    sick.get("k")
    healthy.set("k", "v")
    assert healthy.get("k") == "v" and not healthy.is_degraded()


# --- Against real sockets --------------------------------------------------------------------------------


def redis_at(port, timeout=0.5):
    return resilient(
        "django.core.cache.backends.redis.RedisCache",
        location=f"redis://127.0.0.1:{port}/11",
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
    )


def test_a_refused_redis_answers_misses_at_once(settings):
    settings.CACHE_RETRY_SECONDS = 60
    cache = redis_at(free_port())
    started = time.monotonic()
    assert cache.get("k", "miss") == "miss"
    assert cache.get_many(["a"]) == {}
    assert cache.incr("counter") == 0
    assert time.monotonic() - started < 0.5
    assert cache.last_error.startswith("ConnectionError")


def test_a_black_holed_redis_costs_readers_one_timeout_and_then_none(settings):
    settings.CACHE_RETRY_SECONDS = 0.5
    accepted = []
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)

        def accept_and_say_nothing():
            while True:
                try:
                    accepted.append(silent.accept()[0])
                except OSError:
                    return

        threading.Thread(target=accept_and_say_nothing, daemon=True).start()
        cache = redis_at(silent.getsockname()[1], timeout=0.3)
        started = time.monotonic()
        assert cache.get("k", "miss") == "miss"
        first = time.monotonic() - started
        # Past several intervals: the probes wait for the timeout, the calls never do.
        slowest, deadline = 0.0, time.monotonic() + 2
        while time.monotonic() < deadline:
            started = time.monotonic()
            assert cache.get("k", "miss") == "miss"
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.01)
        wait_for_probe(cache)
    for connection in accepted:
        connection.close()
    assert 0.25 < first < 1.5, first
    assert slowest < 0.05, slowest
    assert cache.failures >= 3, "the probes tried again after each interval"
    assert cache.last_error.startswith("TimeoutError")


@pytest.mark.django_db
def test_a_database_table_cache_without_its_table_is_a_miss_not_an_error(settings):

    cache = ResilientCache(
        "no_such_cache_table", {"OPTIONS": {"BACKEND": "django.core.cache.backends.db.DatabaseCache"}}
    )
    assert cache.get("page", "missing") == "missing"
    assert cache.is_degraded()


# --- the file cache ---------------------------------------------------------------------------------------


def file_cache(directory, max_entries):
    return FileCache(str(directory), {"OPTIONS": {"MAX_ENTRIES": max_entries}})


def test_the_file_cache_lists_its_directory_once_per_hundredth_of_its_entries(tmp_path):
    cache = file_cache(tmp_path, 50_000)
    listed = []
    list_files = cache._list_cache_files
    cache._list_cache_files = lambda: listed.append(1) or list_files()
    for n in range(1_200):
        cache.set(f"page-{n}", "<html>")
    # The first store, the 501st and the 1001st: not one listing per store, as Django's own does.
    assert len(listed) == 3
    assert cache.get("page-1199") == "<html>"


def test_the_file_cache_still_culls_when_it_is_full(tmp_path):
    cache = file_cache(tmp_path, 300)
    for n in range(2_000):
        cache.set(f"page-{n}", "<html>")
    kept = list(tmp_path.glob("*.djcache"))
    assert len(kept) <= 300 + cache.cull_every
    assert cache.get("page-1999") == "<html>"


def test_the_file_cache_does_not_compress_a_stored_page_again(tmp_path):
    """A stored page is gzip already: the file holds its bytes as they are (zlib's stored blocks)."""
    cache = file_cache(tmp_path, 1_000)
    page = gzip.compress(b"<p>the harbour reopens</p>" * 400)
    cache.set("page", (200, page))
    (stored,) = tmp_path.glob("*.djcache")
    assert page in stored.read_bytes()
    assert cache.get("page") == (200, page)
    assert cache.get_many(["page", "absent"]) == {"page": (200, page)}


def test_djangos_file_cache_and_this_one_read_each_others_files(tmp_path):
    """Workers of the release before and of this one share the directory while a deploy rolls."""
    django_cache, cache = FileBasedCache(str(tmp_path), {}), file_cache(tmp_path, 1_000)
    django_cache.set("chrome", {"menu": "<nav>"}, 60)
    assert cache.get("chrome") == {"menu": "<nav>"}
    cache.set("freshness:clock", "token-2", 60)
    assert django_cache.get("freshness:clock") == "token-2"
    assert cache.touch("chrome", 600)
    assert django_cache.get("chrome") == {"menu": "<nav>"}


def test_the_file_cache_still_expires_what_it_kept(tmp_path):
    cache = file_cache(tmp_path, 1_000)
    cache.set("stamp", "clock-1", 60)
    cache.set("gone", "clock-0", -1)
    assert cache.get("gone", "missing") == "missing"
    assert cache.touch("stamp", -1)
    assert cache.get("stamp", "missing") == "missing"
    assert list(tmp_path.glob("*.djcache")) == []


def test_the_site_uses_it_for_its_default_file_cache():
    from django.core.cache import caches

    default = caches["default"]
    assert isinstance(default, ResilientCache)
    assert type(default._inner) is FileCache
