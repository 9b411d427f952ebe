#!/usr/bin/env python
"""Faults injected into a running deployment under load: what readers and commenters got, and what was stored.

One gunicorn (production settings, 3 workers) on a throwaway PostgreSQL
cluster of its own and Redis (db 11, reached through a proxy this script
controls), with 10 commenters posting once a second each (every fifth
comment sent twice) and 4 readers reading the whole time. Each scenario
injects one fault a few seconds in, lifts it, and waits for the site to
recover:

- baseline: no fault, the same load, for comparison on the same machine;
- postgres-restart: the cluster stopped (immediate, like a crash) and started;
- postgres-stop-10s: the cluster down for 10 s;
- cache-refused: Redis refuses connections for 10 s (the proxy stops listening);
- cache-black-holed: Redis accepts connections and never answers, for 10 s;
- workers-killed: SIGKILL to two workers, then to a third, mid-flood;
- media-disk-full: an editor uploads pictures while the media storage
  answers ENOSPC (a storage that raises, never the real disk);
- slow-clients-*: 40 clients that send their headers a line a second and 6
  that send their comment 60 bytes a second, through nginx
  (docs/nginx.conf), Varnish (docs/varnish.vcl) and, for comparison,
  straight to gunicorn, while readers and commenters go through the same way.

For each it prints postings sent, accepted (303), stored, lost (accepted but
not stored), doubled (stored twice), contradicted (answered "not saved" but
stored, or "already posted" but not stored), "no answer" postings that were
stored anyway, 5xx answers, what readers got (statuses, p99 over the run,
median and p99 while the fault lasted after its first CACHE_RETRY_SECONDS) and the
time from the end of the fault until every answer was good again and
/readyz said ok.

    .venv/bin/python bench/faults.py                        # everything, about 7 minutes
    .venv/bin/python bench/faults.py --only cache-refused,workers-killed

Only loopback addresses are used; everything it starts (PostgreSQL cluster,
gunicorn, nginx, varnishd, the proxy) is stopped and its files removed at the
end, also on Ctrl-C. Redis db 11 is flushed before and after, nothing else.
Needs PostgreSQL's server programs and Redis on 127.0.0.1:6379; nginx and
Varnish scenarios are skipped when those are not installed.
"""

import argparse
import errno
import functools
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.core.files.storage import FileSystemStorage

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 11
WORKERS = 3
CACHE_RETRY_SECONDS = 5
SLUG = "faults-bench"
READER_PATHS = ["/", f"/{SLUG}/", "/category/faults/", "/search/?q=flood"]
NOT_SAVED = "has not been saved"


