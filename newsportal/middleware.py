"""Site-wide middleware: load balancer probes, security headers, hostile input, oversized bodies, the language."""

import io
import re
from urllib.parse import unquote

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import Http404, QueryDict
from django.utils import translation

from . import views

PROBES = {"/healthz": views.healthz, "/readyz": views.readyz}


class ProbeMiddleware:
    """Answers /healthz and /readyz before anything else looks at the request.

    Probes come over plain HTTP from the load balancer, often with an IP
    address as Host, so they must pass neither the HTTPS redirect nor the
    ALLOWED_HOSTS check, and they must not touch sessions or the page cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info.rstrip("/"))
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """The headers Django has no setting for: Permissions-Policy and CORP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response


class NulBytesMiddleware:
    """Keeps NUL bytes away from the database: PostgreSQL refuses them in any text value.

    Left alone, a `%00` in a slug, a search or a session cookie would reach a
    query and fail there with a 500. No page has a use for one, so:
    - an address with a NUL is no page of the site: 404;
    - a NUL in a query parameter is dropped, so `?q=a%00b` searches for "ab";
    - a cookie with a NUL is ignored, as if it had not been sent.
    Form fields need nothing here: Django's form fields refuse NUL with a form error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404("No page has a NUL byte in its address.")
        if "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        request.COOKIES = {
            name: value for name, value in request.COOKIES.items() if "\x00" not in name and "\x00" not in value
        }
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Refuses a body over the limit with 413 before anything reads it.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves file parts out: a 30 MB file
    sent to the sign-in page would be spooled to disk before the view saw it.
    Here the declared Content-Length decides, before a byte is read; a
    chunked body (no Content-Length; gunicorn hands it over de-chunked) is
    read up to the limit and refused past it. The admin's add and change
    forms, which take featured images, have a larger limit of their own.
    The proxy in front refuses the same sizes (docs/nginx.conf).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.upload_forms = re.compile(rf"^/{re.escape(settings.ADMIN_URL)}.+/(?:add|change)/$")

    def limit_for(self, request):
        if self.upload_forms.match(request.path_info):
            return settings.ADMIN_UPLOAD_MAX_BYTES
        return settings.REQUEST_BODY_MAX_BYTES

    def __call__(self, request):
        limit = self.limit_for(request)
        declared = request.META.get("CONTENT_LENGTH")
        if declared:
            try:
                too_large = int(declared) > limit
            except ValueError:
                return views.bad_request(request)
            if too_large:
                return views.request_too_large(request, limit)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower() and "wsgi.input" in request.META:
            body = request.META["wsgi.input"].read(limit + 1)
            if len(body) > limit:
                return views.request_too_large(request, limit)
            # Django reads a body only as far as its Content-Length, so it now has one.
            request.META["CONTENT_LENGTH"] = str(len(body))
            request._stream = LimitedStream(io.BytesIO(body), len(body))
        return self.get_response(request)


class AddressLanguageMiddleware:
    """The language of a page is the one its address names: `/es/…` Spanish, no prefix English.

    Unlike Django's LocaleMiddleware it never reads a cookie or Accept-Language
    and never redirects: an address shows one language to everyone, so the
    page cache and HTTP caches keep one copy of it without `Vary:
    Accept-Language`, and a shared link opens in the language it was shared in.
    Addresses outside `i18n_patterns` (the admin, the API, health checks,
    sitemaps) are in the default language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response
