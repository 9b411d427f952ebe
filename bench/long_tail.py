"""The long tail and the crawler: many articles, each read a few times, the page cache starting empty.

Fills a database of its own with N articles (default 10,000) and a spread of
comments like a real archive's (most articles none, some a few dozen, a few
over 200), starts gunicorn with production settings and an empty page cache,
and drives wrk with a Lua script (bench/long_tail.lua) that reads a file of
article paths drawn from a Zipf distribution (s = 1.1) over all of them. It
counts the page cache's answers by their `X-Page-Cache: HIT|MISS` header and
prints req/s, p50/p99, errors, the hit rate and the ratio to the whitenoise
static file measured in the same run. Then the crawler: every article once,
in random order, on a page cache emptied again.

    python bench/long_tail.py                     # 60 s, 10,000 articles, 32 connections
    python bench/long_tail.py --seconds 20 --crawl-seconds 60
    python bench/long_tail.py --keep /tmp/long-tail-db   # seeds once, later runs reuse it

The database is SQLite (a file in a temporary directory) unless
DATABASE_URL names PostgreSQL; then a database `<name>_long_tail` on the
same server is made and dropped. Seeding 10,000 articles takes about ten
minutes; with `--keep DIR` the SQLite database and its list of articles stay
in DIR and the next run with the same DIR (and the same --articles) reads
them instead of seeding again; the page cache starts empty either way.
Figures go to bench/results/long_tail.json.
"""

import argparse
import collections
import hashlib
import http.client
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
# A port of its own, so that it can run beside `bench/run.py`.
os.environ.setdefault("BENCH_PORT", "8310")
import run as bench  # noqa: E402

LUA = BENCH / "long_tail.lua"
ZIPF_S = 1.1
# Comments per article: (share of articles, fewest, most).
COMMENT_SPREAD = [(0.62, 0, 0), (0.27, 1, 9), (0.09, 10, 60), (0.02, 200, 320)]


