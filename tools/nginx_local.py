"""docs/nginx.conf, run on this machine: for `make bench` and for newsportal/tests/test_nginx.py.

The production configuration is used as it is; only what ties it to a
server is swapped: the upstream address (127.0.0.1:8000), the port it listens
on (80), the cache directory, the static files directory and the uploads' directory. It is wrapped in
a main configuration whose pid file, logs and temporary files all live in one
temporary directory, so nginx runs without root and leaves nothing behind.

    with LocalNginx(upstream_port=8000) as nginx:
        urllib.request.urlopen(nginx.url + "/")

nginx must be installed (Debian: `apt-get install nginx-light`).
"""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_CONFIG = PROJECT_DIR / "docs" / "nginx.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")

# What docs/nginx.conf says, and what each becomes here.
UPSTREAM = "127.0.0.1:8000"
LISTEN = "listen 80;"
CACHE_DIR = "/var/cache/nginx/newsportal"
STATIC_DIR = "/srv/newsportal/staticfiles/"
MEDIA_DIR = "/srv/newsportal/media/"


def nginx_binary():
    """nginx's path, or None. Debian installs it in /usr/sbin, which not every user has on PATH."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def nginx_installed():
    return nginx_binary() is not None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_config(*, upstream_port, listen_port, cache_dir, static_root, media_root):
    """docs/nginx.conf with the local ports and directories in place of the production ones."""
    config = PRODUCTION_CONFIG.read_text()
    for production in (UPSTREAM, LISTEN, CACHE_DIR, STATIC_DIR, MEDIA_DIR):
        if production not in config:
            raise ValueError(f"{PRODUCTION_CONFIG} no longer contains {production!r}: update tools/nginx_local.py")
    return (
        config.replace(UPSTREAM, f"127.0.0.1:{upstream_port}")
        .replace(LISTEN, f"listen 127.0.0.1:{listen_port};")
        .replace(CACHE_DIR, str(cache_dir))
        .replace(STATIC_DIR, f"{str(static_root).rstrip('/')}/")
        .replace(MEDIA_DIR, f"{str(media_root).rstrip('/')}/")
    )


def main_config(work, site, *, extra_server="", worker_processes=1, worker_connections=1024):
    """A complete nginx.conf around `site`, keeping every file nginx writes in `work`."""
    mime_types = f"include {MIME_TYPES};" if MIME_TYPES.is_file() else ""
    return f"""# Written by tools/nginx_local.py: docs/nginx.conf for a local run.
daemon off;
worker_processes {worker_processes};
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections {worker_connections}; }}
http {{
  {mime_types}
  access_log off;
  client_body_temp_path {work}/body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
  {extra_server}
{site}
}}
"""


class LocalNginx:
    """nginx with docs/nginx.conf in front of an app server on 127.0.0.1:`upstream_port`.

    Listens on 127.0.0.1:`listen_port` (a free port when not given). Static
    files are served from `static_root`, by default the empty directory
    `self.static_root` inside the temporary directory, where a caller may put
    files; uploads likewise from `media_root` (`self.media_root`).
    `extra_server` is added to the http block as it is, e.g. a server
    block of the caller's own. On entry nginx is started and its port accepts
    connections; on exit it is stopped and its directory removed.
    """

    def __init__(
        self,
        *,
        upstream_port,
        listen_port=None,
        static_root=None,
        media_root=None,
        extra_server="",
        worker_processes=1,
        worker_connections=1024,
        start_timeout=10,
    ):
        self.upstream_port = upstream_port
        self.listen_port = listen_port or free_port()
        self.static_root = Path(static_root) if static_root else None
        self.media_root = Path(media_root) if media_root else None
        self.extra_server = extra_server
        self.worker_processes = worker_processes
        self.worker_connections = worker_connections
        self.start_timeout = start_timeout
        self.work = None
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.listen_port}"

    @property
    def config_path(self):
        return self.work / "nginx.conf"

    def error_log(self):
        path = self.work / "error.log"
        return path.read_text() if path.exists() else ""

    def __enter__(self):
        self.work = Path(tempfile.mkdtemp(prefix="newsportal-nginx-"))
        # Started as root, nginx's workers run as an unprivileged user: they must reach these files.
        self.work.chmod(0o755)
        if self.static_root is None:
            self.static_root = self.work / "static"
            self.static_root.mkdir(mode=0o755)
        if self.media_root is None:
            self.media_root = self.work / "media"
            self.media_root.mkdir(mode=0o755)
        site = site_config(
            upstream_port=self.upstream_port,
            listen_port=self.listen_port,
            cache_dir=self.work / "cache",
            static_root=self.static_root,
            media_root=self.media_root,
        )
        self.config_path.write_text(
            main_config(
                self.work,
                site,
                extra_server=self.extra_server,
                worker_processes=self.worker_processes,
                worker_connections=self.worker_connections,
            )
        )
        try:
            self._start()
        except BaseException:
            self._remove_work()
            raise
        return self

    def _command(self, *extra):
        nginx = nginx_binary() or "nginx"
        return [nginx, "-c", str(self.config_path), "-p", str(self.work), "-e", str(self.work / "error.log"), *extra]

    def _start(self):
        # In the foreground (daemon off), so that this process can wait for it to end.
        with open(self.work / "stderr.log", "wb") as stderr:
            self.process = subprocess.Popen(
                self._command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr
            )
        deadline = time.monotonic() + self.start_timeout
        while True:
            if self.process.poll() is not None:
                stderr = (self.work / "stderr.log").read_text(errors="replace")
                raise RuntimeError(f"nginx did not start:\n{stderr}{self.error_log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.listen_port), timeout=1):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    self._stop()
                    message = f"nginx did not listen on port {self.listen_port}:\n{self.error_log()}"
                    raise RuntimeError(message) from None
                time.sleep(0.05)

    def _stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        subprocess.run(self._command("-s", "stop"), capture_output=True, check=False)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _remove_work(self):
        shutil.rmtree(self.work, ignore_errors=True)

    def __exit__(self, *exc):
        try:
            self._stop()
        finally:
            self._remove_work()
