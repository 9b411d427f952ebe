"""EXPLAIN every query of the public pages on a large PostgreSQL database.

Fills the database up to N articles and M comments, renders the article
page, the listings and their deep pages, the sitemaps (the index, the first
and last pages of the articles' section, the other sections) and the news sitemap through Django's test
client, and asks PostgreSQL for the plan of every query they ran. Each page
is built twice: with every cache empty, and with the shared fragments (the
chrome, "You may also like", a listing's length) kept, as most requests find
them. Any sequential scan of the article or comment table (past its first
rows) is reported and makes the script exit with 1; so does a page whose
queries take more than --max-db-ms (50) of database time with the fragments
kept (the sum of each query's execution time, as EXPLAIN ANALYZE reports
it, best of three runs). Both figures are printed.

The first SEED_ARTICLES articles come from seed_demo (categories, authors,
topics, FAQs, real bodies); the rest are copies of them written by
PostgreSQL itself with generate_series, in batches of a million rows that
each commit, so that a run stopped half-way keeps what it made and the next
run goes on from there. Comments are generated the same way, spread over the
public articles with a long tail (a few articles get thousands, most a few).

    python bench/explain_queries.py                           # 100,000 articles, 2,000,000 comments
    python bench/explain_queries.py --size 1M:20M \
        --database postgres://postgres@127.0.0.1:5432/np_perf_scale
    python bench/explain_queries.py --fill-only --size 1M:20M   # fill, no EXPLAIN

Environment: EXPLAIN_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/newsportal_explain),
EXPLAIN_ARTICLES and EXPLAIN_COMMENTS (the size when --size is not given).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIG_TABLES = {"articles_article", "comments_comment"}
# Articles made by seed_demo (with FAQs, topics, real bodies); the rest are copies of them made by PostgreSQL.
SEED_ARTICLES = 2000
BATCH_ROWS = 1_000_000
GENERATED_SLUG = "gen-"
# One comment in HOT_SHARE goes to one of the HOT_ARTICLES newest-seeded articles: a long tail with a
# few threads in the thousands (20M comments: about 2,000 each) and the rest spread evenly.
HOT_SHARE = 100
HOT_ARTICLES = 100
sys.path.insert(0, str(ROOT))


def parse_count(text):
    """ "1M" → 1,000,000; "20k" → 20,000; "1500" → 1500."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a count: {text!r}")
    number, unit = float(match.group(1)), match.group(2).lower()
    return int(number * {"": 1, "k": 1_000, "m": 1_000_000}[unit])


def parse_size(text):
    """ "1M:20M" → (1,000,000 articles, 20,000,000 comments)."""
    articles, _, comments = text.partition(":")
    if not comments:
        raise argparse.ArgumentTypeError("--size is ARTICLES:COMMENTS, e.g. 1M:20M")
    return parse_count(articles), parse_count(comments)


def configure(database_url):
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="newsportal.settings",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "explain-only-key"),
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_DEBUG="1",  # plain static storage: no collectstatic needed to render
        PAGE_CACHE_SECONDS="0",
        # The shared fragments and a listing's length are kept between requests, as in production;
        # each page is measured with that cache emptied first and again with it kept.
        CACHE_URL="locmemcache://",
        DJANGO_ALLOWED_HOSTS="testserver",
    )


