"""What the site answers while PostgreSQL or Redis cannot be reached.

Any page that needs the database or the cache while it is down ends in an
exception, wherever it is raised (a view, a middleware, a template, a context
processor). The site's 500 handler sends those through `service_unavailable`
instead: a 503 page in the site's layout, rendered without anything that
needs the database, with `Retry-After`. Nothing else needs to happen to
recover: Django opens a new connection on the next request (see
CONN_HEALTH_CHECKS in settings), so the first request after the database is
back is answered normally.

A form posted during an outage is not lost: a view marked with
`@keeps_form_on_outage` gets its form back on the 503 page, filled with what
the reader typed, ready to be sent again.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import loader

logger = logging.getLogger("newsportal.outage")

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    CACHE_OUTAGES = (RedisConnectionError, RedisTimeoutError)
except ImportError:  # pragma: no cover - Redis is optional
    CACHE_OUTAGES = ()

# Errors that say "cannot reach the database or the cache", not "our code is wrong".
OUTAGES = (OperationalError, InterfaceError, *CACHE_OUTAGES)


def is_outage(exception):
    return isinstance(exception, OUTAGES)


def failed_part(exception):
    return "database" if isinstance(exception, DatabaseError) else "cache"


@dataclass(frozen=True)
class OutageForm:
    """The fields of a posted form to give back: (name, label, multiline) and hidden names."""

    fields: tuple
    hidden: tuple = ()


def keeps_form_on_outage(*, fields, hidden=()):
    """Marks a POST view whose form the 503 page gives back to the reader, filled in.

    `fields` are (name, label, multiline) triples shown for editing; `hidden`
    names are sent back unchanged (e.g. the article id or a form token). Any
    other field, a password above all, is never echoed.
    """
    spec = OutageForm(tuple(fields), tuple(hidden))

    def decorate(view):
        view.outage_form = spec
        return view

    return decorate


def outage_form_for(request):
    if request.method != "POST":
        return None
    match = getattr(request, "resolver_match", None)
    return getattr(getattr(match, "func", None), "outage_form", None)


def posted_form(request, spec):
    try:
        data = request.POST
    except Exception:  # a body that cannot be read gives nothing back
        return None
    return {
        "action": request.get_full_path(),
        "fields": [
            {"name": name, "label": label, "multiline": multiline, "value": data.get(name, "")}
            for name, label, multiline in spec.fields
        ],
        "hidden": [{"name": name, "value": data.get(name, "")} for name in spec.hidden],
    }


def service_unavailable(request, exception):
    part = failed_part(exception)
    logger.error(
        "%s unavailable, answered 503 for %s %s: %s: %s",
        part,
        request.method,
        request.path,
        type(exception).__name__,
        str(exception).strip().splitlines()[0] if str(exception).strip() else "",
    )
    context = {"is_error_page": True, "was_post": request.method == "POST"}
    spec = outage_form_for(request)
    if spec is not None:
        context["kept_form"] = posted_form(request, spec)
        # The token needs no database: it lives in the reader's CSRF cookie.
        context["csrf_token"] = get_token(request)
    # No request is passed: context processors may need the database.
    html = loader.get_template("503.html").render(context)
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged above in one line; Django need not log it again with a traceback.
    response._has_been_logged = True
    return response