class FullDisk(FileSystemStorage):
    """The media disk, full while the file named by FAULTS_DISK_FULL exists.

    As a real disk does when it fills up: half the file is written, then the
    write fails with ENOSPC. The server loads it through DJANGO_MEDIA_STORAGE.
    """

    def _save(self, name, content):
        flag = os.environ.get("FAULTS_DISK_FULL", "")
        if flag and os.path.exists(flag):
            data = b"".join(content.chunks())
            path = Path(self.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return super()._save(name, content)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values, rank):
    """Nearest-rank percentile, or None for no values."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * rank // 100) - 1)] if ordered else None


def p99(values):
    return percentile(values, 99)


# --- Redis through a proxy that can refuse or black-hole it -------------------------------------------


class CacheProxy:
    """127.0.0.1:<port> → Redis. `mode`: forward, refuse (nothing listens) or black-hole (accepts, never answers)."""

    def __init__(self, upstream=REDIS):
        self.upstream, self.port = upstream, free_port()
        self.mode, self.lock = "forward", threading.Lock()
        self.listener, self.pairs, self.held = None, [], []
        self._listen()

    def _listen(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(256)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            if self.mode == "black-hole":
                self.held.append(client)
                continue
            if self.mode == "refuse":
                client.close()
                return
            try:
                upstream = socket.create_connection(self.upstream, timeout=2)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)  # the timeout was for connecting: an idle connection stays open
            pair = {"client": client, "upstream": upstream, "tainted": False}
            with self.lock:
                self.pairs.append(pair)
            threading.Thread(target=self._pump, args=(pair, client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(pair, upstream, client), daemon=True).start()

    def _pump(self, pair, source, target):
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                break
            if not data:
                break
            if self.mode != "forward":
                pair["tainted"] = True  # swallowed: this connection says nothing any more
                continue
            try:
                target.sendall(data)
            except OSError:
                break
        for end in (source, target):
            try:
                end.close()
            except OSError:
                pass

    def set_mode(self, mode):
        with self.lock:
            self.mode = mode
            if mode == "refuse":
                if self.listener is not None:
                    # shutdown() first: a socket closed while another thread waits in accept() keeps listening.
                    try:
                        self.listener.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    self.listener.close()
                    self.listener = None
                for pair in self.pairs:
                    pair["client"].close()
                    pair["upstream"].close()
                self.pairs = []
            elif self.listener is None:
                self._listen()
            if mode == "forward":
                for connection in self.held:
                    connection.close()
                self.held = []
                # Connections that swallowed a command are out of step: closed, as a restarted Redis would.
                for pair in [pair for pair in self.pairs if pair["tainted"]]:
                    pair["client"].close()
                    pair["upstream"].close()
                self.pairs = [pair for pair in self.pairs if not pair["tainted"]]

    def close(self):
        self.set_mode("refuse")


def flush_redis_db():
    import redis

    redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB, socket_timeout=2).flushdb()


# --- The server -------------------------------------------------------------------------------------------


class Site:
    """The throwaway cluster, the settings both this script and gunicorn use, and gunicorn itself."""

    def __init__(self, work):
        from newsportal.tests.test_gunicorn_faults import ThrowawayPostgres

        self.work = work
        self.pg_dir = Path(tempfile.mkdtemp(prefix="newsportal-faults-pg-"))
        self.cluster = ThrowawayPostgres(self.pg_dir, free_port())
        self.database = f"newsportal_faults_{os.getpid()}"
        self.proxy = CacheProxy()
        self.static_root = work / "static"
        self.media_root = work / "media"
        self.disk_full_flag = work / "disk-full"
        self.port = free_port()
        self.log_path = work / "gunicorn.log"
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def environment(self):
        return {
            "PATH": os.environ["PATH"],
            "DJANGO_READ_ENV_FILE": "0",
            "DJANGO_SECRET_KEY": "faults-bench-" + "k" * 40,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.cluster.port}/{self.database}",
            "CACHE_URL": f"redis://127.0.0.1:{self.proxy.port}/{REDIS_DB}",
            "CACHE_RETRY_SECONDS": str(CACHE_RETRY_SECONDS),
            "DJANGO_STATIC_ROOT": str(self.static_root),
            "DJANGO_MEDIA_ROOT": str(self.media_root),
            "DJANGO_MEDIA_STORAGE": "bench.faults.FullDisk",
            "FAULTS_DISK_FULL": str(self.disk_full_flag),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            # Every poster comes from 127.0.0.1; the limits are still counted in the cache.
            "COMMENTS_RATE_LIMITS": "100000/1h",
            "COMMENTS_MIN_SECONDS": "1",
            "GUNICORN_WORKERS": str(WORKERS),
            "PORT": str(self.port),
            "PYTHONPATH": str(ROOT),
        }

    def prepare(self):
        self.cluster.init()
        self.cluster.start()
        import psycopg

        with psycopg.connect(self.cluster.url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        env = self.environment()
        for command in (
            ["migrate", "--no-input", "--verbosity", "0"],
            ["collectstatic", "--no-input", "--verbosity", "0"],
        ):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=600)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "newsportal.settings"
        import django

        django.setup()
        seed()

    def start(self):
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                [GUNICORN, "--config", "newsportal/gunicorn.conf.py", "--no-control-socket", "newsportal.wsgi"],
                cwd=ROOT,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, _body, _seconds = get(self.base + "/healthz", timeout=5)
            if status == 200:
                return
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not start:\n" + self.log_path.read_text()[-3000:])

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def close(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.proxy.close()
        try:
            self.cluster.stop()
        except Exception:  # already stopped, or never started
            pass
        shutil.rmtree(self.pg_dir, ignore_errors=True)


KNOWN = [f"known-{n}@faults.example" for n in range(5)]
# The browser tokens of the known posters (comments/trust.py): their earlier comment is approved, so theirs go live.
KNOWN_TOKENS = [secrets.token_urlsafe(32) for _ in KNOWN]
UPLOAD_ARTICLES = 40


def seed():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from articles.models import Article, Author, Category
    from comments.models import Comment

    author = Author.objects.create(slug="faults-author", name="Faults Author")
    category = Category.objects.create(slug="faults", name="Faults")
    now = timezone.now()
    article = Article.objects.create(
        slug=SLUG,
        title="The flood goes on",
        author=author,
        category=category,
        status=Article.Status.PUBLISHED,
        published_at=now - timezone.timedelta(hours=1),
        comments_open=True,
        body="<p>An article for the fault benchmark.</p>",
    )
    for n in range(UPLOAD_ARTICLES):
        Article.objects.create(
            slug=f"faults-upload-{n}",
            title=f"Upload target {n}",
            author=author,
            category=category,
            status=Article.Status.PUBLISHED,
            published_at=now - timezone.timedelta(hours=2, minutes=n),
            body="<p>A picture arrives.</p>",
        )
    from comments.trust import token_digest

    for email, token in zip(KNOWN, KNOWN_TOKENS, strict=True):
        Comment.objects.create(
            article=article,
            name="Known",
            email=email,
            body=f"Earlier, {email}",
            status=Comment.Status.APPROVED,
            browser_token=token_digest(token),
        )
    get_user_model().objects.create_superuser("faults-editor", "editor@faults.example", "faults-editor-password")


# --- Clients ---------------------------------------------------------------------------------------------


def get(url, timeout=10, headers=None):
    """(status or None, body, seconds); None when no answer came."""
    parts = urlsplit(url)
    started = time.monotonic()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, body, time.monotonic() - started
    except (OSError, http.client.HTTPException):
        return None, "", time.monotonic() - started
    finally:
        connection.close()


class NoAnswer(Exception):
    """The connection failed or closed before a response came."""


class Client:
    """One browser: a keep-alive connection and a cookie jar.

    A request whose connection fails is not sent again (bench/comment_flood.py
    resends once): a POST that got no answer must be counted as such.
    """

    def __init__(self, base, timeout=20):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.cookies, self.connection = {}, None

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self.connection = None
            raise NoAnswer(type(error).__name__) from error
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            self.cookies.update({key: morsel.value for key, morsel in cookie.items()})
        return response, content


def trust_client(client, number):
    """Give the client the signed browser cookie of known poster `number`."""
    from comments.trust import BROWSER_COOKIE, signed_browser_cookie

    client.cookies[BROWSER_COOKIE] = signed_browser_cookie(KNOWN_TOKENS[number % len(KNOWN_TOKENS)])


class Record:
    """Everything that happened in one scenario, with times relative to its start."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reads, self.posts, self.uploads, self.probes = [], [], [], []
        self.started = time.monotonic()

    def now(self):
        return time.monotonic() - self.started

    def add(self, kind, **entry):
        with self.lock:
            getattr(self, kind).append(entry)