def database_url(kept_directory=None):
    """A database of this benchmark's own, on the server DATABASE_URL names (SQLite by default)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        if kept_directory:
            raise SystemExit("--keep keeps a SQLite database; leave DATABASE_URL unset to use it")
        parts = urllib.parse.urlsplit(url)
        name = parts.path.lstrip("/") + "_long_tail"
        return parts._replace(path="/" + name).geturl(), name
    if kept_directory:
        kept_directory.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{kept_directory.resolve() / 'db.sqlite3'}", None
    directory = Path(tempfile.mkdtemp(prefix="newsportal-long-tail-db-"))
    return f"sqlite:///{directory / 'db.sqlite3'}", None


def seed(articles):
    """Migrate and fill the benchmark's database; the seeded comments and article paths."""
    bench.manage("migrate", "--no-input", "-v", "0")
    bench.manage("seed_demo", "--articles", str(articles))
    return json.loads(
        subprocess.run(
            [bench.PYTHON, __file__, "--seed-comments"],
            cwd=bench.ROOT,
            env=bench.server_env(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )


def recreate_postgres(url, name):
    server = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", server, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True)
    subprocess.run(["psql", server, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def drop_postgres(url, name):
    server = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", server, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=False)


def comments_for(rng):
    roll = rng.random()
    for share, fewest, most in COMMENT_SPREAD:
        if roll < share:
            return rng.randint(fewest, most)
        roll -= share
    return 0


def seed_comments():
    """Run inside Django (`--seed-comments`): bulk-insert the spread of comments, a fifth of them replies."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    sys.path.insert(0, str(BENCH.parent))
    django.setup()
    from django.db import connection, transaction
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from articles.models import Article
    from comments.models import Comment
    from demo import content

    rng = random.Random(7)
    now = timezone.now()
    sentences = content.BENCH_SENTENCES
    total = 0
    with transaction.atomic():
        Comment.objects.filter(article__slug__startswith="bench-").delete()
        ids = list(Article.objects.filter(slug__startswith="bench-").order_by("pk").values_list("pk", flat=True))
        wanted = {pk: comments_for(rng) for pk in ids}

        def make(article_id, n, parent_id=None):
            body = " ".join(rng.sample(sentences, rng.randint(1, 3)))
            return Comment(
                article_id=article_id,
                parent_id=parent_id,
                name=f"Reader {rng.randrange(5000)}",
                email=f"reader{n}@example.org",
                body=body,
                status=Comment.Status.APPROVED,
                created_at=now - timedelta(minutes=rng.randrange(60 * 24 * 30)),
                fingerprint=hashlib.sha256(f"long-tail:{article_id}:{n}:{parent_id}".encode()).hexdigest(),
            )

        batch = []
        for article_id, count in wanted.items():
            batch += [make(article_id, n) for n in range(count - count // 5)]
        created = Comment.objects.bulk_create(batch, batch_size=5000)
        by_article = {}
        for comment in created:
            by_article.setdefault(comment.article_id, []).append(comment.pk)
        replies = []
        for article_id, count in wanted.items():
            for n in range(count // 5):
                replies.append(make(article_id, 100_000 + n, parent_id=rng.choice(by_article[article_id])))
        Comment.objects.bulk_create(replies, batch_size=5000)
        total = len(created) + len(replies)
        approved = (
            Comment.objects.filter(article=OuterRef("pk"), status=Comment.Status.APPROVED)
            .values("article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Article.objects.filter(slug__startswith="bench-").update(comment_count=Coalesce(Subquery(approved), 0))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    paths = [article.get_absolute_url() for article in Article.objects.filter(slug__startswith="bench-").only("slug")]
    print(json.dumps({"comments": total, "paths": paths}))


def zipf_paths(paths, count, seed=11):
    """`count` paths drawn with Zipf s=ZIPF_S over every article (popularity in a random order)."""
    rng = random.Random(seed)
    ranked = paths[:]
    rng.shuffle(ranked)
    weights = list(itertools.accumulate(1 / rank**ZIPF_S for rank in range(1, len(ranked) + 1)))
    return rng.choices(ranked, cum_weights=weights, k=count)


def wrk_zipf(name, base, paths_file, connections, seconds):
    """wrk over the paths in `paths_file`, each thread from its own place in it, going round."""
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    command += ["-s", str(LUA), "-H", f"Accept-Encoding: {bench.ACCEPT_ENCODING}", base, str(paths_file)]
    completed = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    output = completed.stdout
    if completed.returncode != 0:
        raise SystemExit(f"wrk failed:\n{output}")
    counts = dict(re.findall(r"^page-cache (\w+) (\d+)$", output, re.M))
    hits, misses = int(counts.get("HIT", 0)), int(counts.get("MISS", 0))
    return report(
        {
            "name": name,
            "connections": connections,
            "rps": round(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), 1),
            "pages": hits + misses,
            "seconds": seconds,
            "p50_ms": bench.latency(output, "50%"),
            "p99_ms": bench.latency(output, "99%"),
            "errors": bench.errors(output),
            "page_cache_hits": hits,
            "page_cache_misses": misses,
        }
    )


def crawl(name, base, paths, connections, limit_seconds):
    """Every path once, in the order given, over `connections` kept-alive connections at once.

    A client of its own rather than wrk: wrk cannot read a list once and stop, nor time each page
    without the requests it would have to send while the last connections finish.
    """
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    queue = collections.deque(paths)
    lock = threading.Lock()
    latencies, answers, statuses = [], collections.Counter(), collections.Counter()
    errors = []
    deadline = time.monotonic() + limit_seconds

    def reader():
        connection = http.client.HTTPConnection(host, port, timeout=10)
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    break
                path = queue.popleft()
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": bench.ACCEPT_ENCODING})
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=10)
                with lock:
                    errors.append(f"{path}: {error!r}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[response.status] += 1
                answers[response.headers.get("X-Page-Cache", "none")] += 1
        connection.close()

    started = time.monotonic()
    readers = [threading.Thread(target=reader) for _ in range(connections)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    seconds = time.monotonic() - started
    latencies.sort()
    non_2xx = sum(n for status, n in statuses.items() if not 200 <= status < 400)
    result = {
        "name": name,
        "connections": connections,
        "rps": round(len(latencies) / seconds, 1),
        "pages": len(latencies),
        "seconds": round(seconds, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "errors": len(errors) + non_2xx,
        "statuses": dict(statuses),
        "page_cache_hits": answers["HIT"],
        "page_cache_misses": answers["MISS"],
    }
    for error in errors[:5]:
        print(f"   error: {error}")
    return report(result)


def percentile(ordered, share):
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(share / 100 * (len(ordered) - 1)))]


def report(result):
    hits, misses = result["page_cache_hits"], result["page_cache_misses"]
    result["hit_rate"] = round(hits / (hits + misses), 3) if hits + misses else None
    print(
        f"   {result['name']:<40} {result['rps']:>8.1f} req/s  p50 {result['p50_ms']:>7.1f} ms  "
        f"p99 {result['p99_ms']:>7.1f} ms  errors {result['errors']}  "
        f"hit rate {result['hit_rate']} ({hits} HIT, {misses} MISS)",
        flush=True,
    )
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of the Zipf run (default 60)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--crawl-seconds", type=int, default=900, help="the crawler stops here if it has not read every article"
    )
    parser.add_argument("--no-crawl", action="store_true")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep the seeded SQLite database in DIR and reuse it next time"
    )
    parser.add_argument("--seed-comments", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_comments:
        return seed_comments()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    url, postgres_name = database_url(args.keep)
    bench.DATABASE_URL = url
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="newsportal-long-tail-"))
    try:
        print(f"== database {url}: {args.articles} articles and a spread of comments")
        if postgres_name:
            recreate_postgres(url, postgres_name)
        started = time.monotonic()
        seeded_file = args.keep / f"seeded-{args.articles}.json" if args.keep else None
        if seeded_file and seeded_file.exists():
            print(f"   reusing the database kept in {args.keep}")
            bench.manage("migrate", "--no-input", "-v", "0")
            seeded = json.loads(seeded_file.read_text())
        else:
            seeded = seed(args.articles)
            if seeded_file:
                seeded_file.write_text(json.dumps(seeded))
        bench.manage("collectstatic", "--no-input", "-v", "0")
        paths = seeded["paths"]
        print(f"   {len(paths)} articles, {seeded['comments']} comments in {time.monotonic() - started:.0f} s")
        zipf_file = work / "zipf.txt"
        zipf_file.write_text("\n".join(zipf_paths(paths, 200_000)) + "\n")
        crawl_order = paths[:]
        random.Random(5).shuffle(crawl_order)

        base = f"http://127.0.0.1:{bench.PORT}"
        static_url = base + "/static/" + bench.static_file_name()
        results = {"articles": len(paths), "comments": seeded["comments"], "database": url.split(":")[0]}
        static_seconds = max(5, min(15, args.seconds // 4))
        print(f"== Zipf s={ZIPF_S} over every article, page cache starting empty, {args.connections} connections")
        with bench.Gunicorn(DJANGO_CACHE_DIR=str(work / "cache-zipf")) as server:
            results["static"] = bench.wrk("static file (whitenoise)", static_url, duration=static_seconds)
            results["zipf"] = wrk_zipf(
                f"long tail, Zipf, {args.seconds} s", base, zipf_file, args.connections, args.seconds
            )
            results["rss_mb"] = server.worker_rss_mb()
        if not args.no_crawl:
            print("== the crawler: every article once, in random order, page cache starting empty")
            with bench.Gunicorn(DJANGO_CACHE_DIR=str(work / "cache-crawl")) as server:
                results["crawl"] = crawl(
                    "crawler, each article once", base, crawl_order, args.connections, args.crawl_seconds
                )
                results["crawl"]["covered"] = results["crawl"]["pages"] >= len(paths)
                results["rss_mb"] += server.worker_rss_mb()
        static = results["static"]["rps"]
        print("\n== ratios to the static file of the same run")
        for group in ("zipf", "crawl"):
            if group in results:
                results[group]["ratio_to_static"] = round(results[group]["rps"] / static, 3)
                print(f"   {results[group]['name']:<40} {results[group]['ratio_to_static']:.3f}x")
        print(f"   gunicorn worker RSS: {', '.join(f'{mb:.0f} MB' for mb in results['rss_mb'])}")
        print(f"   load average at the end: {os.getloadavg()[0]:.1f}")
        results["load_average"] = os.getloadavg()
        (bench.RESULTS / "long_tail.json").write_text(json.dumps(results, indent=2))
        print(f"   full figures: {bench.RESULTS / 'long_tail.json'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if postgres_name:
            drop_postgres(url, postgres_name)
        elif url.startswith("sqlite:///") and not args.keep:
            shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)
        shutil.rmtree(bench.STATIC_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
