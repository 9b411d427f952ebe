"""/api/v1/: the API's operations as public pages of the page cache, and a JSON 404 for anything else."""

import re
from functools import wraps

from django.urls import URLPattern, re_path

from newsportal.page_cache import public_page

from .errors import error_response
from .views import QUERY_SCHEMAS, api


def integer(value):
    """ "020" → "20": one cache entry per page; anything else is left for the view to refuse."""
    return str(int(value)) if re.fullmatch(r"\d{1,12}", value) else value


def as_given(value):
    return value


def declared_parameters(query_schema):
    """The operation's query parameters, each with its canonical spelling for the page key."""
    return {
        name: integer if field.annotation is int else as_given for name, field in query_schema.model_fields.items()
    }


def refusing_unknown_parameters(view, parameters):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - set(parameters))
        if unknown:
            return error_response(
                400,
                "unknown_parameter",
                f"Unknown parameter {unknown[0]!r}; this address takes: {', '.join(sorted(parameters))}.",
                parameter=unknown[0],
            )
        return view(request, *args, **kwargs)

    return wrapped


def public_operations(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name in QUERY_SCHEMAS:
            parameters = declared_parameters(QUERY_SCHEMAS[pattern.name])
            view = refusing_unknown_parameters(pattern.callback, parameters)
            pattern.callback = public_page(view, parameters=parameters, strict=True)
        yield pattern


def unknown_address(request, rest=""):
    return error_response(404, "not_found", "The API has nothing at this address; see /api/v1/docs.")


patterns, app_name, namespace = api.urls

urlpatterns = [
    *public_operations(patterns),
    re_path(r"^.*$", unknown_address),
]
app_name = namespace
