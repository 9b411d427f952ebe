"""Freshness across processes: real gunicorn servers with 3 workers each, changes made through
the admin over HTTP and from manage.py, and every request that follows checked, worker by worker.

A test in one process proves nothing about sharing: a page cached in one
worker's memory and never dropped there looks fine from inside that worker.
Here each server is gunicorn with production settings in a subprocess, on a
PostgreSQL database of this module's own (migrated and seeded by manage.py),
and every check makes at least REQUESTS_PER_PAGE anonymous requests per page,
in concurrent bursts so that they spread over the workers, until every
worker has answered some. Which worker answered comes from gunicorn's access
line, switched on with GUNICORN_ACCESS_LOG=1 and given the worker's pid
through GUNICORN_CMD_ARGS, matched to each request by the X-Request-ID the
test sends (the site echoes it). No production code is changed for it.

The changes: a title edited in the admin's change form, a section renamed
(every page's menu), a comment approved, redacted and trashed, an article
unpublished (all through the admin over HTTP, by a signed-in editor), a title
changed by `manage.py shell`, and an article scheduled a few seconds ahead
coming due with no job running.

- With the default cache: one server, its cache directory shared with
  manage.py (DJANGO_CACHE_DIR).
- With Redis: two servers on different ports sharing PostgreSQL and Redis;
  the changes go through server A's admin, and every check covers every
  worker of A and of B. (Server A alone is the 3-worker Redis run.)
- With a cache of each worker's own: a worker serves the old title. That
  test shows the others can fail.

Skipped when PostgreSQL (or, for the Redis run, Redis) cannot be reached,
unless PROCESS_TESTS=required, as CI sets: then that is a failure.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest

from newsportal.tests import test_gunicorn_faults as faults

REQUIRED = os.environ.get("PROCESS_TESTS") == "required"
POSTGRES = "postgres://postgres@127.0.0.1:5432/"
# A Redis database number no other test or bench uses: it is flushed before each run.
REDIS_URL = "redis://127.0.0.1:6379/13"
DATABASE_PREFIX = f"newsportal_processes_{os.getpid()}"
WORKERS = 3
REQUESTS_PER_PAGE = 12
# Requests sent at once: a sync worker busy with one cannot accept the next, so they spread.
BURST = WORKERS
# Past this many requests for one page without every worker having answered, the spreading failed.
MAX_REQUESTS_PER_PAGE = 10 * REQUESTS_PER_PAGE
ACCESS_LINE = re.compile(r"worker=<(\d+)> request=(\S+)")
BOOTED = re.compile(r"Booting worker with pid: (\d+)")
EDITOR = ("freshness-editor", "a-long-password-for-the-process-tests")
# Seconds ahead the scheduled article is due, per server: time to see it absent from every worker first.
DUE_AFTER = 4


def unavailable(reason):
    if REQUIRED:
        pytest.fail(f"{reason} (PROCESS_TESTS=required)", pytrace=False)
    pytest.skip(reason)


def postgres(database="postgres"):
    import psycopg

    return psycopg.connect(POSTGRES + database, autocommit=True, connect_timeout=3)


@pytest.fixture(scope="module", autouse=True)
def _postgresql_reachable():
    import psycopg

    try:
        postgres().close()
    except psycopg.OperationalError as error:
        unavailable(f"PostgreSQL at {POSTGRES} cannot be reached: {str(error).strip()}")


@pytest.fixture
def redis_url():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.RedisError as error:
        unavailable(f"Redis at {REDIS_URL} cannot be reached: {error}")
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def media_root():
    root = tempfile.mkdtemp(prefix="newsportal-processes-media-")
    yield root
    shutil.rmtree(root, ignore_errors=True)


def manage(database_url, media_root, *arguments, **variables):
    """Run manage.py as an operator would, with the servers' database and cache; returns its output."""
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=faults.PROJECT_DIR,
        env=faults.production_environment(DATABASE_URL=database_url, DJANGO_MEDIA_ROOT=media_root, **variables),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"manage.py {arguments[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def printed(output, name):
    """The JSON a `manage.py shell -c` script printed after `name=` (the rest of the output is the log)."""
    return json.loads(re.search(rf"^{name}=(.*)$", output, re.MULTILINE).group(1))


