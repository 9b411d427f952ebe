"""docs/varnish.vcl, run on this machine: for newsportal/tests/test_varnish.py.

The production VCL is used as it is; only what ties it to a server is
swapped: the backend's port (8000). varnishd runs in the foreground with its
working directory (shared memory log, compiled VCL, admin secret) in a
temporary directory, listening on 127.0.0.1 only, and leaves nothing behind.

    with LocalVarnish(upstream_port=8000) as varnish:
        urllib.request.urlopen(varnish.url + "/")
        varnish.admin("backend.list")

The varnishd parameters are those docs/varnish.vcl tells the operator to
set (PARAMETERS), unless `parameters` says otherwise.

Varnish and the xkey vmod must be installed (Debian: `apt-get install
varnish varnish-modules`).
"""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_VCL = PROJECT_DIR / "docs" / "varnish.vcl"
SBIN = "/usr/sbin:/usr/local/sbin"

# What docs/varnish.vcl says, and what it becomes here.
BACKEND_HOST = '.host = "127.0.0.1";'
BACKEND_PORT = '.port = "8000";'

# As the comment at the top of docs/varnish.vcl gives them.
PARAMETERS = {"timeout_idle": "5", "send_timeout": "60", "idle_send_timeout": "10"}


def binary(name):
    """A Varnish program's path, or None. Debian installs varnishd in /usr/sbin, not on every user's PATH."""
    return shutil.which(name) or shutil.which(name, path=SBIN)


def varnish_installed():
    return binary("varnishd") is not None and binary("varnishadm") is not None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def local_vcl(*, upstream_port):
    """docs/varnish.vcl with the local backend port in place of the production one."""
    text = PRODUCTION_VCL.read_text()
    for production in (BACKEND_HOST, BACKEND_PORT):
        if production not in text:
            raise ValueError(f"{PRODUCTION_VCL} no longer contains {production!r}: update tools/varnish_local.py")
    return text.replace(BACKEND_PORT, f'.port = "{upstream_port}";')


class LocalVarnish:
    """varnishd with docs/varnish.vcl in front of an app server on 127.0.0.1:`upstream_port`.

    Listens on 127.0.0.1:`port` (a free port when not given), with its admin
    interface on another free port of 127.0.0.1 for `admin()`. `parameters`
    are added to (or replace) PARAMETERS. On entry varnishd is started, its
    VCL is loaded and its port answers; on exit it is stopped and its
    directory removed.
    """

    def __init__(self, *, upstream_port, port=None, parameters=None, storage="malloc,64m", start_timeout=30):
        self.upstream_port = upstream_port
        self.port = port or free_port()
        self.admin_port = free_port()
        self.parameters = {**PARAMETERS, **(parameters or {})}
        self.storage = storage
        self.start_timeout = start_timeout
        self.work = None
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def vcl_path(self):
        return self.work / "varnish.vcl"

    def _stderr(self):
        path = self.work / "stderr.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __enter__(self):
        self.work = Path(tempfile.mkdtemp(prefix="newsportal-varnish-"))
        try:
            self.vcl_path.write_text(local_vcl(upstream_port=self.upstream_port))
            self._start()
        except BaseException:
            self._stop()
            self._remove_work()
            raise
        return self

    def _command(self):
        command = [
            binary("varnishd") or "varnishd",
            "-F",
            "-n",
            str(self.work / "instance"),
            "-a",
            f"127.0.0.1:{self.port}",
            "-T",
            f"127.0.0.1:{self.admin_port}",
            "-f",
            str(self.vcl_path),
            "-s",
            self.storage,
            # No privilege separation: started as root it would switch to the
            # varnish user, who cannot enter this temporary directory.
            "-j",
            "none",
        ]
        for name, value in self.parameters.items():
            command += ["-p", f"{name}={value}"]
        return command

    def _start(self):
        # -F: in the foreground, so that this process can wait for it to end.
        with open(self.work / "stderr.log", "wb") as stderr:
            self.process = subprocess.Popen(
                self._command(), stdin=subprocess.DEVNULL, stdout=stderr, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + self.start_timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd did not start:\n{self._stderr()}")
            if self._answers():
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"varnishd did not answer on port {self.port}:\n{self._stderr()}")
            time.sleep(0.05)

    def _answers(self):
        """The child is up and its VCL loaded: a request gets an HTTP answer (whatever it is)."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
                connection.sendall(b"HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                return connection.recv(16).startswith(b"HTTP/1.1 ")
        except OSError:
            return False

    def admin(self, *command):
        """A varnishadm command's output (e.g. `admin("backend.list")`); raises when it fails."""
        result = subprocess.run(
            [binary("varnishadm") or "varnishadm", "-n", str(self.work / "instance"), "-t", "5", *command],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"varnishadm {' '.join(command)} failed: {result.stdout}{result.stderr}")
        return result.stdout

    def backend_healthy(self):
        """What the probe says of the backend now: True (healthy) or False (sick)."""
        for line in self.admin("backend.list").splitlines()[1:]:
            if "newsportal_app" in line:
                return " healthy " in f" {line.lower()} "
        raise RuntimeError("backend newsportal_app is not in backend.list")

    def _stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        # SIGTERM: the manager stops the child, then exits.
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _remove_work(self):
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)

    def __exit__(self, *exc):
        try:
            self._stop()
        finally:
            self._remove_work()
