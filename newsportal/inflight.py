"""What each process is answering right now, so that a request whose worker dies still leaves its line.

Django writes the access line as the response leaves; a worker stopped in
the middle of a request never gets there: gunicorn's timeout (SIGABRT), the
kernel's OOM killer or an operator (SIGKILL). So RequestLogMiddleware notes
each request here when it starts and clears the note when it ends, and
gunicorn's hooks (newsportal/gunicorn.conf.py) write the missing line:

- on SIGABRT the worker itself runs `worker_abort`, which reads its own notes;
- on SIGKILL the worker runs nothing more, so each note is also written to
  memory the arbiter shares with its workers (an anonymous shared mapping
  made before the first fork, one slot per worker). The arbiter reads the
  dead worker's slot in `child_exit`, once it has reaped it.

Outside gunicorn (runserver, the tests) only the notes in process memory
exist. Nothing here touches Django: the hooks run in the arbiter too.
"""

import itertools
import logging
import mmap
import threading
import time
from dataclasses import dataclass

ENTRY_BYTES = 512
SEPARATOR = "\t"

logger = logging.getLogger("newsportal.request")


@dataclass(frozen=True)
class Request:
    request_id: str
    method: str
    path: str
    remote: str
    started: float  # time.time(): the arbiter reads it, and it has no clock of the worker's own

    def encode(self):
        # Tabs cannot occur in the fields: the middleware escapes control characters. A long path is cut.
        head = f"{self.request_id}{SEPARATOR}{self.method}{SEPARATOR}".encode()
        tail = f"{SEPARATOR}{self.remote}{SEPARATOR}{self.started:.3f}".encode()
        room = ENTRY_BYTES - 1 - len(head) - len(tail)
        path = self.path.encode()[:room].decode("utf-8", "ignore").encode()
        return head + path + tail

    @classmethod
    def decode(cls, data):
        text = data.split(b"\0", 1)[0].decode("utf-8", "replace")
        parts = text.split(SEPARATOR)
        if len(parts) != 5:
            return None
        try:
            return cls(*parts[:4], float(parts[4]))
        except ValueError:
            return None


class Board:
    """`slots` workers × `per_slot` threads, one entry each, in memory shared across fork()."""

    def __init__(self, slots, per_slot):
        self.slots, self.per_slot = slots, per_slot
        self.memory = mmap.mmap(-1, slots * per_slot * ENTRY_BYTES)  # MAP_SHARED: children see the same bytes
        self.free = list(range(slots))

    def _offset(self, slot, index):
        return (slot * self.per_slot + index % self.per_slot) * ENTRY_BYTES

    def write(self, slot, index, data):
        offset = self._offset(slot, index)
        self.memory[offset : offset + ENTRY_BYTES] = data[:ENTRY_BYTES].ljust(ENTRY_BYTES, b"\0")

    def clear(self, slot, index):
        self.memory[self._offset(slot, index)] = 0

    def take(self, slot):
        """The requests noted in `slot`, which is cleared."""
        found = []
        for index in range(self.per_slot):
            offset = self._offset(slot, index)
            if self.memory[offset]:
                request = Request.decode(self.memory[offset : offset + ENTRY_BYTES])
                if request is not None:
                    found.append(request)
                self.memory[offset] = 0
        return found


# This process's notes, by thread (gunicorn's gthread worker answers several requests at once).
_requests = {}
_board = None
_slot = None
_thread_index = threading.local()
_indexes = itertools.count()


def _index():
    index = getattr(_thread_index, "value", None)
    if index is None:
        index = _thread_index.value = next(_indexes)
    return index


def begin(request_id, method, path, remote):
    request = Request(request_id, method, path, remote, time.time())
    _requests[threading.get_ident()] = request
    if _slot is not None:
        _board.write(_slot, _index(), request.encode())


def end():
    _requests.pop(threading.get_ident(), None)
    if _slot is not None:
        _board.clear(_slot, _index())


def current():
    return list(_requests.values())


def take_all():
    """This process's notes, which are cleared (here and in the shared slot): a dying worker's last word."""
    found = list(_requests.values())
    _requests.clear()
    if _slot is not None:
        _board.take(_slot)
    return found


# --- gunicorn's side (see newsportal/gunicorn.conf.py) -------------------------------------


def assign_slot(worker, *, workers, threads):
    """In the arbiter, before fork: a slot of the shared memory for this worker (None when all are taken)."""
    global _board
    if _board is None:
        # Room for workers added with TTIN and for the overlap while old workers exit.
        _board = Board(slots=max(2 * workers, workers + 8), per_slot=max(1, threads))
    worker.inflight_slot = _board.free.pop(0) if _board.free else None


def attach(worker):
    """In the new worker, after fork: note its requests in its slot too."""
    global _slot
    _requests.clear()
    _slot = getattr(worker, "inflight_slot", None)


def release_slot(worker):
    """In the arbiter, once the worker is reaped: what it was answering when it died; frees the slot."""
    slot = getattr(worker, "inflight_slot", None)
    if _board is None or slot is None:
        return []
    found = _board.take(slot)
    _board.free.append(slot)
    return found


def log_cut_off(request, outcome, *, status="-", fallback=None):
    """The access line a request never got from Django, with what happened to it instead.

    In the format of RequestLogMiddleware's line (size "-", and status "-"
    when nothing was sent), so the same searches find it.
    """
    elapsed = max(0.0, time.time() - request.started) * 1000
    message = '%s %s %s - %.1fms "%s" %s'
    arguments = (request.method, request.path, status, elapsed, request.remote, outcome)
    if logger.hasHandlers():
        logger.error(message, *arguments, extra={"request_id": request.request_id})
    elif fallback is not None:  # an arbiter without Django's logging (preload_app off)
        fallback.error("[%s] " + message, request.request_id, *arguments)
