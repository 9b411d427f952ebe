"""CSRF protection for forms on pages the page cache shares.

A page handed to every anonymous reader cannot carry one reader's CSRF token,
so without JavaScript the token check refused every first post from it. For
anonymous readers, the browser itself says where a POST comes from:

- `Sec-Fetch-Site` (every current browser sends it): `same-origin`, or `none`
  (the reader's own action, e.g. a bookmark), is accepted; `same-site` and
  `cross-site` are refused.
- Otherwise `Origin`: accepted when it is this site's origin or one of
  CSRF_TRUSTED_ORIGINS, refused when it is any other (including `null`).
- A POST with neither header (an old browser, a script) falls back to
  Django's token check.

Signed-in readers keep Django's token check: their pages are never shared,
so they always carry their token, and their session is what a forged post
would abuse. (Their session cookie is SameSite=Lax, so a cross-site post
arrives without it and is judged as an anonymous one, i.e. refused.)

Refusals go to CSRF_FAILURE_VIEW, as Django's own do.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import get_callable
from django.views.decorators.csrf import csrf_exempt

ACCEPTED_FETCH_SITES = ("same-origin", "none")
REASON_CROSS_SITE = "the browser says this request comes from another site (Sec-Fetch-Site)"
REASON_BAD_ORIGIN = "the request's Origin is not this site"


def trusted_origin(request, origin):
    """Is `origin` ("https://host[:port]") this site's, or one of CSRF_TRUSTED_ORIGINS?"""
    try:
        if origin == f"{request.scheme}://{request.get_host()}":
            return True
    except DisallowedHost:
        return False
    for allowed in settings.CSRF_TRUSTED_ORIGINS:
        if origin == allowed:
            return True
        if "://*." in allowed:
            scheme, suffix = allowed.split("://*.", 1)
            parts = urlsplit(origin)
            if parts.scheme == scheme and (parts.netloc == suffix or parts.netloc.endswith("." + suffix)):
                return True
    return False


def origin_verdict(request):
    """ "accept", "refuse" (with a reason) or "unknown" (no header says), for an anonymous POST."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE", "").strip().lower()
    if fetch_site:
        if fetch_site in ACCEPTED_FETCH_SITES:
            return "accept", ""
        return "refuse", REASON_CROSS_SITE
    origin = request.META.get("HTTP_ORIGIN", "").strip()
    if origin:
        return ("accept", "") if trusted_origin(request, origin) else ("refuse", REASON_BAD_ORIGIN)
    return "unknown", ""


def csrf_protect_shared_form(view):
    """Protect a form view whose form may sit on a shared page (see the module's docstring)."""
    token_checker = CsrfViewMiddleware(lambda request: None)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return view(request, *args, **kwargs)
        user = getattr(request, "user", None)
        verdict, reason = ("unknown", "")
        if user is None or not user.is_authenticated:
            verdict, reason = origin_verdict(request)
        if verdict == "refuse":
            return get_callable(settings.CSRF_FAILURE_VIEW)(request, reason=reason)
        if verdict == "unknown":
            refused = token_checker.process_view(request, view, args, kwargs)
            if refused is not None:
                return refused
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)
