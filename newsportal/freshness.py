"""The freshness model: what a change makes stale, in every process, host and HTTP cache.

Every cached thing (a whole page, a fragment such as the site chrome) is
stored with the *keys* of what it shows: `article-12` for an article's page,
its cards and its footer items, `comments-12` for its thread and comment
counts, `list` for any listing of the newest articles, `category-3` for a
category's name, and so on. Each app says which keys name its objects
(`register`) and, in its services, which keys a change touches
(`announce`). Announcing gives each touched key a new random token in the
shared cache, after the transaction commits; a cached entry remembers the
token of every key it showed and is served only while they all still match.
So a change drops exactly the entries that show what changed, in every
process that shares the cache, and nothing else. The same keys go out in the
`xkey`/`Surrogate-Key` header of each shared page and are purged at every
HTTP cache in HTTP_CACHE_PURGE_URLS (see http_purge.py).

Checking every key on every hit would cost one cache round trip per key, so
a site-wide *clock* (another random token, rewritten by every announcement)
is checked first: an entry stamped with the current clock is current without
looking further. When the clock has moved, the entry's keys are compared
and, if none of them changed, it is stamped again.

Why the order of writes matters (an announcement writes the clock, then the
key tokens, then the clock again):
- an entry is stored only if the clock did not move while it was built, so
  a page built from rows read before a commit and finished after its
  announcement began is never stored as current;
- the second clock write makes a hit that compared the keys between the two
  steps look again.

Scheduled content: the articles app registers when content changes on its
own (an article scheduled for 9:00). The first request after that time
announces what came due, so pages and HTTP caches follow without any job.

Nothing here lives in one process's memory but the registrations, which are
code, the same in every process.
"""

import logging
import secrets
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction

from . import http_purge

logger = logging.getLogger("newsportal.freshness")

CLOCK_KEY = "freshness:clock"
KEY_PREFIX = "freshness:key:"
STAMP_SUFFIX = ":stamp"
NEXT_DUE_KEY = "freshness:next-due"
NEXT_DUE_LOCK = "freshness:next-due:lock"
NOTHING_DUE = "none"
NEXT_DUE_RECHECK_SECONDS = 24 * 3600
# A stamp for entries stored while the clock was never written (an empty cache).
NO_CLOCK = "-"

_key_of_model = {}
_schedule = None


# --- registration ----------------------------------------------------------


def register(model, key_of):
    """`key_of(obj)` names the cached responses that show `obj` (e.g. "article-12")."""
    _key_of_model[model] = key_of


@dataclass(frozen=True)
class Schedule:
    """Content that changes on its own at a time: `next_change(now)` is the next such time
    (or None); `keys_due(start, end)` the keys of what changes between the two."""

    next_change: object
    keys_due: object


def register_schedule(*, next_change, keys_due):
    global _schedule
    _schedule = Schedule(next_change, keys_due)


def keys_of(*objects):
    keys = set()
    for obj in objects:
        if obj is None:
            continue
        for model in type(obj).__mro__:
            if model in _key_of_model:
                keys.add(_key_of_model[model](obj))
                break
        else:
            raise LookupError(f"{type(obj).__name__} is not registered with newsportal.freshness")
    return keys


# --- announcing changes ------------------------------------------------------


def announce(*objects, keys=(), schedule_changed=False):
    """After the current transaction commits, make stale what shows these objects and keys.

    Services call this for everything they change. Outside a transaction it
    takes effect at once. A failure of the cache is logged, never raised:
    what was committed stays committed and the reader is told so.
    """
    changed = frozenset(keys_of(*objects) | set(keys))
    if changed or schedule_changed:
        transaction.on_commit(lambda: publish(changed, schedule_changed=schedule_changed), robust=True)


def publish(keys, *, schedule_changed=False):
    """Give `keys` new tokens now, in the shared cache and at the HTTP caches."""
    keys = sorted(keys)
    failures_before = getattr(cache, "failures", 0)
    if keys:
        cache.set(CLOCK_KEY, new_token(), None)
        cache.set_many({KEY_PREFIX + key: new_token() for key in keys}, key_lifetime())
        cache.set(CLOCK_KEY, new_token(), None)
    if schedule_changed:
        cache.delete(NEXT_DUE_KEY)
    if keys:
        named = " ".join(keys[:20]) + (f" (+{len(keys) - 20} more)" if len(keys) > 20 else "")
        if _cache_failed(failures_before):
            # The site's cache turns a failure into "nothing stored", so say it here: nothing else will.
            logger.warning(
                "could not announce %s: the cache is unavailable; what it kept from before may be served "
                "until it expires (at most %ss)",
                named,
                max(settings.PAGE_CACHE_SECONDS, settings.CHROME_CACHE_SECONDS),
            )
        else:
            logger.info("fresh: %s", named)
        http_purge.purge(keys)


def _cache_failed(failures_before):
    """Whether the cache failed since `failures_before` was read, or was being skipped (newsportal.cache)."""
    is_degraded = getattr(cache, "is_degraded", None)
    return getattr(cache, "failures", 0) != failures_before or (is_degraded is not None and is_degraded())


def new_token():
    return secrets.token_hex(8)


def key_lifetime():
    """Longer than any entry lives: an entry must never outlive the token it was checked against."""
    return 2 * max(settings.PAGE_CACHE_SECONDS, settings.CHROME_CACHE_SECONDS, 60)


# --- what a response depends on ----------------------------------------------


