"""Freshness benchmark: after a change is committed, how soon does every copy of a page show it,
and how many stale answers do readers get meanwhile?

Two app servers (gunicorn with production settings and newsportal/gunicorn.conf.py,
3 sync workers each) share a PostgreSQL database of the bench's own and a Redis
database; Varnish (docs/varnish.vcl, run by tools/varnish_local.py) stands in
front of server A, and every process purges it (HTTP_CACHE_PURGE_URLS). Reader
threads poll all the time, each request on a connection of its own: some at
server A, some at server B, some at Varnish. Which gunicorn worker answered is
read from its access line (GUNICORN_ACCESS_LOG=1, the pid added through
GUNICORN_CMD_ARGS), matched by the X-Request-ID each request carries.

Each change is made through the service layer from this process, with Django
set up here on the servers' database and cache, as the admin or a
management command would; the moment the service call returns is the commit.
For a scheduled article the moment is its publication time: nothing is
called then. For each kind of change, repeated REPEAT times, it reports:

- stale: answers to requests sent after that moment that do not show the
  change, from gunicorn (either server, any worker) and from Varnish;
- fresh after: from that moment to the last request that still got a stale
  answer (0 when none did); every copy (each worker's answer for each page,
  and Varnish's) must then have answered fresh at least once. A change
  whose copies are not all fresh within MAX_WAIT seconds is counted as such.

Targets: no stale answer from gunicorn after the commit returns; through
Varnish every copy fresh within 1 s (p100).

One extra row, two title edits 50 ms apart, looks at a reader's fetch that
is still being built from the first edit's rows when the second commits: it
must not leave the first title cached anywhere.

    python bench/freshness.py [--repeat 20]

Needs PostgreSQL (BENCH_FRESHNESS_POSTGRES, default
postgres://postgres@127.0.0.1:5432/) and Redis (BENCH_FRESHNESS_REDIS,
default redis://127.0.0.1:6379/14, flushed before and after); Varnish and its
xkey vmod for the Varnish part, which is left out, saying so, without them.
The database, the Redis database and every file it makes are removed at the end.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
sys.path.insert(0, str(ROOT))

try:
    from tools.varnish_local import LocalVarnish, varnish_installed
except ImportError:  # tools/varnish_local.py is not in this checkout
    LocalVarnish = varnish_installed = None

POSTGRES = os.environ.get("BENCH_FRESHNESS_POSTGRES", "postgres://postgres@127.0.0.1:5432/")
REDIS_URL = os.environ.get("BENCH_FRESHNESS_REDIS", "redis://127.0.0.1:6379/14")
DATABASE = f"newsportal_bench_freshness_{os.getpid()}"
WORKERS = 3
# Reader threads per target: more than a server's workers, so that every worker is kept busy.
READERS = {"A": 4, "B": 4, "varnish": 3}
# Seconds each change is watched at least (to see a worker that is stale only now and then), and at most.
MIN_WATCH = 0.5
MAX_WAIT = 5.0
# Seconds the readers poll a change's pages before it is made, so that every cache holds them.
WARM = 0.4
# Seconds ahead a scheduled article is due.
DUE_AHEAD = 2.0
ACCESS_LINE = re.compile(r"worker=<(\d+)> request=(\S+)")
BOOTED = re.compile(r"Booting worker with pid: (\d+)")
EXITED = re.compile(r"Worker exiting \(pid: (\d+)\)")
SECRET_KEY = secrets.token_urlsafe(50)


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- The site: database, servers, Varnish ----------------------------------------------


def site_environment(work, **variables):
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_READ_ENV_FILE": "0",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": POSTGRES + DATABASE,
        "CACHE_URL": REDIS_URL,
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        **variables,
    }


def manage(work, *arguments):
    done = subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env=site_environment(work), capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")


def postgres_execute(statement):
    import psycopg

    with psycopg.connect(POSTGRES + "postgres", autocommit=True, connect_timeout=5) as connection:
        connection.execute(statement)


@contextmanager
def database(work):
    postgres_execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    postgres_execute(f"CREATE DATABASE {DATABASE}")
    try:
        with ThreadPoolExecutor(2) as both:
            static = both.submit(manage, work, "collectstatic", "--no-input", "--verbosity", "0")
            manage(work, "migrate", "--no-input", "--verbosity", "0")
            manage(work, "seed_demo", "--verbosity", "0")
            manage(work, "seed_demo_comments", "--verbosity", "0")
            static.result()
        yield
    finally:
        # FORCE: this process's own connection (Django's, for the changes) may still be open.
        postgres_execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


@contextmanager
def redis_database():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    try:
        yield
    finally:
        client.flushdb()
        client.close()


class Server:
    """gunicorn with the production config; knows which worker answered which request."""

    def __init__(self, name, work, port, purge_urls):
        self.name, self.port, self.base = name, port, f"http://127.0.0.1:{port}"
        self.log_path = work / f"gunicorn-{name}.log"
        self.env = site_environment(
            work,
            PORT=str(port),
            GUNICORN_WORKERS=str(WORKERS),
            GUNICORN_ACCESS_LOG="1",
            GUNICORN_CMD_ARGS="--access-logformat 'worker=%(p)s request=%({x-request-id}o)s'",
            HTTP_CACHE_PURGE_URLS=",".join(purge_urls),
        )
        self.answered, self.log_read, self.lock = {}, 0, threading.Lock()

    def __enter__(self):
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [GUNICORN, "--config", "newsportal/gunicorn.conf.py", "--no-control-socket", "newsportal.wsgi"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while len(set(BOOTED.findall(self.log_path.read_text()))) < WORKERS or not self.healthy():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"gunicorn {self.name} did not start:\n{self.log_path.read_text()}")
            time.sleep(0.1)
        self.workers = set()
        self.read_log()
        return self

    def healthy(self):
        try:
            return get(self.base, "/healthz")[0] == 200
        except OSError:
            return False

    def read_log(self):
        """What the log says since last time: who answered which request, and which workers are running.

        gunicorn replaces each worker after GUNICORN_MAX_REQUESTS requests, which a long run reaches.
        """
        with self.lock:
            with open(self.log_path, "rb") as log:
                log.seek(self.log_read)
                lines = log.read()
            complete = lines.rfind(b"\n") + 1
            self.log_read += complete
            text = lines[:complete].decode(errors="replace")
            self.answered.update((request, pid) for pid, request in ACCESS_LINE.findall(text))
            self.workers = (self.workers | set(BOOTED.findall(text))) - set(EXITED.findall(text))

    def worker_of(self, request_id):
        """The pid of the worker that answered, or None while its access line is not written yet."""
        if request_id not in self.answered:
            self.read_log()
        return self.answered.get(request_id)

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def get(base, path, request_id=None):
    """(status, body, how: the status and Varnish's X-Cache and Age) of one request on a connection of its own."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        headers = {"Connection": "close"}
        if request_id:
            headers["X-Request-ID"] = request_id
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read().decode(errors="replace")
        how = f"{response.status} {response.headers.get('X-Cache', '')} age={response.headers.get('Age', '-')}"
        return response.status, body, how
    finally:
        connection.close()


# --- Readers, and what they saw after each change ------------------------------------------


@dataclass
class Seen:
    target: str
    request_id: str
    path: str
    sent: float
    fresh: bool
    how: str


@dataclass
class Watch:
    """One change: from `moment` on, every answer for `checks`' pages must pass its check."""

    moment: float
    checks: dict
    seen: list = field(default_factory=list)


class Readers:
    def __init__(self, targets):
        self.targets = targets  # name -> (base, Server or None)
        self.watch = None
        self.pages = ["/"]
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self.read, args=(name,), daemon=True)
            for name in targets
            for _ in range(READERS[name])
        ]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=15)

    def read(self, name):
        base, _server = self.targets[name]
        turn = secrets.randbelow(100)
        while not self.stopping.is_set():
            watch, pages = self.watch, self.pages
            path = pages[turn % len(pages)]
            turn += 1
            request_id = f"fresh-{secrets.token_hex(8)}"
            sent = time.time()
            try:
                status, body, how = get(base, path, request_id)
            except (OSError, http.client.HTTPException) as error:
                print(f"   {name} GET {path} failed: {error!r}", flush=True)
                time.sleep(0.1)
                continue
            if watch is not None and sent >= watch.moment and path in watch.checks:
                watch.seen.append(Seen(name, request_id, path, sent, watch.checks[path](status, body), how))


