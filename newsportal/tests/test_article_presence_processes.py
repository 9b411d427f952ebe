"""Who has an article open, across real gunicorn workers: an editor's form is seen from every worker.

The presence notes live in the shared cache (articles/presence.py); kept in a
worker's memory they would show another editor only to the worker that
served them. gunicorn with 3 workers and production settings, on a
PostgreSQL database of this test's own.
"""

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from newsportal.tests import test_gunicorn_faults as faults
from newsportal.tests.test_processes import (
    ACCESS_LINE,
    POSTGRES,
    WORKERS,
    AdminSession,
    Server,
    manage,
    postgres,
    printed,
    unavailable,
)

PASSWORD = "a-long-password-for-the-presence-test"
SETUP = f"""
import json
from django.contrib.auth.models import Group
from accounts.roles import EDITORS
from articles.tests.factories import make_article, make_user

for username, first, last in [("ann", "Ann", "Archer"), ("bob", "Bob", "Baker")]:
    make_user(username=username, first_name=first, last_name=last, groups=[EDITORS], password={PASSWORD!r})
print("setup=" + json.dumps({{"article": make_article().pk}}))
"""

assert ACCESS_LINE.pattern  # the access log format below is the one test_processes reads


@pytest.fixture
def database(tmp_path):
    import psycopg

    name = f"np_revisions_presence_{os.getpid()}"
    try:
        with postgres() as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {name}")
    except psycopg.OperationalError as error:
        unavailable(f"PostgreSQL at {POSTGRES} cannot be reached: {str(error).strip()}")
    url = POSTGRES + name
    media_root = tmp_path / "media"
    media_root.mkdir()
    manage(url, str(media_root), "migrate", "--no-input", "--verbosity", "0")
    made = printed(manage(url, str(media_root), "shell", "--verbosity", "0", "-c", SETUP), "setup")
    yield url, made
    with postgres() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_every_worker_shows_who_has_the_article_open(database, static_root, tmp_path):
    url, made = database
    change = f"/admin/articles/article/{made['article']}/change/"
    presence = f"/admin/articles/article/{made['article']}/presence/"
    with faults.gunicorn(
        url,
        static_root,
        tmp_path,
        workers=WORKERS,
        GUNICORN_ACCESS_LOG="1",
        GUNICORN_CMD_ARGS="--access-logformat 'worker=%(p)s request=%({x-request-id}o)s'",
    ) as (base, log_path):
        server = Server("gunicorn", base, log_path)
        ann, bob = AdminSession(base), AdminSession(base)
        ann.sign_in("ann", PASSWORD)
        bob.sign_in("bob", PASSWORD)
        token = dict(ann.form(change, "article_form"))["csrfmiddlewaretoken"]
        status, headers, page = bob.request("GET", change)
        assert status == 200 and "Also open by Ann Archer." in page
        (bob_worker,) = server.workers_of([headers["X-Request-Id"]])

        def ask(_number):
            status, headers, answer = ann.request("POST", presence, {"csrfmiddlewaretoken": token})
            assert status == 200, answer[:500]
            return headers["X-Request-Id"], json.loads(answer)["others"]

        seen_from = set()
        with ThreadPoolExecutor(WORKERS) as spread:
            for _burst in range(20):
                answers = list(spread.map(ask, range(WORKERS)))
                workers = server.workers_of([request for request, _others in answers])
                for worker, (_request, others) in zip(workers, answers, strict=True):
                    assert others == ["Bob Baker"], f"worker {worker} does not see Bob (he opened it on {bob_worker})"
                    seen_from.add(worker)
                if seen_from == server.workers:
                    break
        assert seen_from == server.workers, f"only workers {seen_from} of {server.workers} answered"
        assert re.fullmatch(r"\d+", bob_worker)
