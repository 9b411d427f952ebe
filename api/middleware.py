"""What every /api/ answer gets, cached or not: CORS, rate limits, read-only methods and JSON errors.

It sits above the page cache (settings.MIDDLEWARE), because a stored answer
is served before any view runs: the limit must be counted and the CORS
headers written on hits too. The stored answers themselves are the same for
every origin; with API_CORS_ORIGINS set every answer says `Vary: Origin`, so
an HTTP cache in front keeps one copy per origin, never one origin's
permission for another.
"""

import hashlib
import logging

from django.conf import settings
from django.db import DatabaseError
from django.utils.cache import patch_vary_headers

from newsportal.client_ip import client_ip

from . import ratelimit
from .errors import error_response

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
READ_METHODS = ("GET", "HEAD")
ALLOW = "GET, HEAD, OPTIONS"
CORS_REQUEST_HEADERS = {"x-api-key", "if-none-match", "if-modified-since", "accept", "accept-language"}
CORS_EXPOSED_HEADERS = "ETag, Link, X-Total-Count, X-Total-Pages, Retry-After"
CORS_MAX_AGE = 86400
ERROR_CODES = {
    400: "bad_request",
    401: "invalid_api_key",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "rate_limited",
    503: "unavailable",
}


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        origin = request.headers.get("Origin")
        allowed_origin = origin if origin and origin in settings.API_CORS_ORIGINS else None
        if request.method == "OPTIONS":
            response = self.preflight(request, allowed_origin)
        elif request.method not in READ_METHODS:
            response = error_response(405, "method_not_allowed", "The API is read-only: use GET.")
            response["Allow"] = ALLOW
        else:
            response = self.refused(request) or self.answer(request)
        if settings.API_CORS_ORIGINS:
            patch_vary_headers(response, ("Origin",))
        if allowed_origin:
            response["Access-Control-Allow-Origin"] = allowed_origin
            response["Access-Control-Expose-Headers"] = CORS_EXPOSED_HEADERS
        return response

    def answer(self, request):
        is_head = request.method == "HEAD"
        if is_head:
            # The same answer as GET (and the same stored page), without its body.
            request.method = "GET"
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            response = self.as_json(response)
        if is_head and not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    @staticmethod
    def as_json(response):
        """An error answered by the site's pages (an HTML 404, 500 or 503) in the API's own JSON."""
        status = response.status_code
        code = ERROR_CODES.get(status, "server_error" if status >= 500 else "error")
        message = response.reason_phrase if status < 500 else "The API could not answer; please try again later."
        replacement = error_response(status, code, message)
        for header in ("Retry-After", "Allow"):
            if response.has_header(header):
                replacement[header] = response[header]
        return replacement

    @staticmethod
    def preflight(request, allowed_origin):
        response = error_response(204, "", "")
        response.content = b""
        del response["Content-Type"]
        response["Allow"] = ALLOW
        wanted_method = request.headers.get("Access-Control-Request-Method")
        if allowed_origin and wanted_method in READ_METHODS:
            wanted = {
                name.strip().lower() for name in request.headers.get("Access-Control-Request-Headers", "").split(",")
            }
            response["Access-Control-Allow-Methods"] = ALLOW
            allowed_headers = sorted(wanted & CORS_REQUEST_HEADERS)
            if allowed_headers:
                response["Access-Control-Allow-Headers"] = ", ".join(allowed_headers)
            response["Access-Control-Max-Age"] = str(CORS_MAX_AGE)
        return response

    @staticmethod
    def refused(request):
        """A 429 (or 401 for a key nobody issued) when this request may not be answered, else None."""
        address = client_ip(request, settings.API_CLIENT_IP_HEADER) or "unknown"
        raw_key = request.headers.get("X-API-Key", "").strip()
        if raw_key:
            try:
                key_limit = ratelimit.key_rate_limit(raw_key)
            except DatabaseError:
                logger.warning("could not check an API key: the database is unavailable; the key's limit applies")
                key_limit = ""
            if key_limit is None:
                return error_response(401, "invalid_api_key", "This API key is unknown or has been revoked.")
            digest = hashlib.sha256(raw_key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
            limit, identity = ratelimit.limit_for(key_limit), f"key:{digest}:{address}"
        else:
            limit, identity = ratelimit.limit_for(None), f"address:{address}"
        verdict = ratelimit.hit(identity, limit)
        if verdict.allowed:
            return None
        response = error_response(
            429,
            "rate_limited",
            f"More than {limit.count} requests in {limit.seconds} seconds from this address; "
            f"try again in {verdict.retry_after} seconds, or ask for an API key.",
        )
        response["Retry-After"] = str(verdict.retry_after)
        return response