def copy_of(seen, targets):
    """Which copy gave this answer: a worker of a server, or Varnish; None while not known yet."""
    _base, server = targets[seen.target]
    if server is None:
        return (seen.target, seen.path)
    pid = server.worker_of(seen.request_id)
    return None if pid is None else (seen.target, pid, seen.path)


@dataclass
class Outcome:
    """What one change looked like, per kind of copy ("gunicorn" or "varnish")."""

    answers: Counter = field(default_factory=Counter)
    stale: Counter = field(default_factory=Counter)
    fresh_after: dict = field(default_factory=dict)
    converged: bool = True
    # Copies that never answered while watched (a worker the readers did not reach): not counted as stale.
    unanswered: int = 0
    stale_pages: Counter = field(default_factory=Counter)
    # A few stale answers as they came, per kind: (copy, what it answered, milliseconds after the moment).
    examples: dict = field(default_factory=lambda: defaultdict(list))


def watch_change(readers, checks, change):
    """Let the readers warm `checks`' pages, make the change, and watch until every copy is fresh."""
    readers.watch, readers.pages = None, list(checks)
    time.sleep(WARM)
    moment = change()
    watch = Watch(moment, checks)
    readers.watch = watch
    for _base, server in readers.targets.values():
        if server is not None:
            server.read_log()
    expected = {
        (name, pid, path)
        for name, (_base, server) in readers.targets.items()
        if server is not None
        for pid in server.workers
        for path in checks
    } | {(name, path) for name, (_base, server) in readers.targets.items() if server is None for path in checks}
    while True:
        time.sleep(0.1)
        watched = time.time() - moment
        latest = {}
        for seen in list(watch.seen):
            copy = copy_of(seen, readers.targets)
            if copy is not None:
                latest.setdefault(copy, []).append(seen)
        # Fresh: answered fresh since its last stale answer.
        fresh = {copy for copy, answers in latest.items() if max(answers, key=lambda s: s.sent).fresh}
        if watched >= MIN_WATCH and expected <= fresh:
            break
        if watched >= MAX_WAIT:
            break
    readers.watch = None
    outcome = Outcome(converged=not (set(latest) - fresh), unanswered=len(expected - set(latest)))
    for seen in watch.seen:
        kind = "varnish" if readers.targets[seen.target][1] is None else "gunicorn"
        outcome.answers[kind] += 1
        if not seen.fresh:
            outcome.stale[kind] += 1
            outcome.stale_pages[(seen.target, seen.path)] += 1
            outcome.fresh_after[kind] = max(outcome.fresh_after.get(kind, 0.0), seen.sent - moment)
            if len(outcome.examples[kind]) < 3:
                copy = copy_of(seen, readers.targets)
                outcome.examples[kind].append((copy, seen.how, round((seen.sent - moment) * 1000, 1)))
    return outcome


