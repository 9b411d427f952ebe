"""Faults injected into a real deployment: gunicorn with production settings, and a database
that is unreachable, hangs, or is stopped and started again underneath it.

Each test starts gunicorn in a subprocess (one worker, on a free local port)
with a clean environment, as an operator would, and talks HTTP to it.
"""

import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1:] or [None]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(**variables):
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_READ_ENV_FILE": "0",
        "DJANGO_SECRET_KEY": "a-fifty-character-secret-key-for-the-fault-tests-0",
        # Plain HTTP on loopback: no proxy in front to terminate TLS.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # The default, shared cache, in a directory of each server's own: pages cached by
        # another test's server (another database) must not answer here.
        "DJANGO_CACHE_DIR": tempfile.mkdtemp(prefix="newsportal-cache-"),
        **variables,
    }


@contextmanager
def gunicorn(database_url, static_root, tmp_path, *, workers=1, **variables):
    port = free_port()
    log_path = tmp_path / f"gunicorn-{port}.log"
    env = production_environment(
        DATABASE_URL=database_url,
        DJANGO_STATIC_ROOT=str(static_root),
        PORT=str(port),
        GUNICORN_WORKERS=str(workers),
        **variables,
    )
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(GUNICORN), "--config", "newsportal/gunicorn.conf.py", "--no-control-socket", "newsportal.wsgi"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if fetch(base + "/healthz").status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start:\n" + log_path.read_text())
        yield base, log_path
    finally:
        server.terminate()
        server.wait(timeout=30)


class Answer:
    def __init__(self, status, headers, body, seconds):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds


def fetch(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(response.status, response.headers, response.read().decode(), time.monotonic() - started)
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read().decode(), time.monotonic() - started)


def assert_branded_503(answer, within):
    assert answer.status == 503
    assert answer.seconds < within, answer.seconds
    assert answer.headers["Retry-After"] == "5"
    assert "We are back in a moment." in answer.body and 'class="site-header"' in answer.body
    assert "Traceback" not in answer.body and "OperationalError" not in answer.body


# --- A throwaway PostgreSQL cluster that the tests may stop and start ------------------


class ThrowawayPostgres:
    def __init__(self, directory, port):
        self.directory, self.port = directory, port
        self.data = directory / "data"
        self.url = f"postgres://postgres@127.0.0.1:{port}/postgres"

    def run(self, *command):
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*as_postgres, *command], check=True, capture_output=True, timeout=60)

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        self.run(f"{PG_BIN[0]}/initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self):
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            f"{PG_BIN[0]}/pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.directory / "log"),
            "-w",
            "start",
        )

    def stop(self):
        self.run(f"{PG_BIN[0]}/pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


@pytest.fixture
def throwaway_postgres():
    if PG_BIN[0] is None:
        pytest.skip("PostgreSQL's server programs are not installed")
    # Not under pytest's own temporary folder, which the postgres user cannot enter.
    directory = Path(tempfile.mkdtemp(prefix="newsportal-pg-"))
    cluster = ThrowawayPostgres(directory, free_port())
    cluster.init()
    cluster.start()
    try:
        yield cluster
    finally:
        try:
            cluster.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped by the test
        shutil.rmtree(directory, ignore_errors=True)


def migrate(database_url):
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env=production_environment(DATABASE_URL=database_url),
        check=True,
        timeout=300,
    )


# --- The tests -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param(f"postgres://postgres@127.0.0.1:{free_port()}/newsportal", id="postgres-port-with-no-listener"),
        pytest.param("sqlite:////nonexistent-directory/db.sqlite3", id="sqlite-file-that-cannot-be-opened"),
    ],
)
def test_unreachable_database_gives_branded_503s_and_a_failing_readyz(database_url, static_root, tmp_path):
    with gunicorn(database_url, static_root, tmp_path) as (base, log_path):
        for path in ("/", "/some-story/", "/category/world/", "/search/?q=envoy", "/accounts/login/"):
            assert_branded_503(fetch(base + path), within=5)
        assert fetch(base + "/healthz").body == "ok"
        ready = fetch(base + "/readyz")
        assert (ready.status, ready.body) == (503, "database: unavailable\ncache: ok\n")
    log = log_path.read_text()
    # One access line per request, and one line telling of each outage, without a traceback.
    assert log.count("INFO newsportal.request [") >= 7
    assert len(re.findall(r"INFO newsportal\.request \[\w+\] GET \S+ 503 ", log)) == 6
    assert log.count("ERROR newsportal.outage [") == 5
    assert "Traceback" not in log


def test_a_database_that_hangs_answers_503_within_the_connect_timeout(static_root, tmp_path):
    # A socket that accepts connections and never says a word, like a stuck server.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = f"postgres://postgres@127.0.0.1:{silent.getsockname()[1]}/newsportal"
        with gunicorn(url, static_root, tmp_path) as (base, _log):
            answer = fetch(base + "/")
            assert_branded_503(answer, within=5 + 1.5)
            assert answer.seconds >= 4, "the connect timeout (DATABASE_CONNECT_TIMEOUT=5) is what ended the wait"


def test_the_site_recovers_by_itself_when_postgresql_comes_back(throwaway_postgres, static_root, tmp_path):
    migrate(throwaway_postgres.url)
    with gunicorn(throwaway_postgres.url, static_root, tmp_path) as (base, log_path):
        assert fetch(base + "/").status == 200
        assert fetch(base + "/readyz").body == "ok"
        sign_in = fetch(base + "/accounts/login/")
        csrf_cookie = re.search(r"csrftoken=([^;]+)", sign_in.headers["Set-Cookie"]).group(1)
        csrf_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', sign_in.body).group(1)

        throwaway_postgres.stop()
        assert_branded_503(fetch(base + "/category/world/"), within=5)
        posted = fetch(
            base + "/accounts/login/",
            data=f"csrfmiddlewaretoken={csrf_field}&username=ada&password=secret-words".encode(),
            headers={"Cookie": f"csrftoken={csrf_cookie}"},
        )
        assert_branded_503(posted, within=5)
        assert "What you sent has not been saved." in posted.body and "secret-words" not in posted.body
        assert fetch(base + "/readyz").status == 503
        assert fetch(base + "/healthz").status == 200

        throwaway_postgres.start()
        assert fetch(base + "/readyz").body == "ok"
        assert fetch(base + "/").status == 200
        assert fetch(base + "/no-such-story/").status == 404
    assert "Traceback" not in log_path.read_text()


def test_oversized_requests_are_refused_with_4xx(static_root, tmp_path):
    with gunicorn("sqlite:////nonexistent-directory/db.sqlite3", static_root, tmp_path) as (base, log_path):
        long_line = fetch(base + "/search/?q=" + "a" * 5000)
        long_header = fetch(base + "/healthz", headers={"X-Long": "h" * 9000})
        many_headers = fetch(base + "/healthz", headers={f"X-Header-{n}": "v" for n in range(120)})
        for answer in (long_line, long_header, many_headers):
            assert 400 <= answer.status < 500, answer.status
        # With a CSRF cookie, so that the body is read (and refused) rather than the post.
        big_body = fetch(
            base + "/accounts/login/",
            data=b"password=" + b"x" * 3_000_000,
            headers={"Cookie": "csrftoken=" + "a" * 32},
        )
        assert big_body.status == 400
        assert "We could not make sense of that request." in big_body.body