def reader(base, stop, record, pause):
    index = 0
    while not stop.is_set():
        path = READER_PATHS[index % len(READER_PATHS)]
        index += 1
        start = record.now()
        status, _body, seconds = get(base + path)
        record.add("reads", start=start, end=record.now(), status=status, seconds=seconds, path=path)
        stop.wait(pause)


def poster(number, base, stop, record, tag, pause, article_id):
    client = Client(base)
    email = KNOWN[number % len(KNOWN)] if number % 2 == 0 else f"new-{tag}-{number}@faults.example"
    if number % 2 == 0:
        trust_client(client, number)
    form = None
    sequence = 0
    while not stop.is_set():
        if form is None:
            form = form_fields(client, article_id)
            stop.wait(1.1 if form else 0.5)  # the form's minimum age
            continue
        sequence += 1
        text = f"[{tag}] poster {number}, comment {sequence}: {uuid.uuid4().hex[:6]}"
        fields = {
            **form,
            "name": f"Poster {number}",
            "email": email,
            "website": "",
            "subject": "",
            "parent": "",
            "comment": text,
        }
        # Every fifth is sent twice, as a reader who presses the button again.
        for _copy in range(2 if sequence % 5 == 0 else 1):
            start = record.now()
            try:
                response, _html = client.request(
                    "POST",
                    "/comments/post/",
                    body=urlencode(fields),
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
                status, location = response.status, response.headers.get("Location", "")
            except NoAnswer:
                status, location = None, ""
            record_post(record, start, status, location, text)
        stop.wait(pause)


def form_fields(client, article_id):
    """The reader's CSRF token and signed form timestamp, as comments.js fetches them; None when not given."""
    try:
        response, body = client.request("GET", f"/comments/form-token/{article_id}/")
        if response.status == 200:
            return {**json.loads(body), "article": str(article_id)}
    except (NoAnswer, ValueError):
        pass
    return None


def record_post(record, start, status, location, text):
    match = re.search(r"#comment-(\d+)$", location)
    record.add(
        "posts",
        start=start,
        end=record.now(),
        status=status,
        text=text,
        comment_id=int(match.group(1)) if status == 303 and match else None,
    )


def slow_header_client(base, stop):
    """Sends a request's headers a few bytes a second, as a slow or hostile client does."""
    parts = urlsplit(base)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=5) as connection:
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while not stop.is_set():
                connection.sendall(b"X-Slow: y\r\n")
                stop.wait(1)
    except OSError:
        pass