# --- The changes -----------------------------------------------------------------------


def shows(*texts):
    return lambda status, body: status == 200 and all(text in body for text in texts)


def lacks(*texts):
    return lambda status, body: status == 200 and not any(text in body for text in texts)


def answers(expected_status):
    return lambda status, body: status == expected_status


def committed(service):
    """Run a service call; its return is the moment of the commit."""

    def change():
        service()
        return time.time()

    return change


class Newsroom:
    """Changes made through the service layer, the way the admin makes them."""

    def __init__(self, repeat):
        from articles.models import Article
        from comments.models import Comment

        self.Article, self.Comment = Article, Comment
        self.article = Article.objects.published().order_by("-published_at", "-id").first()
        self.comments = [
            Comment.objects.create(
                article=self.article,
                name="Bench Reader",
                email=f"reader{n}@example.com",
                body=f"a remark waiting for moderation {secrets.token_hex(6)}",
            )
            for n in range(repeat)
        ]
        self.thread_pages = (f"/{self.article.slug}/", f"/{self.article.slug}/feed/", "/comments/feed/")

    def title_edited(self):
        from articles.services import article_save

        title = f"Freshness bench {secrets.token_hex(4)}"

        def edit():
            self.article.title = title
            article_save(article=self.article)

        return dict.fromkeys((f"/{self.article.slug}/", "/", "/feed/"), shows(title)), committed(edit)

    def title_edited_twice(self):
        from articles.services import article_save

        first, second = f"Freshness bench {secrets.token_hex(4)}", f"Freshness bench {secrets.token_hex(4)}"

        def edit():
            self.article.title = first
            article_save(article=self.article)
            time.sleep(0.05)
            self.article.title = second
            article_save(article=self.article)

        return dict.fromkeys((f"/{self.article.slug}/", "/", "/feed/"), shows(second)), committed(edit)

    def comment_approved(self, n):
        from comments.services import comment_set_status

        comment = self.comments[n]
        return dict.fromkeys(self.thread_pages, shows(comment.body)), committed(
            lambda: comment_set_status(
                comments=self.Comment.objects.filter(pk=comment.pk), status=self.Comment.Status.APPROVED
            )
        )

    def comment_redacted(self, n):
        from comments.services import comment_update

        comment = self.Comment.objects.get(pk=self.comments[n].pk)
        old, new = comment.body, f"removed by the newsroom {secrets.token_hex(6)}"
        self.comments[n] = comment

        def redact():
            comment.body = new
            comment_update(comment=comment, changed_fields=["body"], previous_status=comment.status)

        return dict.fromkeys(self.thread_pages, lambda status, body: shows(new)(status, body) and old not in body), (
            committed(redact)
        )

    def comment_trashed(self, n):
        from comments.services import comment_set_status

        comment = self.comments[n]
        return dict.fromkeys(self.thread_pages, lacks(comment.body)), committed(
            lambda: comment_set_status(
                comments=self.Comment.objects.filter(pk=comment.pk), status=self.Comment.Status.TRASH
            )
        )

    def article_coming_due(self):
        from django.utils import timezone

        from articles.services import article_save

        slug = f"freshness-bench-due-{secrets.token_hex(4)}"
        address = f"/{slug}/"

        def schedule():
            due = timezone.now() + timedelta(seconds=DUE_AHEAD)
            article_save(
                article=self.Article(
                    title="Freshness bench: a scheduled story",
                    slug=slug,
                    excerpt="Due in a moment.",
                    body="<p>It goes live on its own.</p>",
                    status=self.Article.Status.PUBLISHED,
                    published_at=due,
                    author_id=self.article.author_id,
                    category_id=self.article.category_id,
                )
            )
            return due.timestamp()

        return {"/": shows(address), "/feed/": shows(address), address: answers(200)}, schedule

    def article_unpublished(self):
        from articles.services import article_unpublish

        doomed = self.Article.objects.published().order_by("-published_at", "-id").first()
        address = f"/{doomed.slug}/"
        checks = {
            "/": lacks(address),
            "/feed/": lacks(address),
            address: answers(404),
            f"{address}feed/": answers(404),
        }
        return checks, committed(lambda: article_unpublish(articles=self.Article.objects.filter(pk=doomed.pk)))


