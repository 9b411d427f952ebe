"""Purging HTTP caches (Varnish, a CDN) by surrogate key, without slowing anyone's request.

Every shared page names the objects it shows in its `xkey` and
`Surrogate-Key` headers (newsportal/page_cache.py). When those objects
change, `purge(keys)` sends

    PURGE / HTTP/1.1
    xkey-purge: article-12 list comments-12

to each address in HTTP_CACHE_PURGE_URLS (docs/varnish.vcl answers it), and
once more half a second later (PURGE_REPEAT_SECONDS). The requests go out
from a background thread of the process that made the change, so an
editor's save never waits for them; a cache that refuses or
does not answer is tried again with growing pauses (PURGE_RETRY_DELAYS),
and each failure is logged. What cannot be purged in the end still expires
on its own: HTTP caches keep a page no longer than Surrogate-Control says.
Before a process exits (a management command), what is queued is sent.
"""

import atexit
import http.client
import logging
import queue
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger("newsportal.http_purge")

PURGE_HEADER = "xkey-purge"
PURGE_TIMEOUT_SECONDS = 2
# Header lines stay well under the 8 KB that proxies accept.
KEYS_PER_REQUEST = 200
EXIT_FLUSH_SECONDS = 10
# Each purge is sent twice: a page built just before the change may still be on
# its way into the cache when the first arrives, and a cache indexes a page's
# keys only once it has stored it.
PURGE_REPEAT_SECONDS = 0.5

_queue = queue.Queue()
# Purges waiting for their time: repeats, and retries of those that failed.
_waiting = []
_worker = None
_worker_lock = threading.Lock()


def purge(keys):
    """Queue a purge of `keys` at every configured HTTP cache; returns at once."""
    urls = settings.HTTP_CACHE_PURGE_URLS
    keys = sorted(keys)
    if not urls or not keys:
        return
    repeat_at = time.monotonic() + PURGE_REPEAT_SECONDS
    for url in urls:
        for start in range(0, len(keys), KEYS_PER_REQUEST):
            chunk = keys[start : start + KEYS_PER_REQUEST]
            _queue.put((url, chunk, 0, 0.0))
            _queue.put((url, chunk, 0, repeat_at))
    _ensure_worker()


def _ensure_worker():
    global _worker
    with _worker_lock:
        # A forked worker (gunicorn) inherits no running thread: start one in each process.
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run, name="http-purge", daemon=True)
            _worker.start()


def send(url, keys):
    """One purge request; raises OSError or http.client.HTTPException when it fails."""
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=PURGE_TIMEOUT_SECONDS)
    try:
        connection.request("PURGE", parts.path or "/", headers={PURGE_HEADER: " ".join(keys)})
        response = connection.getresponse()
        response.read()
        if response.status >= 300:
            raise http.client.HTTPException(f"answered {response.status} {response.reason}")
    finally:
        connection.close()


def _run():
    retries = _waiting
    while True:
        timeout = None
        if retries:
            retries.sort(key=lambda item: item[3])
            timeout = max(0.0, retries[0][3] - time.monotonic())
        try:
            item = _queue.get(timeout=timeout)
            from_queue = True
        except queue.Empty:
            item, from_queue = retries.pop(0), False
        try:
            _attempt(item, retries)
        finally:
            if from_queue:
                _queue.task_done()


def _attempt(item, retries):
    url, keys, attempt, not_before = item
    if url not in settings.HTTP_CACHE_PURGE_URLS:
        return  # no longer one of our caches
    if not_before > time.monotonic():
        retries.append(item)
        return
    try:
        send(url, keys)
    except (OSError, http.client.HTTPException) as error:
        delays = settings.PURGE_RETRY_DELAYS
        if attempt < len(delays):
            logger.warning(
                "purge of %d keys at %s failed (%s); trying again in %ss", len(keys), url, error, delays[attempt]
            )
            retries.append((url, keys, attempt + 1, time.monotonic() + delays[attempt]))
        else:
            logger.error(
                "purge of %d keys at %s failed %d times (%s); those pages expire on their own",
                len(keys),
                url,
                attempt + 1,
                error,
            )


@atexit.register
def _flush_before_exit():
    """A management command ends right after its change: send what it queued first."""
    deadline = time.monotonic() + EXIT_FLUSH_SECONDS
    while time.monotonic() < deadline and _worker is not None and _worker.is_alive():
        # Repeats are part of the purge; retries of a cache that is down are not waited for.
        if not _queue.unfinished_tasks and not any(attempt == 0 for _url, _keys, attempt, _at in _waiting):
            break
        time.sleep(0.02)