def slow_poster(number, base, stop, record, article_id, *, tag, bytes_per_second=60):
    """Posts one comment at a time whose body arrives a few bytes at a time."""
    client = Client(base)
    trust_client(client, number)
    parts = urlsplit(base)
    sequence = 0
    while not stop.is_set():
        form = form_fields(client, article_id)
        if form is None:
            stop.wait(0.5)
            continue
        stop.wait(1.1)
        sequence += 1
        text = f"[{tag}] slow poster {number}, comment {sequence}: {uuid.uuid4().hex[:6]}"
        fields = {
            **form,
            "name": f"Slow {number}",
            "email": KNOWN[number % len(KNOWN)],
            "website": "",
            "subject": "",
            "parent": "",
            "comment": text,
        }
        payload = urlencode(fields).encode()
        cookies = "; ".join(f"{key}={value}" for key, value in client.cookies.items())
        head = (
            "POST /comments/post/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(payload)}\r\nCookie: {cookies}\r\nConnection: close\r\n\r\n"
        ).encode()
        start = record.now()
        status, location = None, ""
        try:
            with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
                connection.sendall(head)
                for offset in range(0, len(payload), 20):
                    connection.sendall(payload[offset : offset + 20])
                    time.sleep(20 / bytes_per_second)
                answer = b""
                while b"\r\n\r\n" not in answer and (chunk := connection.recv(65536)):
                    answer += chunk
            first, _, rest = answer.partition(b"\r\n")
            status = int(first.split()[1]) if first.startswith(b"HTTP/") else None
            match = re.search(rb"(?im)^location: (\S+)", rest)
            location = match.group(1).decode() if match else ""
        except (OSError, ValueError, IndexError):
            pass
        record_post(record, start, status, location, text)


def prober(base, stop, record):
    while not stop.is_set():
        start = record.now()
        status, body, _seconds = get(base + "/readyz", timeout=5)
        record.add("probes", start=start, end=record.now(), status=status, body=body)
        stop.wait(0.25)