@dataclass
class Dependencies:
    """The keys one response shows, collected while it is built.

    `pinned` holds the tokens of keys that came with a cached fragment: the
    fragment is as old as those tokens, not as old as this response.
    """

    keys: set = field(default_factory=set)
    pinned: dict = field(default_factory=dict)


def dependencies(request):
    deps = getattr(request, "_freshness", None)
    if deps is None:
        deps = request._freshness = Dependencies()
    return deps


def shows(request, *objects, keys=()):
    """This response shows these objects (and keys): a change to one of them makes it stale."""
    if request is not None:
        dependencies(request).keys.update(keys_of(*objects), keys)


# --- cached entries ----------------------------------------------------------------


@dataclass
class Lookup:
    value: object
    tokens: dict
    clock: object
    next_due: object

    @property
    def found(self):
        return self.value is not None

    def seconds_until_due(self):
        """Seconds until scheduled content changes, or None when nothing is scheduled."""
        if isinstance(self.next_due, (int, float)):
            return max(0, self.next_due - time.time())
        return None


def lookup(key):
    """The entry stored under `key` if everything it shows is unchanged, in one cache round trip when so."""
    found = cache.get_many([key, key + STAMP_SUFFIX, CLOCK_KEY, NEXT_DUE_KEY])
    clock, next_due = found.get(CLOCK_KEY), found.get(NEXT_DUE_KEY)
    database_away = None
    try:
        if isinstance(next_due, (int, float)) and next_due <= time.time():
            if _check_schedule(next_due) != next_due:
                # What came due was just announced: look again, with the clock it moved.
                return lookup(key)
            # Another process is announcing it right now: what is stored may not show it yet.
            return Lookup(None, {}, clock, next_due)
        if next_due is None:
            next_due = _check_schedule(next_due)
    except DatabaseError as error:
        # Pages already stored are still served while the database is away.
        database_away = error
    entry = found.get(key)
    if entry is not None:
        value, tokens = entry
        stamp = found.get(key + STAMP_SUFFIX)
        if stamp is not None and stamp == (clock or NO_CLOCK):
            return Lookup(value, tokens, clock, next_due)
        if current_tokens(tokens) == tokens:
            cache.set(key + STAMP_SUFFIX, clock or NO_CLOCK, settings.PAGE_CACHE_SECONDS)
            return Lookup(value, tokens, clock, next_due)
    if database_away is not None:
        # Nothing to serve without it: fail now rather than wait for the database a second time.
        raise database_away
    return Lookup(None, {}, clock, next_due)


def current_tokens(keys):
    found = cache.get_many([KEY_PREFIX + key for key in keys])
    return {key: found.get(KEY_PREFIX + key) for key in keys}


def store(key, value, deps, *, started, timeout):
    """Keep `value` under `key` with the tokens of what it shows, unless something changed while it was built.

    `started` is the clock as it was before the first row was read
    (`Lookup.clock`). Returns the tokens stored, or None when it was not stored.
    """
    # The keys a cached fragment brought come with the tokens it was checked against: those are
    # the ones to keep (it is as old as they are), so they are not read again.
    tokens = current_tokens(deps.keys - deps.pinned.keys())
    tokens.update(deps.pinned)
    if cache.get(CLOCK_KEY) != started:
        return None
    cache.set_many({key: (value, tokens), key + STAMP_SUFFIX: started or NO_CLOCK}, timeout)
    return tokens


def cached(key, build, *, request=None, timeout):
    """A fragment shared by many responses: `build()` returns (value, keys it shows).

    The response being built (`request`) inherits the fragment's keys, with
    the tokens the fragment was checked against.
    """
    found = lookup(key)
    if found.found:
        value, tokens = found.value, found.tokens
    else:
        value, keys = build()
        deps = Dependencies(keys=set(keys))
        tokens = store(key, value, deps, started=found.clock, timeout=timeout)
        if tokens is None:
            tokens = dict.fromkeys(keys)  # built while something changed: the page must not look current
    if request is not None:
        request_deps = dependencies(request)
        request_deps.keys.update(tokens)
        request_deps.pinned.update(tokens)
    return value


# --- scheduled content ----------------------------------------------------------


def _check_schedule(next_due):
    """Announce what came due since the last look; keep NEXT_DUE_KEY up to date. Returns the next due time.

    Raises DatabaseError when the database cannot say."""
    if _schedule is None:
        return None
    if next_due is None:
        return _remember_next_due()
    if next_due != NOTHING_DUE and next_due <= time.time():
        if cache.add(NEXT_DUE_LOCK, 1, 30):
            try:
                due_since = datetime.fromtimestamp(next_due, UTC) - timedelta(seconds=1)
                publish(_schedule.keys_due(due_since, datetime.now(UTC)))
                return _remember_next_due()
            finally:
                cache.delete(NEXT_DUE_LOCK)
    return next_due


def _remember_next_due():
    upcoming = _schedule.next_change(datetime.now(UTC))
    value = upcoming.timestamp() if upcoming is not None else NOTHING_DUE
    cache.set(NEXT_DUE_KEY, value, NEXT_DUE_RECHECK_SECONDS)
    return value


# --- feeds --------------------------------------------------------------------------

_feed_request = ContextVar("freshness_feed_request", default=None)


class FeedFreshnessMixin:
    """For django.contrib.syndication feeds, whose `items()` is not given the request:
    `self.shows(...)` there records what the feed shows for the request being answered."""

    def get_feed(self, obj, request):
        token = _feed_request.set(request)
        try:
            return super().get_feed(obj, request)
        finally:
            _feed_request.reset(token)

    def shows(self, *objects, keys=()):
        shows(_feed_request.get(), *objects, keys=keys)