SETUP = f"""
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from articles.models import Article
from comments.models import Comment

editor = get_user_model().objects.create_user({EDITOR[0]!r}, password={EDITOR[1]!r}, is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
# English stories, at today's addresses (`/<slug>/`); the demo's translations live under /es/, /fr/, /ar/.
edited, unpublished = Article.objects.published().filter(language="en").order_by("-published_at", "-id")[:2]
pending = Comment.objects.create(
    article=edited, name="Process Reader", email="reader@example.com",
    body="a pending remark " + {secrets.token_hex(6)!r}, status=Comment.Status.PENDING,
)
print("setup=" + json.dumps({{
    "article": {{"pk": edited.pk, "slug": edited.slug}},
    "unpublished": {{"pk": unpublished.pk, "slug": unpublished.slug}},
    "comment": {{"pk": pending.pk, "body": pending.body}},
    "category": {{"pk": edited.category.pk, "slug": edited.category.slug, "name": edited.category.name}},
}}))
"""


def seed(name, media_root):
    with postgres() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    url = POSTGRES + name
    manage(url, media_root, "migrate", "--no-input", "--verbosity", "0")
    manage(url, media_root, "seed_demo", "--verbosity", "0")
    manage(url, media_root, "seed_demo_comments", "--verbosity", "0")
    return printed(manage(url, media_root, "shell", "--verbosity", "0", "-c", SETUP), "setup")


@pytest.fixture(scope="module")
def seeded(media_root):
    """A migrated and seeded database that each test copies (CREATE DATABASE … TEMPLATE).

    Seeded in the background: `database` asks for static_root after this,
    so collectstatic runs meanwhile.
    """
    name = f"{DATABASE_PREFIX}_seed"
    with ThreadPoolExecutor(1) as background:
        made = background.submit(seed, name, media_root)
        try:
            yield name, made
        finally:
            made.exception()
            with postgres() as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def database(seeded, static_root, request):
    """A copy of the seeded database for one test: its URL and what SETUP made."""
    template, made = seeded
    made = made.result()
    name = f"{DATABASE_PREFIX}_{re.sub(r'[^a-z0-9]+', '_', request.node.name.lower())}"[:63]
    with postgres() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield POSTGRES + name, made
    with postgres() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def shared_cache_dir():
    directory = tempfile.mkdtemp(prefix="newsportal-processes-cache-")
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def spread():
    with ThreadPoolExecutor(BURST) as executor:
        yield executor


# --- A server, and which of its workers answered -------------------------------------


class Server:
    def __init__(self, name, base, log_path):
        self.name, self.base, self.log_path = name, base, log_path
        self.answered, self.log_read = {}, 0
        deadline = time.monotonic() + 30
        while len(self.booted()) < WORKERS:
            assert time.monotonic() < deadline, f"{WORKERS} workers did not boot:\n{log_path.read_text()}"
            time.sleep(0.1)
        self.workers = self.booted()

    def booted(self):
        return set(BOOTED.findall(self.log_path.read_text()))

    def workers_of(self, request_ids):
        """The pid of the worker that answered each request (gunicorn logs it just after answering)."""
        deadline = time.monotonic() + 10
        while not all(request in self.answered for request in request_ids):
            assert time.monotonic() < deadline, f"{self.name}: no access line for some of {request_ids}"
            time.sleep(0.01)
            with open(self.log_path, "rb") as log:
                log.seek(self.log_read)
                lines = log.read()
            complete = lines.rfind(b"\n") + 1
            self.log_read += complete
            self.answered.update(
                (request, pid) for pid, request in ACCESS_LINE.findall(lines[:complete].decode(errors="replace"))
            )
        return [self.answered[request] for request in request_ids]


@contextmanager
def app_server(name, database_url, static_root, media_root, tmp_path, **variables):
    with faults.gunicorn(
        database_url,
        static_root,
        tmp_path,
        workers=WORKERS,
        DJANGO_MEDIA_ROOT=media_root,
        GUNICORN_ACCESS_LOG="1",
        GUNICORN_CMD_ARGS="--access-logformat 'worker=%(p)s request=%({x-request-id}o)s'",
        **variables,
    ) as (base, log_path):
        yield Server(name, base, log_path)


