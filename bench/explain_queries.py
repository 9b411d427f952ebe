"""EXPLAIN every query of the public pages on a large PostgreSQL database.

Fills the database up to N articles (seed_demo --articles) and M comments
(written by PostgreSQL itself with generate_series, which takes seconds
rather than hours), renders the article page, a deep thread page, the
listings and their deep pages through Django's test client, and asks
PostgreSQL for the plan of every query they ran. Any sequential scan of the
article or comment table is reported and makes the script exit with 1.

    python bench/explain_queries.py                      # 100,000 articles, 2,000,000 comments
    EXPLAIN_ARTICLES=20000 EXPLAIN_COMMENTS=200000 python bench/explain_queries.py

Environment: EXPLAIN_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/newsportal_explain).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("EXPLAIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsportal_explain")
ARTICLES = int(os.environ.get("EXPLAIN_ARTICLES", "100000"))
COMMENTS = int(os.environ.get("EXPLAIN_COMMENTS", "2000000"))
BIG_TABLES = {"articles_article", "comments_comment"}

os.environ.update(
    DATABASE_URL=DATABASE_URL,
    DJANGO_SETTINGS_MODULE="newsportal.settings",
    DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "explain-only-key"),
    DJANGO_SECURE_SSL_REDIRECT="0",
    DJANGO_DEBUG="1",  # plain static storage: no collectstatic needed to render
    PAGE_CACHE_SECONDS="0",
    CACHE_URL="dummycache://",
    DJANGO_ALLOWED_HOSTS="testserver",
)
sys.path.insert(0, str(ROOT))


def create_database():
    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    query = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"
    exists = subprocess.run(["psql", server, "-tAc", query], capture_output=True, text=True, check=True).stdout
    if not exists.strip():
        subprocess.run(["psql", server, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def fill(connection):
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", articles=ARTICLES, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM comments_comment")
        missing = COMMENTS - cursor.fetchone()[0]
        if missing > 0:
            # Spread over every public article, a tenth of them replies, a tenth held.
            cursor.execute(
                """
                INSERT INTO comments_comment
                    (article_id, parent_id, user_id, name, email, website, body, status, previous_status,
                     held_reason, created_at, ip_address, user_agent, fingerprint)
                SELECT a.ids[1 + (g %% array_length(a.ids, 1))], NULL, NULL, 'Reader ' || g,
                       'reader' || g || '@example.org', '', 'Generated comment number ' || g || '.',
                       CASE WHEN g %% 10 = 0 THEN 'pending' ELSE 'approved' END, '', '',
                       now() - (g || ' seconds')::interval, NULL, '', md5('explain-' || g || '-' || random())
                FROM generate_series(1, %s) AS g,
                     (SELECT array_agg(id) AS ids FROM articles_article WHERE status = 'published') AS a
                """,
                [missing],
            )
        # As autovacuum would after a bulk load: statistics, and the visibility map index-only scans need.
        cursor.execute("VACUUM ANALYZE")
    print(f"database filled in {time.perf_counter() - started:.0f} s")


def busiest_article(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.slug FROM articles_article a JOIN comments_comment c ON c.article_id = a.id "
            "WHERE a.status = 'published' AND a.published_at <= now() "
            "GROUP BY a.slug ORDER BY count(*) DESC LIMIT 1"
        )
        return cursor.fetchone()[0]


def main():
    create_database()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Author, Category

    fill(connection)
    slug = busiest_article(connection)
    category = Category.objects.order_by("pk").first()
    author = Author.objects.order_by("pk").first()
    deep = Article.objects.published().filter(category=category).count() // 10 // 2 or 1
    pages = [
        f"/{slug}/",
        "/",
        f"/page/{Article.objects.published().count() // 10 // 2}/",
        f"/category/{category.slug}/",
        f"/category/{category.slug}/page/{deep}/",
        f"/author/{author.slug}/",
    ]
    client = Client()
    problems = []
    for url in pages:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            status = client.get(url).status_code
            elapsed = (time.perf_counter() - started) * 1000
        print(f"{url}  {status}  {len(captured.captured_queries)} queries  {elapsed:.0f} ms")
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            for node in walk(plan[0]["Plan"]):
                if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in BIG_TABLES:
                    problems.append(f"{url}: sequential scan of {node['Relation Name']} in: {sql[:200]}")
    for problem in problems:
        print("PROBLEM", problem)
    print("no sequential scan of the article or comment table" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


def walk(node):
    yield node
    for child in node.get("Plans", []):
        yield from walk(child)


if __name__ == "__main__":
    sys.exit(main())
