"""Spam defences that look at how a comment arrives rather than what it says.

- A signed timestamp in the form: a bot that posts without loading the page,
  posts within seconds of loading it, or replays a form hours old is refused.
- A rate limit per IP address and per email, counted in Django's cache, so
  that it holds across processes when the cache is shared (Redis). When the
  cache cannot count, COMMENTS_RATE_LIMITS_FAIL decides (comments/views.py).
- The client's IP address, taken from a proxy header only when the operator
  says which one to trust.

The honeypot lives in the form (forms.py); duplicates are refused by the
database (Comment.fingerprint is unique).
"""

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsportal.cache import CACHE_FAILURES
from newsportal.client_ip import client_ip as newsportal_client_ip

FORM_TOKEN_SALT = "comments.form-token"


class FormTokenError(Exception):
    """The form's signed timestamp is missing, forged, too young or too old."""


def issue_form_token(article_id, *, now=None):
    """A signed note of which article's form this is and when it was rendered."""
    issued = int(time.time() if now is None else now)
    return signing.dumps({"a": article_id, "t": issued}, salt=FORM_TOKEN_SALT)


def reusable_form_token(token, article_id, *, now=None):
    """Is `token` one we issued for this article that has not expired yet (too young is fine)?"""
    try:
        check_form_token(token, article_id, now=now, min_seconds=0)
    except FormTokenError:
        return False
    return True


def check_form_token(token, article_id, *, now=None, min_seconds=None):
    """Raise FormTokenError unless `token` was issued for this article between
    COMMENTS_MIN_SECONDS and COMMENTS_MAX_FORM_AGE seconds ago."""
    now = time.time() if now is None else now
    try:
        data = signing.loads(token or "", salt=FORM_TOKEN_SALT)
        issued, token_article = int(data["t"]), int(data["a"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise FormTokenError(_("This form could not be checked. Please send your comment again.")) from None
    if token_article != article_id:
        raise FormTokenError(_("This form could not be checked. Please send your comment again."))
    age = now - issued
    if age < (settings.COMMENTS_MIN_SECONDS if min_seconds is None else min_seconds):
        raise FormTokenError(
            _("That was faster than a person can write. Please read your comment over and send it again.")
        )
    if age > settings.COMMENTS_MAX_FORM_AGE:
        hours = max(1, round(settings.COMMENTS_MAX_FORM_AGE / 3600))
        raise FormTokenError(
            ngettext(
                "This form was opened more than an hour ago. Please send your comment again.",
                "This form was opened more than %(hours)d hours ago. Please send your comment again.",
                hours,
            )
            % {"hours": hours}
        )


# --- Rate limits ------------------------------------------------------------

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd]?)\s*$")


@dataclass(frozen=True)
class RateLimit:
    count: int
    seconds: int


def parse_rate_limits(values, setting="COMMENTS_RATE_LIMITS"):
    """ "1/15s", "10/1h", "100/d" → RateLimit(1, 15), RateLimit(10, 3600), …"""
    limits = []
    for value in values:
        if not value.strip():
            continue
        match = RATE.match(value)
        if not match:
            raise ImproperlyConfigured(f"{setting}: {value!r} is not a rate like '1/15s', '10/1h' or '100/d'.")
        count, amount, unit = match.groups()
        seconds = int(amount or 1) * UNITS[unit or "s"]
        if seconds <= 0:
            raise ImproperlyConfigured(f"{setting}: {value!r} has an empty period.")
        limits.append(RateLimit(int(count), seconds))
    return limits


def _counter_key(scope, identity, limit):
    digest = hashlib.sha256(identity.lower().encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"comments:rate:{scope}:{digest}:{limit.count}/{limit.seconds}"


def _hit(key, seconds):
    """Count one more posting in a window that starts with the first one."""
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, timeout=seconds)
        return 1


class RateLimitUnchecked(Exception):
    """The cache that keeps the counts failed, so the limits could not be checked."""


RATE_LIMIT_FAILURE_POLICIES = ("hold", "refuse", "allow")


def rate_limit_failure_policy():
    """What COMMENTS_RATE_LIMITS_FAIL says to do with a comment whose limits could not be checked."""
    policy = settings.COMMENTS_RATE_LIMITS_FAIL
    if policy not in RATE_LIMIT_FAILURE_POLICIES:
        raise ImproperlyConfigured(
            f"COMMENTS_RATE_LIMITS_FAIL is {policy!r}; it must be one of {', '.join(RATE_LIMIT_FAILURE_POLICIES)}."
        )
    return policy


def _cache_health():
    # The site's cache (newsportal.cache.ResilientCache) turns failures into
    # misses, so an unreachable Redis would look like "no posting counted yet";
    # its failure counter and breaker say what really happened.
    return getattr(cache, "failures", None), getattr(cache, "is_degraded", lambda: False)()


def rate_limit_hit(*, ip_address, email):
    """Count this posting against every limit; return the seconds to wait when
    one is exceeded, else None. Raise RateLimitUnchecked when the cache failed
    while counting (the view applies COMMENTS_RATE_LIMITS_FAIL).

    Only postings that passed every other check are counted, so a reader who
    fixes a typo in the email field is not locked out by their first try.
    """
    return count_against_limits(
        [("ip", ip_address), ("email", email)], parse_rate_limits(settings.COMMENTS_RATE_LIMITS)
    )


def count_against_limits(identities, limits):
    """Count one more action of each (scope, identity) against every limit.

    Returns the seconds to wait when a limit is exceeded, else None; raises
    RateLimitUnchecked when the cache failed while counting. Identities that
    are empty are not counted.
    """
    identities = [(scope, identity) for scope, identity in identities if identity]
    if not limits or not identities:
        return None
    failures_before, degraded_before = _cache_health()
    wait = None
    try:
        for scope, identity in identities:
            for limit in limits:
                if _hit(_counter_key(scope, identity, limit), limit.seconds) > limit.count:
                    wait = max(wait or 0, limit.seconds)
    except CACHE_FAILURES as error:  # a plain backend lets the failure through
        raise RateLimitUnchecked(f"{type(error).__name__}: {error}") from error
    failures_after, degraded_after = _cache_health()
    if degraded_before or degraded_after or failures_after != failures_before:
        raise RateLimitUnchecked(getattr(cache, "last_error", "") or "the cache is unavailable")
    return wait


# --- Where the request came from ------------------------------------------


def client_ip(request):
    """The reader's IP address, or None (see newsportal.client_ip)."""
    return newsportal_client_ip(request, settings.COMMENTS_CLIENT_IP_HEADER)
