"""One access line per request, and the request's id on every log line.

The id comes from the proxy's `X-Request-ID` when it is a sane token (so one
id follows a request through the proxy's logs and ours), otherwise a new one
is made. It is sent back in the response's `X-Request-ID`, so a reader who
reports an error page can quote it. A request whose worker is killed before
it answers gets its line from gunicorn's hooks instead (newsportal/inflight.py).
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from . import inflight

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and a few separators, as proxies make them (UUIDs, hex, base64url).
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}")
# Anything else a client could put in a log line is escaped.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\"\\]")

current_request_id = ContextVar("current_request_id", default="-")
access_logger = logging.getLogger("newsportal.request")


def request_id_from(headers_value):
    if headers_value and SANE_REQUEST_ID.fullmatch(headers_value):
        return headers_value
    return uuid.uuid4().hex


def printable(text, limit=500):
    text = text if len(text) <= limit else text[:limit] + "…"
    return UNPRINTABLE.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


class ClientErrorFilter(logging.Filter):
    """Django's reports of a request it refused as suspicious, as the 400s they are: a warning, no traceback.

    Too many fields, too large a body, a forged Host header: the client's
    doing, answered with the 400 page. Django logs each to
    `django.security.<kind>` at ERROR with the traceback of where it was
    noticed, which pages whoever watches errors for nothing our code did.
    Any other error keeps its level and traceback.
    """

    def filter(self, record):
        if record.name.startswith("django.security.") and record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
            record.exc_info = record.exc_text = record.stack_info = None
        return True


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.monotonic()
        # As the client sent it: the page cache may drop parameters that do not change the page.
        query = request.META.get("QUERY_STRING", "")
        request.logged_path = printable(request.path + (f"?{query}" if query else ""))
        # Noted for gunicorn's hooks: a worker killed before the access line below still leaves one.
        inflight.begin(
            request_id,
            printable(request.method, 20),
            request.logged_path,
            printable(request.META.get("REMOTE_ADDR", "-"), 64),
        )
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            self.log(request, response, started)
            return response
        finally:
            inflight.end()
            current_request_id.reset(token)

    @staticmethod
    def log(request, response, started):
        size = "-" if response.streaming else len(response.content)
        access_logger.info(
            '%s %s %s %s %.1fms "%s"',
            printable(request.method, 20),
            request.logged_path,
            response.status_code,
            size,
            (time.monotonic() - started) * 1000,
            printable(request.META.get("REMOTE_ADDR", "-"), 64),
        )