def create_database(database_url):
    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    query = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"
    exists = subprocess.run(["psql", server, "-tAc", query], capture_output=True, text=True, check=True).stdout
    if not exists.strip():
        subprocess.run(["psql", server, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def say(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def fill(connection, articles, comments):
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", articles=min(articles, SEED_ARTICLES), verbosity=0)
    generate_articles(connection, articles)
    generate_bylines(connection)
    generate_comments(connection, comments)
    with connection.cursor() as cursor:
        say("comment counts, then VACUUM ANALYZE")
        cursor.execute(
            "UPDATE articles_article a SET comment_count = c.n FROM "
            "(SELECT article_id, count(*) AS n FROM comments_comment WHERE status = 'approved' GROUP BY article_id) c "
            "WHERE a.id = c.article_id AND a.comment_count <> c.n"
        )
        # As autovacuum would after a bulk load: statistics, and the visibility map index-only scans need.
        cursor.execute("VACUUM ANALYZE")
    say(f"database filled in {time.perf_counter() - started:.0f} s")


def count(connection, table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def generate_articles(connection, wanted):
    """Copies of the seeded articles (every column, whatever the model has grown) up to `wanted`.

    Each copy gets its own slug and publication time, spread over three years (the newest within the
    last hours, so that the news sitemap is full); one in 50 is a draft, one in 500 an editors' pick.
    """
    from articles.models import Article

    columns = [field.column for field in Article._meta.concrete_fields if field.column != "id"]
    overrides = {
        "slug": f"'{GENERATED_SLUG}' || g || '-' || left(t.slug, 200)",
        "status": "CASE WHEN g %% 50 = 0 THEN 'draft' ELSE 'published' END",
        "published_at": "now() - interval '1 hour' - ((g - %(seeded)s)::float / %(total)s) * interval '1095 days'",
        "created_at": "now() - ((g - %(seeded)s)::float / %(total)s) * interval '1095 days'",
        "updated_at": "now() - ((g - %(seeded)s)::float / %(total)s) * interval '1095 days'",
        "is_editors_pick": "g %% 500 = 0",
        "comment_count": "0",
        # Each copy is a story of its own (one article per language and translation group).
        "translation_key": "md5('gen-' || g)::uuid",
    }
    select = ", ".join(overrides.get(column, f"t.{connection.ops.quote_name(column)}") for column in columns)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM articles_article WHERE slug NOT LIKE '{GENERATED_SLUG}%%'")
        seeded = cursor.fetchone()[0]
    while (have := count(connection, "articles_article")) < wanted:
        batch = min(BATCH_ROWS, wanted - have)
        say(f"articles: {have:,} of {wanted:,}; inserting {batch:,}")
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO articles_article ({names})
                SELECT {select}
                FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
                CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM articles_article
                            WHERE slug NOT LIKE '{GENERATED_SLUG}%%') AS seeds
                JOIN articles_article t ON t.id = seeds.ids[1 + g %% array_length(seeds.ids, 1)]
                """.replace("%(total)s", str(wanted)).replace("%(seeded)s", str(seeded)),
                {"first": have + 1, "last": have + batch},
            )


def generate_bylines(connection):
    """A co-author for one article in 20 (docs/bylines.md): the first author by id, or the second
    when the first leads it, so that the first author's pages read both sides of their byline."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO articles_byline (article_id, author_id, position, article_published_at)
            SELECT a.id, (SELECT min(au.id) FROM articles_author au WHERE au.id <> a.author_id), 1, a.published_at
            FROM articles_article a
            WHERE a.id % 20 = 0 AND NOT EXISTS (SELECT 1 FROM articles_byline b WHERE b.article_id = a.id)
            """
        )
        say(f"bylines: {cursor.rowcount:,} co-authors added")


def generate_comments(connection, wanted):
    """Comments up to `wanted`, a tenth of them held; the other columns take the model's defaults."""
    from comments.models import Comment

    overrides = {
        "article_id": (
            f"CASE WHEN g % {HOT_SHARE} = 0 THEN a.ids[1 + (g / {HOT_SHARE}) % least({HOT_ARTICLES}, a.n)] "
            "ELSE a.ids[1 + floor(random() * a.n)::int] END"
        ),
        "name": "'Reader ' || g",
        "email": "'reader' || g || '@example.org'",
        "body": "'Generated comment number ' || g || '.'",
        "status": "CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'approved' END",
        "created_at": "now() - (g || ' seconds')::interval",
        "fingerprint": "md5('explain-' || g || '-' || random())",
    }
    columns, select, params = [], [], []
    for field in Comment._meta.concrete_fields:
        if field.column == "id":
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in overrides:
            select.append(overrides[field.column].replace("%", "%%"))
        else:
            default = field.get_default()
            select.append("%s")
            params.append(field.get_db_prep_save(default, connection) if default is not None else None)
    while (have := count(connection, "comments_comment")) < wanted:
        batch = min(BATCH_ROWS, wanted - have)
        say(f"comments: {have:,} of {wanted:,}; inserting {batch:,}")
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO comments_comment ({", ".join(columns)})
                SELECT {", ".join(select)}
                FROM generate_series(%s::bigint, %s::bigint) AS g,
                     (SELECT array_agg(id ORDER BY published_at DESC) AS ids, count(*) AS n
                      FROM articles_article WHERE status = 'published' AND published_at <= now()) AS a
                """,
                [*params, have + 1, have + batch],
            )


def busiest_article(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT slug FROM articles_article WHERE status = 'published' AND published_at <= now() "
            "ORDER BY comment_count DESC LIMIT 1"
        )
        return cursor.fetchone()[0]


def database_ms(connection, sql, runs=3):
    """The query's execution time on the server (EXPLAIN ANALYZE), best of `runs`, and its plan."""
    best, plan = None, None
    for _ in range(runs):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            result = cursor.fetchone()[0]
        result = json.loads(result) if isinstance(result, str) else result
        if best is None or result[0]["Execution Time"] < best:
            best, plan = result[0]["Execution Time"], result[0]["Plan"]
    return best, plan


def pages_to_check():
    from django.db import connection

    from articles.models import Article, Author, Category
    from articles.sitemaps import ArticleSitemap

    slug = busiest_article(connection)
    category = Category.objects.order_by("pk").first()
    author = Author.objects.order_by("pk").first()
    per_page = 10
    deep = Article.objects.published().filter(category=category).count() // per_page // 2 or 1
    # An author's page holds their articles as the lead or a co-author (docs/bylines.md).
    deep_author = Article.objects.published().by_author(author).count() // per_page // 2 or 1
    last_sitemap_page = ArticleSitemap().paginator.num_pages
    return [
        f"/{slug}/",
        "/",
        f"/page/{Article.objects.published().count() // per_page // 2 or 1}/",
        f"/category/{category.slug}/",
        f"/category/{category.slug}/page/{deep}/",
        f"/author/{author.slug}/",
        f"/author/{author.slug}/page/{deep_author}/",
        f"/author/{author.slug}/feed/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        *([f"/sitemap-articles.xml?p={last_sitemap_page}"] if last_sitemap_page > 1 else []),
        "/sitemap-categories.xml",
        "/sitemap-topics.xml",
        "/sitemap-authors.xml",
        "/news-sitemap.xml",
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size",
        type=parse_size,
        default=(
            parse_count(os.environ.get("EXPLAIN_ARTICLES", "100000")),
            parse_count(os.environ.get("EXPLAIN_COMMENTS", "2000000")),
        ),
        help="ARTICLES:COMMENTS, e.g. 1M:20M (default 100k:2M)",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("EXPLAIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsportal_explain"),
    )
    parser.add_argument("--fill-only", action="store_true", help="fill the database, EXPLAIN nothing")
    parser.add_argument("--no-fill", action="store_true", help="EXPLAIN the database as it is")
    parser.add_argument("--max-db-ms", type=float, default=50.0, help="database time a page may take (default 50)")
    args = parser.parse_args()
    configure(args.database)
    create_database(args.database)
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    if args.no_fill:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # the code may have moved on since the database was filled
    else:
        fill(connection, *args.size)
    if args.fill_only:
        return 0
    say(f"{count(connection, 'articles_article'):,} articles, {count(connection, 'comments_comment'):,} comments")
    client = Client()
    problems = []
    for url in pages_to_check():
        client.get(url)  # once to warm PostgreSQL's buffers and Python's imports
        figures = {}
        for case in ("every cache empty", "fragments kept"):
            if case == "every cache empty":
                cache.clear()
            queries, status, elapsed = run_page(client, connection, url)
            total_ms, slowest = 0.0, (0.0, "")
            for sql in queries:
                ms, plan = database_ms(connection, sql)
                total_ms += ms
                slowest = max(slowest, (ms, sql))
                for node in walk(plan):
                    if is_table_scan(node):
                        problems.append(f"{url}: sequential scan of {node['Relation Name']} in: {sql[:200]}")
            figures[case] = (len(queries), total_ms, slowest, elapsed)
            if status != 200:
                problems.append(f"{url}: answered {status}")
        (cold_n, cold_ms, _, cold_page), (warm_n, warm_ms, slowest, warm_page) = figures.values()
        print(
            f"{url}  every cache empty: {cold_n} queries, database {cold_ms:.1f} ms, page {cold_page:.0f} ms;  "
            f"fragments kept: {warm_n} queries, database {warm_ms:.1f} ms (slowest {slowest[0]:.1f} ms), "
            f"page {warm_page:.0f} ms",
            flush=True,
        )
        if warm_ms > args.max_db_ms:
            problems.append(f"{url}: {warm_ms:.1f} ms of database time; slowest query: {slowest[1][:300]}")
    for problem in problems:
        print("PROBLEM", problem)
    if problems:
        print(f"{len(problems)} problems")
    else:
        print(f"every query uses an index; every page within {args.max_db_ms:.0f} ms of database time")
    return 1 if problems else 0


def run_page(client, connection, url):
    """The SELECTs one request for `url` ran, its status and its time in ms."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        status = client.get(url).status_code
        elapsed = (time.perf_counter() - started) * 1000
    queries = [query["sql"] for query in captured.captured_queries]
    # "(" opens a UNION (the sitemap's translation groups).
    return [sql for sql in queries if sql.lstrip().upper().startswith(("SELECT", "WITH", "("))], status, elapsed


# A sequential scan that stops after this many rows (under a LIMIT: "the first row of the table") reads
# no more than an index would.
SMALL_SCAN_ROWS = 100


def is_table_scan(node):
    if node["Node Type"] != "Seq Scan" or node.get("Relation Name") not in BIG_TABLES:
        return False
    read = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
    return read * node.get("Actual Loops", 1) > SMALL_SCAN_ROWS


def walk(node):
    yield node
    for child in node.get("Plans", []):
        yield from walk(child)


if __name__ == "__main__":
    sys.exit(main())