class Editor:
    """A signed-in editor who gives articles a new picture through the admin."""

    def __init__(self, base):
        self.browser = Client(base, timeout=30)
        response, html = self.browser.request("GET", "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        response, _html = self.browser.request(
            "POST",
            "/admin/login/",
            body=urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "username": "faults-editor",
                    "password": "faults-editor-password",
                    "next": "/admin/",
                }
            ),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if response.status != 302:
            raise RuntimeError(f"the editor could not sign in ({response.status})")

    def upload(self, article, image, name):
        from articles.tests.factories import article_form_data

        fields = {
            **article_form_data(article, featured_image_alt=f"Picture {name}"),
            "csrfmiddlewaretoken": self.browser.cookies["csrftoken"],
        }
        boundary = uuid.uuid4().hex
        body = b""
        for key, value in fields.items():
            body += f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="featured_image"; filename="{name}"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        body += image + f"\r\n--{boundary}--\r\n".encode()
        response, html = self.browser.request(
            "POST",
            f"/admin/articles/article/{article.pk}/change/",
            body=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        return response.status, html


def uploader(base, stop, record, tag):
    from articles.models import Article
    from articles.tests.factories import make_jpeg

    editor = Editor(base)
    image = make_jpeg(1200, 675)
    targets = list(Article.objects.filter(slug__startswith="faults-upload-").order_by("pk"))
    for number, article in enumerate(targets):
        if stop.is_set():
            return
        name = f"{tag}-{number}.jpg"
        start = record.now()
        try:
            status, html = editor.upload(article, image, name)
        except NoAnswer:
            status, html = None, ""
        record.add(
            "uploads",
            start=start,
            end=record.now(),
            status=status,
            article_id=article.pk,
            name=name,
            said_not_stored="could not be stored" in html,
        )
        stop.wait(1.0)


# --- Running a scenario ----------------------------------------------------------------------------------


# The load every scenario runs under: 10 commenters, each posting once a second, and 4 readers.
POSTERS, POST_PAUSE, READERS, READ_PAUSE = 10, 1.0, 4, 0.25


def run_load(site, name, schedule, duration, *, base=None, extra=()):
    """Run the load for `duration` seconds, calling each (at, action) of `schedule` on time.

    Returns the record and the times the fault started and ended.
    """
    from articles.models import Article

    base = base or site.base
    article_id = Article.objects.get(slug=SLUG).pk
    record, stop = Record(), threading.Event()
    threads = [threading.Thread(target=prober, args=(site.base, stop, record), daemon=True)]
    threads += [
        threading.Thread(target=reader, args=(base, stop, record, READ_PAUSE), daemon=True) for _ in range(READERS)
    ]
    threads += [
        threading.Thread(target=poster, args=(n, base, stop, record, name, POST_PAUSE, article_id), daemon=True)
        for n in range(POSTERS)
    ]
    threads += [threading.Thread(target=target, args=(stop, record, article_id), daemon=True) for target in extra]
    for thread in threads:
        thread.start()
    marks = {}
    for at, label, action in schedule:
        delay = at - record.now()
        if delay > 0:
            time.sleep(delay)
        before = record.now()
        action()
        marks[label] = (before, record.now())
    time.sleep(max(0, duration - record.now()))
    stop.set()
    for thread in threads:
        thread.join(timeout=40)
    # The fault starts when its action begins and ends when the action that lifts it has returned.
    return record, marks["fault"][0], marks.get("end", marks["fault"])[1]


def summarize(name, record, fault_start, fault_end, *, note=""):
    from django.db import close_old_connections, connection

    from articles.models import Article
    from comments.models import Comment

    close_old_connections()
    connection.close()
    texts = {post["text"] for post in record.posts}
    stored = Counter()
    stored_ids = {}
    for pk, body in Comment.objects.filter(body__startswith=f"[{name}]").values_list("pk", "body"):
        stored[body] += 1
        stored_ids.setdefault(body, set()).add(pk)
    lost = contradicted = unanswered_stored = 0
    by_text = {}
    for post in record.posts:
        by_text.setdefault(post["text"], []).append(post)
    for text, attempts in by_text.items():
        ids = stored_ids.get(text, set())
        accepted = {attempt["comment_id"] for attempt in attempts if attempt["comment_id"]}
        lost += len(accepted - ids)
        unacknowledged = len(ids - accepted)
        if unacknowledged:
            if any(attempt["status"] is None for attempt in attempts):
                unanswered_stored += unacknowledged
            elif not any(attempt["status"] == 409 for attempt in attempts):
                contradicted += unacknowledged
        if not ids and any(attempt["status"] == 409 for attempt in attempts):
            contradicted += 1
    doubled = sum(count - 1 for count in stored.values() if count > 1)
    accepted_count = sum(1 for post in record.posts if post["comment_id"])
    statuses = Counter(read["status"] for read in record.reads)
    fives = sum(1 for entry in record.reads + record.posts + record.uploads if (entry["status"] or 0) >= 500)
    all_p99 = p99([read["seconds"] for read in record.reads])
    steady = [
        read["seconds"] for read in record.reads if fault_start + CACHE_RETRY_SECONDS <= read["start"] <= fault_end
    ]
    recover = recovery(record, fault_end)
    answers = Counter(post["status"] or "none" for post in record.posts)
    note = " ".join(part for part in (note, "postings by answer: " + format_counts(answers)) if part)
    uploads = ""
    if record.uploads:
        uploads = upload_summary(record.uploads, Article)
    return {
        "scenario": name,
        "posted": len(record.posts),
        "accepted": accepted_count,
        "stored": sum(stored.values()),
        "lost": lost,
        "doubled": doubled,
        "contradicted": contradicted,
        "no answer, stored": unanswered_stored,
        "5xx": fives,
        "readers": format_counts(Counter(status or "none" for status in statuses.elements())),
        "p99": ms(all_p99),
        "p50/p99 in fault": f"{ms(percentile(steady, 50))}/{ms(p99(steady))}" if steady else "-",
        "recover": f"{recover:.1f}s" if recover is not None else "never",
        "note": " ".join(part for part in (note, uploads) if part),
        "_unique": len(texts),
    }


def upload_summary(uploads, Article):
    current = dict(
        Article.objects.filter(pk__in=[u["article_id"] for u in uploads]).values_list("pk", "featured_image")
    )
    saved = [u for u in uploads if u["status"] == 302]
    refused = [u for u in uploads if u["said_not_stored"]]
    stored = [u for u in uploads if u["name"].rsplit(".", 1)[0] in (current.get(u["article_id"]) or "")]
    wrong = [u for u in saved if u not in stored] + [u for u in refused if u in stored]
    other = Counter(u["status"] for u in uploads if u not in saved and u not in refused)
    return (
        f"uploads: {len(uploads)} sent, {len(saved)} saved (302), {len(refused)} refused as a form error, "
        f"{len(stored)} stored, {len(wrong)} contradicted" + (f", other answers {dict(other)}" if other else "")
    )


def good(entry, kind):
    if kind == "reads":
        return entry["status"] == 200
    if kind == "uploads":
        return entry["status"] == 302
    return entry["status"] in (303, 409)


def recovery(record, fault_end):
    """Seconds from the end of the fault until every later answer was good and /readyz said ok."""
    last_bad = fault_end
    for kind in ("reads", "posts", "uploads"):
        for entry in getattr(record, kind):
            if entry["end"] >= fault_end and not good(entry, kind):
                last_bad = max(last_bad, entry["end"])
    ready = [probe["end"] for probe in record.probes if probe["start"] >= fault_end and probe["body"] == "ok"]
    if not ready:
        return None
    return max(last_bad, ready[0]) - fault_end


def format_counts(counts):
    return " ".join(f"{key}:{count}" for key, count in sorted(counts.items(), key=lambda item: str(item[0])))


def ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.0f}ms"


