"""A request whose gunicorn worker dies still leaves one line, with its request id and why it got no answer.

The requests are made to outlive the worker for real: the database is a
socket that accepts connections and never answers (DATABASE_CONNECT_TIMEOUT
longer than the worker's timeout), so the worker hangs in the middle of the
request until gunicorn's timeout aborts it (SIGABRT) or the test kills it
(SIGKILL).
"""

import http.client
import os
import re
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsportal import inflight
from newsportal.tests.test_gunicorn_faults import fetch, gunicorn
from newsportal.tests.test_sick_cache import black_hole


@contextmanager
def silent_database():
    """postgres:// at a port that accepts connections and never answers."""
    with black_hole() as (port, _tries):
        yield f"postgres://postgres@127.0.0.1:{port}/newsportal"


def answer_or_disconnect(base, path, request_id):
    """What a client of a dying worker gets: an answer of gunicorn's, or the connection closed without one."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path, headers={"X-Request-ID": request_id})
        response = connection.getresponse()
        return f"answered {response.status}"
    except (http.client.RemoteDisconnected, ConnectionError) as error:
        return type(error).__name__
    finally:
        connection.close()


def wait_for(pattern, log_path, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = re.findall(pattern, log_path.read_text())
        if found:
            return found
        time.sleep(0.1)
    pytest.fail(f"no line matching {pattern!r} in:\n{log_path.read_text()}")


def worker_pids(log_path):
    master = int(re.search(r"Listening at: \S+ \((\d+)\)", log_path.read_text()).group(1))
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def test_a_request_cut_off_by_the_worker_timeout_leaves_one_line(static_root, tmp_path):  # noqa: F811
    with (
        silent_database() as url,
        gunicorn(url, static_root, tmp_path, GUNICORN_TIMEOUT="2", DATABASE_CONNECT_TIMEOUT="20") as (base, log_path),
    ):
        outcome = answer_or_disconnect(base, "/category/world/?page=2", "timed-out-1")
        lines = wait_for(r".*\[timed-out-1\].*", log_path)
        # The worker that replaces the aborted one answers.
        assert fetch(base + "/healthz").status == 200
    # gunicorn answers the cut-off request itself, with a bare 500.
    assert outcome == "answered 500", outcome
    assert len(lines) == 1, lines
    assert re.search(
        r"ERROR newsportal\.request \[timed-out-1\] GET /category/world/\?page=2 500 - \d+\.\dms \"127\.0\.0\.1\" "
        r"answered by gunicorn: worker \d+ was stopped after its 2s timeout$",
        lines[0],
    ), lines[0]
    log = log_path.read_text()
    assert "WORKER TIMEOUT" in log
    assert "Traceback" not in log and "Error handling request" not in log, "told once, in the line above"


def test_requests_of_a_worker_killed_with_sigkill_each_leave_one_line(static_root, tmp_path):  # noqa: F811
    # Two threads, so that the worker is answering two requests when it dies.
    variables = {"GUNICORN_THREADS": "2", "GUNICORN_TIMEOUT": "30", "DATABASE_CONNECT_TIMEOUT": "20"}
    with silent_database() as url, gunicorn(url, static_root, tmp_path, **variables) as (base, log_path):
        outcomes = {}
        clients = [
            threading.Thread(
                target=lambda path, rid: outcomes.__setitem__(rid, answer_or_disconnect(base, path, rid)),
                args=(path, rid),
            )
            for path, rid in (("/", "killed-1"), ("/search/?q=envoy", "killed-2"))
        ]
        for client in clients:
            client.start()
        time.sleep(1.5)  # both requests are waiting for the database now
        (pid,) = worker_pids(log_path)
        os.kill(pid, signal.SIGKILL)
        for client in clients:
            client.join(timeout=30)
        first = wait_for(r".*\[killed-1\].*", log_path)
        second = wait_for(r".*\[killed-2\].*", log_path)
    assert outcomes == {"killed-1": outcomes["killed-1"], "killed-2": outcomes["killed-2"]}
    assert set(outcomes.values()) <= {"RemoteDisconnected", "ConnectionResetError"}, outcomes
    assert len(first) == len(second) == 1, (first, second)
    reason = rf"no answer: worker {pid} died while answering it \(gunicorn's line above gives the signal\)$"
    assert re.search(
        r"ERROR newsportal\.request \[killed-1\] GET / - - \d+\.\dms \"127\.0\.0\.1\" " + reason, first[0]
    )
    assert re.search(r"ERROR newsportal\.request \[killed-2\] GET /search/\?q=envoy - - ", second[0])
    assert f"Worker (pid:{pid}) was sent SIGKILL!" in log_path.read_text()


# --- The notes themselves -----------------------------------------------------------------------------


# The child only writes to the shared memory and exits: no lock another thread could hold is touched.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_note_written_by_a_forked_child_is_read_by_its_parent():
    board = inflight.Board(slots=2, per_slot=2)
    note = inflight.Request("rid-1", "POST", "/comments/post/", "10.0.0.7", 1_700_000_000.5)
    child = os.fork()
    if child == 0:  # pragma: no cover - the child process
        board.write(1, 1, note.encode())
        os._exit(0)
    os.waitpid(child, 0)
    assert board.take(0) == []
    assert board.take(1) == [note]
    assert board.take(1) == [], "taking a slot clears it"


def test_a_long_path_is_cut_to_fit_and_the_note_still_reads():
    note = inflight.Request("r" * 128, "GET", "/é" * 600, "192.0.2.1", 1_700_000_000.25)
    data = note.encode()
    assert len(data) < inflight.ENTRY_BYTES
    read = inflight.Request.decode(data.ljust(inflight.ENTRY_BYTES, b"\0"))
    assert (read.request_id, read.method, read.remote, read.started) == (
        note.request_id,
        "GET",
        "192.0.2.1",
        note.started,
    )
    assert note.path.startswith(read.path) and len(read.path) > 100