def kinds(newsroom):
    """(name, a function making rep n's checks and change), in an order where each kind finds what it needs."""
    return [
        ("title edited", lambda n: newsroom.title_edited()),
        ("comment approved", newsroom.comment_approved),
        ("comment text redacted", newsroom.comment_redacted),
        ("comment trashed", newsroom.comment_trashed),
        ("scheduled article due", lambda n: newsroom.article_coming_due()),
        ("article unpublished", lambda n: newsroom.article_unpublished()),
        ("two title edits 50 ms apart (extra)", lambda n: newsroom.title_edited_twice()),
    ]


# --- Report ---------------------------------------------------------------------------------


def seconds(values):
    return f"{max(values):.3f}" if values else "-"


def report(results, with_varnish):
    print()
    header = f"{'change':<37} {'reps':>4} │ {'gunicorn: answers':>17} {'stale':>6} {'fresh after max':>15}"
    if with_varnish:
        header += f" │ {'varnish: answers':>16} {'stale':>6} {'fresh after p50':>15} {'p100':>6}"
    header += f" │ {'not fresh in 5 s':>16}"
    print(header)
    print("─" * len(header))
    for name, outcomes in results.items():
        gunicorn_after = [o.fresh_after.get("gunicorn", 0.0) for o in outcomes]
        line = (
            f"{name:<37} {len(outcomes):>4} │ {sum(o.answers['gunicorn'] for o in outcomes):>17} "
            f"{sum(o.stale['gunicorn'] for o in outcomes):>6} {seconds(gunicorn_after):>15}"
        )
        if with_varnish:
            varnish_after = [o.fresh_after.get("varnish", 0.0) for o in outcomes]
            line += (
                f" │ {sum(o.answers['varnish'] for o in outcomes):>16} {sum(o.stale['varnish'] for o in outcomes):>6} "
                f"{statistics.median(varnish_after):>15.3f} {seconds(varnish_after):>6}"
            )
        line += f" │ {sum(not o.converged for o in outcomes):>16}"
        print(line)
    unanswered = sum(o.unanswered for outcomes in results.values() for o in outcomes)
    if unanswered:
        print(f"({unanswered} times a worker's copy of a page got no request within {MAX_WAIT:g} s: not counted)")
    print()
    print("Targets: no stale answer from gunicorn after the commit returns; through Varnish every copy")
    print("fresh within 1 s (p100). Times in seconds from the commit (a scheduled article: its due time).")
    for name, outcomes in results.items():
        pages = sum((o.stale_pages for o in outcomes), Counter())
        if pages:
            where = ", ".join(f"{target} {path} ×{count}" for (target, path), count in pages.most_common(8))
            print(f"  stale after «{name}»: {where}")
        for kind in ("gunicorn", "varnish"):
            examples = [example for outcome in outcomes for example in outcome.examples[kind]][:4]
            if examples:
                print(
                    f"    from {kind}, e.g. "
                    + "; ".join(f"{' '.join(copy or ())} «{how}» {ms} ms after" for copy, how, ms in examples)
                )


