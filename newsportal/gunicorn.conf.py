"""gunicorn settings; every value can be overridden from the environment.

Logs go to standard output. Django writes one access line per request
(newsportal.request, with the request id), so gunicorn's own access line is
off unless GUNICORN_ACCESS_LOG=1. gunicorn's error log (start, stop, worker
timeouts) goes to standard output too.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
preload_app = True

# Oversized requests are refused by gunicorn itself with a 4xx before Django
# sees them: a request line (method, address and query) over 4094 bytes, more
# than 100 header fields, or a header field over 8190 bytes.
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", "4094"))
limit_request_fields = 100
limit_request_field_size = 8190

# gunicorn's access line would be a second line per request; GUNICORN_ACCESS_LOG=1 adds it anyway.
_gunicorn_access = os.environ.get("GUNICORN_ACCESS_LOG", "") not in ("", "0")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [-] %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"}},
    "root": {"level": "INFO", "handlers": []},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"] if _gunicorn_access else [], "level": "INFO", "propagate": False},
    },
}
