"""Slow clients (slowloris) against gunicorn's sync workers, straight and through docs/nginx.conf.

A sync worker serves one connection at a time, from its first byte to its
last: a client that sends its headers a byte a second holds a worker until
gunicorn's timeout kills it, and as many such clients as workers stop the
site. nginx reads a request whole before it asks gunicorn, so through it
the same clients hold nothing but a few nginx connections. Hence the rule in
docs/OPERATIONS.md: gunicorn only ever sits behind nginx or Varnish (Varnish:
test_varnish.py).

Real gunicorn (three sync workers, production settings, a SQLite database
prepared with migrate) and real nginx, talking HTTP. The nginx part is
skipped when nginx is not installed, unless NGINX_TESTS=required.
"""

import http.client
import math
import os
import runpy
import socket
import threading
import time
from pathlib import Path

import pytest

from newsportal.tests.test_gunicorn_faults import gunicorn, migrate
from tools.nginx_local import LocalNginx, nginx_installed

WORKERS = 3
# Never complete: a request line and headers that would take 20 minutes at a byte a second.
SLOW_REQUEST = b"GET /?slow HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\nX-Padding: " + b"x" * 1200


class SlowClients:
    """`count` connections to `port` that each send SLOW_REQUEST one byte a second, for as long as the block lasts."""

    def __init__(self, port, count):
        self.port, self.count = port, count
        self.sockets, self.dropped = [], 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)

    def __enter__(self):
        self.sockets = [socket.create_connection(("127.0.0.1", self.port), timeout=5) for _ in range(self.count)]
        self._thread.start()
        return self

    def _trickle(self):
        for offset in range(len(SLOW_REQUEST)):
            for connection in list(self.sockets):
                try:
                    connection.send(SLOW_REQUEST[offset : offset + 1])
                except OSError:
                    self.sockets.remove(connection)
                    self.dropped += 1
            if self._stop.wait(1):
                return

    def still_trickling(self):
        return self._thread.is_alive() and self.dropped == 0 and len(self.sockets) == self.count

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)
        for connection in self.sockets:
            connection.close()


def timed_get(port, path, timeout=10):
    """(status, X-Cache-Status, seconds) of one GET on a connection of its own."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Cache-Status"), time.monotonic() - started
    finally:
        connection.close()


def p99(seconds):
    ordered = sorted(seconds)
    return ordered[math.ceil(0.99 * len(ordered)) - 1]


@pytest.fixture(scope="module")
def three_workers(static_root, tmp_path_factory):  # noqa: F811 (the fixture imported above)
    """gunicorn with WORKERS sync workers on a migrated SQLite database: (port, log path)."""
    directory = tmp_path_factory.mktemp("slow-clients")
    database_url = f"sqlite:///{directory / 'db.sqlite3'}"
    migrate(database_url)
    # On gunicorn's command line (GUNICORN_CMD_ARGS), which wins over the config's GUNICORN_WORKERS.
    with gunicorn(database_url, static_root, directory, GUNICORN_CMD_ARGS=f"--workers {WORKERS}") as (base, log):
        port = int(base.rsplit(":", 1)[1])
        deadline = time.monotonic() + 30
        while log.read_text().count("Booting worker") < WORKERS:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        # Each worker's first page loads its templates and opens the database:
        # a few rounds at once, so that every worker has made one before anything is timed.
        for _round in range(3):
            readers = [threading.Thread(target=timed_get, args=(port, f"/?warm={n}")) for n in range(WORKERS)]
            for reader in readers:
                reader.start()
            for reader in readers:
                reader.join()
        yield port, log


@pytest.fixture
def nginx_required():
    if not nginx_installed():
        reason = "nginx not found: install it with `apt-get install nginx-light` to run the nginx tests"
        if os.environ.get("NGINX_TESTS") == "required":
            pytest.fail(f"{reason} (NGINX_TESTS=required)", pytrace=False)
        pytest.skip(reason)


def test_through_nginx_50_slow_clients_do_not_slow_readers(three_workers, nginx_required):
    port, _log = three_workers
    with LocalNginx(upstream_port=port) as nginx, SlowClients(nginx.listen_port, 50) as slow:
        time.sleep(2)  # every slow client connected and a couple of bytes in
        answers = {"/healthz": [], "/": []}
        for n in range(20):
            for path, seconds in answers.items():
                # A query of its own each time: past nginx's micro-cache, to gunicorn.
                status, cache, took = timed_get(nginx.listen_port, f"{path}?reader={n}")
                assert (status, cache) == (200, "MISS")
                seconds.append(took)
        assert slow.still_trickling(), "the slow clients were all still sending while readers were answered"
    summary = {path: f"p99 {p99(seconds):.3f} s, max {max(seconds):.3f} s" for path, seconds in answers.items()}
    print(f"\nthrough nginx, 50 slow clients: {summary}")
    for path, seconds in answers.items():
        assert p99(seconds) < 1, (path, sorted(seconds))


def test_straight_at_gunicorn_as_many_slow_clients_as_workers_freeze_it(three_workers):
    port, _log = three_workers
    assert timed_get(port, "/healthz")[0] == 200
    with SlowClients(port, WORKERS) as slow:
        time.sleep(1)  # each worker has accepted one and waits for the rest of its headers
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            timed_get(port, "/healthz", timeout=2)
        waited = time.monotonic() - started
        assert slow.still_trickling()
    print(f"\nstraight at gunicorn, {WORKERS} slow clients: /healthz had no answer within {waited:.1f} s")
    # Once they hang up, the workers are free again.
    status, _cache, took = timed_get(port, "/healthz", timeout=10)
    assert status == 200 and took < 1


@pytest.mark.parametrize(
    "address, warned",
    [
        ("127.0.0.1:8000", False),
        ("[::1]:8000", False),
        ("localhost:8000", False),
        ("unix:/run/newsportal.sock", False),
        ("0.0.0.0:8000", True),
        ("10.0.0.5:8000", True),
        ("[::]:8000", True),
        ("news.example.com:8000", True),
    ],
)
def test_gunicorn_warns_at_start_when_it_listens_beyond_loopback(address, warned):
    config = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))
    warnings = []

    class Server:
        class cfg:
            bind = [address]
            timeout = 30

        class log:
            @staticmethod
            def warning(message, *args):
                warnings.append(message % args)

    config["on_starting"](Server)
    assert bool(warnings) == warned
    if warned:
        assert address in warnings[0] and "nginx or Varnish" in warnings[0]