# --- The scenarios ---------------------------------------------------------------------------------------


def scenario_baseline(site):
    record, start, end = run_load(site, "baseline", [(0, "fault", lambda: None)], duration=12)
    return summarize("baseline", record, start, end, note="no fault: the same load, for comparison")


def scenario_postgres_restart(site):
    def restart():
        site.cluster.stop()
        site.cluster.start()

    record, start, end = run_load(site, "postgres-restart", [(4, "fault", restart)], duration=14)
    return summarize("postgres-restart", record, start, end)


def scenario_postgres_stop(site):
    record, start, end = run_load(
        site,
        "postgres-stop-10s",
        [(4, "fault", site.cluster.stop), (14, "end", site.cluster.start)],
        duration=24,
    )
    return summarize("postgres-stop-10s", record, start, end)


def scenario_cache(site, mode):
    name = f"cache-{'refused' if mode == 'refuse' else 'black-holed'}"
    record, start, end = run_load(
        site,
        name,
        [(4, "fault", lambda: site.proxy.set_mode(mode)), (14, "end", lambda: site.proxy.set_mode("forward"))],
        duration=24,
    )
    held = held_for_unchecked_limits(name)
    return summarize(name, record, start, end, note=f"{held} comments held: rate limits unchecked")


def held_for_unchecked_limits(name):
    from comments.models import Comment

    return Comment.objects.filter(body__startswith=f"[{name}]", held_reason__contains="could not be checked").count()