# --- Main -------------------------------------------------------------------------------------


def setup_django(work, purge_urls):
    os.environ.update(site_environment(work, HTTP_CACHE_PURGE_URLS=",".join(purge_urls)))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsportal.settings"
    import django

    django.setup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="how many times each kind of change is made")
    parser.add_argument("--only", nargs="+", help="only the kinds of change whose names contain one of these")
    options = parser.parse_args()
    repeat = options.repeat

    with_varnish = LocalVarnish is not None and varnish_installed()
    if not with_varnish:
        print(
            "Note: no Varnish part: "
            + ("tools/varnish_local.py is missing" if LocalVarnish is None else "varnishd is not installed")
        )
    work = Path(tempfile.mkdtemp(prefix="newsportal-bench-freshness-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        print(f"== database {DATABASE}, Redis {REDIS_URL}: migrate, seed_demo, seed_demo_comments, collectstatic")
        stack.enter_context(redis_database())
        stack.enter_context(database(work))
        ports = {"A": free_port(), "B": free_port(), "varnish": free_port()}
        purge_urls = [f"http://127.0.0.1:{ports['varnish']}/"] if with_varnish else []
        setup_django(work, purge_urls)
        print(f"== gunicorn A and B ({WORKERS} workers each)" + (", Varnish in front of A" if with_varnish else ""))
        a = stack.enter_context(Server("A", work, ports["A"], purge_urls))
        b = stack.enter_context(Server("B", work, ports["B"], purge_urls))
        targets = {"A": (a.base, a), "B": (b.base, b)}
        if with_varnish:
            varnish = stack.enter_context(LocalVarnish(upstream_port=a.port, port=ports["varnish"]))
            deadline = time.monotonic() + 15
            while not varnish.backend_healthy() and time.monotonic() < deadline:
                time.sleep(0.2)
            targets["varnish"] = (varnish.url, None)
        newsroom = Newsroom(repeat)
        readers = stack.enter_context(Readers(targets))
        results = defaultdict(list)
        for name, make in kinds(newsroom):
            if options.only and not any(word in name for word in options.only):
                continue
            started = time.monotonic()
            for n in range(repeat):
                checks, change = make(n)
                results[name].append(watch_change(readers, checks, change))
            print(f"   {name}: {repeat} changes in {time.monotonic() - started:.1f} s", flush=True)
    report(results, with_varnish)


if __name__ == "__main__":
    main()