def poll(server, path, spread):
    """Anonymous requests for `path`, at least REQUESTS_PER_PAGE, until every worker has answered some.

    Returns (worker pid, answer, time.time() when it came) for each. Each
    request is a connection of its own (urllib closes it), as separate
    readers' are.
    """

    def get(request_id):
        answer = faults.fetch(server.base + path, headers={"X-Request-ID": request_id})
        return answer, time.time()

    answers = []
    while len(answers) < REQUESTS_PER_PAGE or not server.workers <= {pid for pid, *_ in answers}:
        assert len(answers) < MAX_REQUESTS_PER_PAGE, (
            f"{server.name}: {len(answers)} requests for {path} did not reach every worker "
            f"(answered by {sorted({pid for pid, *_ in answers})} of {sorted(server.workers)})"
        )
        request_ids = [f"processes-{secrets.token_hex(6)}" for _ in range(BURST)]
        burst = list(spread.map(get, request_ids))
        answers += [(pid, *got) for pid, got in zip(server.workers_of(request_ids), burst, strict=True)]
    return answers


def every_answer(servers, pages, spread, what, *, until=None):
    """Every request to every page of every server passes its page's check.

    With `until` (a time.time()), only answers that came before it are
    judged, and every page must have had some.
    """
    wrong, judged = [], 0
    for server in servers:
        for path, check in pages.items():
            answers = [
                (pid, answer) for pid, answer, came in poll(server, path, spread) if until is None or came < until
            ]
            assert answers, f"{what}: no answer from {server.name} for {path} came in time (the machine is too slow)"
            judged += len(answers)
            wrong += [
                f"{server.name} worker {pid}: GET {path} {check(answer)}" for pid, answer in answers if check(answer)
            ]
    assert not wrong, f"{what}: {len(wrong)} of {judged} answers were wrong:\n" + "\n".join(wrong[:20])


def page(*, status=200, shows=(), lacks=()):
    """A check of one answer: what is wrong with it, or None."""

    def check(answer):
        if answer.status != status:
            return f"answered {answer.status}, not {status}"
        missing = [text for text in shows if text not in answer.body]
        found = [text for text in lacks if text in answer.body]
        if missing or found:
            return " and ".join([*([f"lacks {missing}"] if missing else []), *([f"shows {found}"] if found else [])])
        return None

    return check