def scenario_workers_killed(site):
    killed = []

    def kill(count):
        def action():
            for pid in site.worker_pids()[:count]:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        return action

    record, start, end = run_load(site, "workers-killed", [(4, "fault", kill(2)), (7, "end", kill(1))], duration=16)
    log = site.log_path.read_text()
    lines = sum(len(re.findall(rf"no answer: worker {pid} died", log)) for pid in killed)
    return summarize(
        "workers-killed", record, start, end, note=f"{len(killed)} workers killed; {lines} cut-off requests logged"
    )


def scenario_media_full(site):
    def fill():
        site.disk_full_flag.write_text("full")

    def free():
        site.disk_full_flag.unlink()

    record, start, end = run_load(
        site,
        "media-disk-full",
        [(4, "fault", fill), (14, "end", free)],
        duration=22,
        extra=[lambda stop, record, _article: uploader(site.base, stop, record, "media-disk-full")],
    )
    return summarize("media-disk-full", record, start, end)


def scenario_slow_clients(site, proxy_name, proxy_url):
    name = f"slow-clients-{proxy_name}"
    slow_stop = threading.Event()
    started = []

    def begin():
        for _ in range(40):
            thread = threading.Thread(target=slow_header_client, args=(proxy_url, slow_stop), daemon=True)
            thread.start()
            started.append(thread)

    def finish():
        slow_stop.set()

    slow_posters = [functools.partial(slow_poster, n, proxy_url, tag=name) for n in range(6)]
    record, start, end = run_load(
        site,
        name,
        [(3, "fault", begin), (15, "end", finish)],
        duration=22,
        base=proxy_url,
        extra=slow_posters,
    )
    return summarize(name, record, start, end, note=f"through {proxy_name}")


