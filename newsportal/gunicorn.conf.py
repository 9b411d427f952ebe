"""gunicorn settings; every value can be overridden from the environment.

Logs go to standard output. Django writes one access line per request
(newsportal.request, with the request id), so gunicorn's own access line is
off unless GUNICORN_ACCESS_LOG=1. gunicorn's error log (start, stop, worker
timeouts) goes to standard output too.

gunicorn only ever sits behind nginx or Varnish (docs/OPERATIONS.md, "Never
expose gunicorn directly"): it listens on 127.0.0.1 unless told otherwise,
and says so loudly at start when it is told otherwise.
"""

import ipaddress
import logging
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


def _reachable_from_elsewhere(address):
    """Whether a bind address lets other machines connect (anything but loopback and Unix sockets)."""
    if address.startswith(("unix:", "fd://")):
        return False
    host = address.rpartition(":")[0] if ":" in address else address
    host = host.strip("[]")
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # a host name, or "" (every interface)


def on_starting(server):
    # Not a refusal: a private address behind a proxy on another machine is a
    # real deployment. But gunicorn's sync workers are frozen by any client
    # that sends its request slowly, so whoever starts it this way must hear it.
    exposed = [address for address in server.cfg.bind if _reachable_from_elsewhere(address)]
    if exposed:
        server.log.warning(
            "gunicorn listens on %s, which other machines can reach. It must only ever be reached "
            'through nginx or Varnish (docs/OPERATIONS.md, "Never expose gunicorn directly"): '
            "clients that send their requests slowly freeze every sync worker for up to %s seconds. "
            "Make sure nothing but the proxy can connect.",
            ", ".join(exposed),
            server.cfg.timeout,
        )


# A request whose worker dies leaves no access line of Django's: these hooks write it
# (newsportal/inflight.py). They log through Django's logging, which preload_app has set up here too.
_aborting = False


def pre_fork(server, worker):
    from newsportal import inflight

    inflight.assign_slot(worker, workers=server.num_workers, threads=server.cfg.threads)


def post_fork(server, worker):
    from newsportal import inflight

    inflight.attach(worker)


def worker_abort(worker):
    # SIGABRT: gunicorn's timeout. This runs in the worker, inside the request it interrupts;
    # gunicorn then answers that request 500 itself, and the worker exits.
    global _aborting
    from newsportal import inflight

    _aborting = True
    # Taken, so that the arbiter does not tell of them again when it reaps the worker.
    for request in inflight.take_all():
        inflight.log_cut_off(
            request,
            f"answered by gunicorn: worker {worker.pid} was stopped after its {worker.cfg.timeout}s timeout",
            status="500",
            fallback=worker.log,
        )


def child_exit(server, worker):
    # In the arbiter, after it reaped a worker: anything still noted was cut off (SIGKILL, a crash).
    from newsportal import inflight

    for request in inflight.release_slot(worker):
        inflight.log_cut_off(
            request,
            f"no answer: worker {worker.pid} died while answering it (gunicorn's line above gives the signal)",
            fallback=server.log,
        )


class _AbortTold(logging.Filter):
    """Drops gunicorn's "Error handling request" traceback of the SystemExit that ends an aborted
    request: worker_abort has told of that request already, in one line with its request id."""

    def filter(self, record):
        exception = record.exc_info[1] if record.exc_info else None
        return not (_aborting and isinstance(exception, SystemExit))


logconfig_dict["filters"] = {"abort_told": {"()": _AbortTold}}
logconfig_dict["handlers"]["stdout"]["filters"] = ["abort_told"]