# --- The admin over HTTP ------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields a browser would send from the form with id `form_id`, in order."""

    SENT_INPUTS = {"text", "hidden", "email", "url", "number", "password", "search", "date", "time", "tel"}

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in self.SENT_INPUTS or (kind in ("checkbox", "radio") and "checked" in attrs):
                self.fields.append((name, attrs.get("value") or ("on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": [], "selected": []}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.select["options"].append(value)
            if "selected" in attrs:
                self.select["selected"].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            # The HTML parser keeps the newline that browsers drop after <textarea>.
            name, value = self.textarea
            self.fields.append((name, value.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["selected"] or ([] if self.select["multiple"] else self.select["options"][:1])
            self.fields += [(self.select["name"], value) for value in chosen]
            self.select = None


class AdminSession:
    """A signed-in editor's browser: cookies, CSRF tokens, forms posted back as they were rendered."""

    def __init__(self, base):
        parts = urlsplit(base)
        self.host, self.port, self.cookies = parts.hostname, parts.port, {}

    def request(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        self.cookies.update({name: morsel.value for name, morsel in jar.items()})
        return response.status, response.headers, content

    def form(self, path, form_id):
        status, _headers, page = self.request("GET", path)
        assert status == 200, f"GET {path} answered {status}"
        parser = FormFields(form_id)
        parser.feed(page)
        assert parser.fields, f"no form #{form_id} at {path}"
        return parser.fields

    def post(self, path, fields):
        status, headers, page = self.request("POST", path, fields)
        if status != 302:
            errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.DOTALL)
            pytest.fail(f"POST {path} answered {status}, not a redirect: {errors or page[:2000]}")
        return headers["Location"]

    def sign_in(self, username, password):
        fields = dict(self.form("/admin/login/", "login-form"))
        fields.update(username=username, password=password, next="/admin/")
        assert self.post("/admin/login/", fields) == "/admin/"

    def change(self, path, form_id, **changes):
        """GET the change form, POST it back with `changes`, as the Save button does."""
        fields = [(name, changes.get(name, value)) for name, value in self.form(path, form_id)]
        assert set(changes) <= {name for name, _ in fields}, f"{set(changes)} not all in the form at {path}"
        self.post(path, [*fields, ("_save", "Save")])

    def bulk_action(self, changelist, action, pk):
        """Tick one row of the change list and run `action` on it."""
        token = dict(self.form(changelist, "changelist-form"))["csrfmiddlewaretoken"]
        self.post(
            changelist,
            {
                "csrfmiddlewaretoken": token,
                "action": action,
                "select_across": "0",
                "index": "0",
                "_selected_action": pk,
            },
        )


# --- The changes, and what every request must show after each ------------------------


MANAGE_PY_CHANGES = """
import json
from datetime import timedelta
from django.utils import timezone
from articles.models import Article
from articles.services import article_save

article = Article.objects.get(pk={pk})
article.title = {title!r}
article_save(article=article)

due = timezone.now() + timedelta(seconds={due_after})
article_save(article=Article(
    title="Freshness check: the scheduled story", slug={slug!r}, excerpt="Due in a moment.",
    body="<p>It goes live on its own.</p>", status=Article.Status.PUBLISHED, published_at=due,
    author_id=article.author_id, category_id=article.category_id,
))
print("due=" + json.dumps(due.timestamp()))
"""


def changes_seen_everywhere(servers, database, media_root, spread, **cache):
    """Each kind of change, made through the first server's admin or by manage.py; read from every server."""
    database_url, made = database
    article, doomed, comment = made["article"], made["unpublished"], made["comment"]
    address, comments_feed = f"/{article['slug']}/", f"/{article['slug']}/feed/"
    listings, threads = ("/", "/feed/"), (address, comments_feed, "/comments/feed/")
    doomed_pages = (f"/{doomed['slug']}/", f"/{doomed['slug']}/feed/")

    def check(what, pages, **options):
        every_answer(servers, pages, spread, what, **options)

    remark = comment["body"]
    check(
        "warming every worker",
        {
            **dict.fromkeys(threads, page(lacks=[remark])),
            **dict.fromkeys(listings, page(shows=[doomed_pages[0]])),
            **dict.fromkeys(doomed_pages, page()),
        },
    )
    admin = AdminSession(servers[0].base)
    admin.sign_in(*EDITOR)

    title = f"Freshness check {secrets.token_hex(4)} edited in the admin"
    admin.change(f"/admin/articles/article/{article['pk']}/change/", "article_form", title=title)
    check("the title edited in the admin", dict.fromkeys([address, comments_feed, *listings], page(shows=[title])))

    # The menu: every worker writes its header once and keeps it, keyed by the menu it shows.
    section, menu_pages = made["category"], (address, "/", f"/category/{made['category']['slug']}/")
    check("the menu before", dict.fromkeys(menu_pages, page(shows=[f">{section['name']}</a></li>"])))
    renamed = f"Section {secrets.token_hex(4)}"
    admin.change(f"/admin/articles/category/{section['pk']}/change/", "category_form", name_en=renamed)
    check(
        "the section renamed in the admin",
        dict.fromkeys(menu_pages, page(shows=[f">{renamed}</a></li>"], lacks=[f">{section['name']}</a></li>"])),
    )

    admin.bulk_action("/admin/comments/comment/", "approve", comment["pk"])
    check("the comment approved", dict.fromkeys(threads, page(shows=[remark])))

    redacted = f"removed by the newsroom {secrets.token_hex(4)}"
    admin.change(f"/admin/comments/comment/{comment['pk']}/change/", "comment_form", body=redacted)
    check("the comment redacted", dict.fromkeys(threads, page(shows=[redacted], lacks=[remark])))

    admin.bulk_action("/admin/comments/comment/", "move_to_trash", comment["pk"])
    check("the comment trashed", dict.fromkeys(threads, page(lacks=[remark, redacted])))

    check(
        "before the unpublishing",
        {**dict.fromkeys(doomed_pages, page()), **dict.fromkeys(listings, page(shows=[doomed_pages[0]]))},
    )
    admin.bulk_action("/admin/articles/article/", "unpublish", doomed["pk"])
    check(
        "the article unpublished",
        {**dict.fromkeys(doomed_pages, page(status=404)), **dict.fromkeys(listings, page(lacks=[doomed_pages[0]]))},
    )

    # A title changed and an article scheduled a few seconds ahead, by a process of its own.
    title = f"Freshness check {secrets.token_hex(4)} from manage.py"
    scheduled = f"/freshness-due-{secrets.token_hex(4)}/"
    due_after = DUE_AFTER * len(servers)
    script = MANAGE_PY_CHANGES.format(pk=article["pk"], title=title, slug=scheduled.strip("/"), due_after=due_after)
    due = printed(manage(database_url, media_root, "shell", "--verbosity", "0", "-c", script, **cache), "due")
    check(
        "before it is due",
        {scheduled: page(status=404), **dict.fromkeys(listings, page(lacks=[scheduled]))},
        until=due,
    )
    check("the title changed by manage.py", dict.fromkeys([address, comments_feed, *listings], page(shows=[title])))
    # No job runs: the first request after the due time finds out. The listings come first: cached
    # before the due time, they are the pages that could be served stale.
    time.sleep(max(0, due - time.time()))
    check("after it came due", {**dict.fromkeys(listings, page(shows=[scheduled])), scheduled: page()})


def test_every_worker_sees_every_change_with_the_default_cache(
    database, static_root, media_root, shared_cache_dir, spread, tmp_path
):
    cache = {"DJANGO_CACHE_DIR": shared_cache_dir}
    with app_server("gunicorn", database[0], static_root, media_root, tmp_path, **cache) as server:
        changes_seen_everywhere([server], database, media_root, spread, **cache)


def test_two_servers_on_redis_see_every_change_on_every_worker(
    database, static_root, media_root, redis_url, spread, tmp_path
):
    """Server A is the run above with CACHE_URL=redis://…; server B, on another port, shares its
    PostgreSQL and Redis. Changes go through A's admin and manage.py; checks cover both."""
    cache = {"CACHE_URL": redis_url}
    with ExitStack() as servers:
        a = servers.enter_context(app_server("server A", database[0], static_root, media_root, tmp_path, **cache))
        b = servers.enter_context(app_server("server B", database[0], static_root, media_root, tmp_path, **cache))
        assert a.base != b.base
        changes_seen_everywhere([a, b], database, media_root, spread, **cache)


def test_without_a_shared_cache_a_worker_serves_the_old_title(database, static_root, media_root, spread, tmp_path):
    """Why this test exists: it proves the checks above can fail.

    With CACHE_URL=locmemcache:// every worker keeps pages in its own memory
    and hears nothing of changes made in another process, which is the bug
    the tests above look for. The same edit, through the same admin, must
    leave at least one worker serving the old title; if it did not, the
    checks above would pass whether or not the cache is shared.
    """
    database_url, made = database
    article = made["article"]
    with app_server("gunicorn", database_url, static_root, media_root, tmp_path, CACHE_URL="locmemcache://") as server:
        every_answer([server], dict.fromkeys([f"/{article['slug']}/", "/"], page()), spread, "warming every worker")
        admin = AdminSession(server.base)
        admin.sign_in(*EDITOR)
        title = f"Freshness check {secrets.token_hex(4)} edited in the admin"
        admin.change(f"/admin/articles/article/{article['pk']}/change/", "article_form", title=title)
        stale = {
            pid for pid, answer, _came in poll(server, f"/{article['slug']}/", spread) if title not in answer.body
        }
    assert stale, "every worker served the new title, though each keeps its own cache: the checks prove nothing"
    assert stale < server.workers, "the worker that made the change serves it at once"


def test_the_api_rate_limit_is_one_count_for_every_worker(database, static_root, media_root, spread, tmp_path):
    """Each worker sends its counts to the shared cache (api/ratelimit.py); a limit kept in
    each worker's memory would let every worker answer its own 30."""
    database_url, _made = database
    limit = 30
    with app_server(
        "gunicorn", database_url, static_root, media_root, tmp_path, API_RATE_LIMIT=f"{limit}/1m"
    ) as server:
        request_ids = [f"api-limit-{secrets.token_hex(6)}" for _ in range(3 * limit)]
        answers = list(
            spread.map(
                lambda request_id: faults.fetch(
                    server.base + "/api/v1/categories", headers={"X-Request-ID": request_id}
                ),
                request_ids,
            )
        )
        answered_by = set(server.workers_of(request_ids))
    statuses = [answer.status for answer in answers]
    assert set(statuses) <= {200, 429}, statuses
    assert len(answered_by) > 1, "one worker answered everything: the test proves nothing"
    # Kept in each worker's memory, every request here would be answered (3 workers x 30).
    # The default file cache's increments are not atomic, so racing workers can lose a few
    # counts: the bound is the shared count's, not an exact one.
    assert statuses.count(200) < 2 * limit, f"{statuses.count(200)} answered for a limit of {limit}"
    assert statuses.count(429) > limit