def warm_up(base):
    """Every worker's first pages (templates compiled, connections opened) before anything is timed."""
    threads = [
        threading.Thread(target=lambda: [get(base + path) for path in READER_PATHS * 3], daemon=True)
        for _ in range(2 * WORKERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def print_table(rows):
    columns = [
        "scenario",
        "posted",
        "accepted",
        "stored",
        "lost",
        "doubled",
        "contradicted",
        "no answer, stored",
        "5xx",
        "readers",
        "p99",
        "p50/p99 in fault",
        "recover",
    ]
    widths = {column: max(len(column), *(len(str(row[column])) for row in rows)) for column in columns}
    print(" | ".join(column.ljust(widths[column]) for column in columns))
    print("-+-".join("-" * widths[column] for column in columns))
    for row in rows:
        print(" | ".join(str(row[column]).ljust(widths[column]) for column in columns))
    for row in rows:
        if row["note"]:
            print(f"  {row['scenario']}: {row['note']}")


SCENARIOS = [
    "baseline",
    "postgres-restart",
    "postgres-stop-10s",
    "cache-refused",
    "cache-black-holed",
    "workers-killed",
    "media-disk-full",
    "slow-clients-nginx",
    "slow-clients-varnish",
    "slow-clients-direct",
]


def main():
    global POSTERS, READERS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated scenarios: " + ", ".join(SCENARIOS))
    parser.add_argument("--log", type=Path, help="keep gunicorn's log there (it is removed with everything else)")
    parser.add_argument("--posters", type=int, default=POSTERS, help="commenters (0: readers alone)")
    parser.add_argument("--readers", type=int, default=READERS)
    args = parser.parse_args()
    if not 0 <= args.posters <= 50 or not 1 <= args.readers <= 20:
        parser.error("--posters must be 0-50 and --readers 1-20")
    POSTERS, READERS = args.posters, args.readers
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or SCENARIOS
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from tools.nginx_local import LocalNginx, nginx_installed
    from tools.varnish_local import LocalVarnish, varnish_installed

    def interrupted(*_signal):
        raise KeyboardInterrupt

    # A kill cleans up as Ctrl-C and the end do.
    signal.signal(signal.SIGTERM, interrupted)
    work = Path(tempfile.mkdtemp(prefix="newsportal-faults-"))
    work.chmod(0o755)
    site = Site(work)
    rows = []
    try:
        flush_redis_db()
        print("preparing: PostgreSQL cluster, migrations, static files…", flush=True)
        site.prepare()
        site.start()
        warm_up(site.base)
        for name in chosen:
            print(f"running {name}…", flush=True)
            if name == "baseline":
                rows.append(scenario_baseline(site))
            elif name == "postgres-restart":
                rows.append(scenario_postgres_restart(site))
            elif name == "postgres-stop-10s":
                rows.append(scenario_postgres_stop(site))
            elif name == "cache-refused":
                rows.append(scenario_cache(site, "refuse"))
            elif name == "cache-black-holed":
                rows.append(scenario_cache(site, "black-hole"))
            elif name == "workers-killed":
                rows.append(scenario_workers_killed(site))
            elif name == "media-disk-full":
                rows.append(scenario_media_full(site))
            elif name == "slow-clients-nginx":
                if not nginx_installed():
                    print("  skipped: nginx is not installed")
                    continue
                with LocalNginx(upstream_port=site.port, static_root=site.static_root) as nginx:
                    rows.append(scenario_slow_clients(site, "nginx", nginx.url))
            elif name == "slow-clients-varnish":
                if not varnish_installed():
                    print("  skipped: Varnish is not installed")
                    continue
                with LocalVarnish(upstream_port=site.port) as varnish:
                    rows.append(scenario_slow_clients(site, "varnish", varnish.url))
            elif name == "slow-clients-direct":
                rows.append(scenario_slow_clients(site, "direct", site.base))
            time.sleep(2)
    except KeyboardInterrupt:
        print("interrupted; cleaning up", file=sys.stderr)
    finally:
        site.close()
        try:
            flush_redis_db()
        except Exception as error:  # Redis went away: nothing of ours is left in it to flush
            print(f"could not flush Redis db {REDIS_DB}: {error}", file=sys.stderr)
        log = site.log_path.read_text() if site.log_path.exists() else ""
        if args.log:
            args.log.write_text(log)
        shutil.rmtree(work, ignore_errors=True)
    if rows:
        print()
        print_table(rows)
        tracebacks = log.count("Traceback")
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"\nserver log: {len(log.splitlines())} lines, {tracebacks} tracebacks")
        print(f"load average at the end: {load} on {os.cpu_count()} cores (readers' times include it)")
    bad = [row for row in rows if row["lost"] or row["doubled"] or row["contradicted"]]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
