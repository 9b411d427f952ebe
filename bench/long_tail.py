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

The database is SQLite (a file in a temporary directory) unless
DATABASE_URL names PostgreSQL; then a database `<name>_long_tail` on the
same server is made and dropped. Figures go to bench/results/long_tail.json.
"""

import argparse
import hashlib
import itertools
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
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


def database_url():
    """A database of this benchmark's own, on the server DATABASE_URL names (SQLite by default)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urllib.parse.urlsplit(url)
        name = parts.path.lstrip("/") + "_long_tail"
        return parts._replace(path="/" + name).geturl(), name
    directory = Path(tempfile.mkdtemp(prefix="newsportal-long-tail-db-"))
    return f"sqlite:///{directory / 'db.sqlite3'}", None


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


def wrk_paths(name, base, paths_file, connections, seconds, mode):
    """wrk over the paths in `paths_file` ("zipf": random start, cycling; "crawl": each path once)."""
    threads = min(2, connections)
    marker = Path(tempfile.mkdtemp(prefix="newsportal-long-tail-wrk-")) / "done-"
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    command += ["-s", str(LUA), "-H", f"Accept-Encoding: {bench.ACCEPT_ENCODING}", base]
    command += [str(paths_file), mode, str(threads), str(marker)]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    elapsed = None
    if mode == "crawl":
        # wrk waits out its whole duration; once every thread has read its share, it is stopped (SIGINT
        # makes it print its figures) and the time to the last page is the crawl's.
        while process.poll() is None:
            if len(list(marker.parent.glob("done-*"))) == threads:
                elapsed = time.monotonic() - started
                process.send_signal(signal.SIGINT)
                break
            time.sleep(0.05)
    output, _ = process.communicate()
    shutil.rmtree(marker.parent, ignore_errors=True)
    if process.returncode not in (0, -signal.SIGINT):
        raise SystemExit(f"wrk failed:\n{output}")
    counts = dict(re.findall(r"^page-cache (\w+) (\d+)$", output, re.M))
    hits, misses = int(counts.get("HIT", 0)), int(counts.get("MISS", 0))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    if elapsed is not None:
        rps = (hits + misses) / elapsed
    result = {
        "name": name,
        "connections": connections,
        "rps": round(rps, 1),
        "pages": hits + misses,
        "seconds": round(elapsed, 1) if elapsed is not None else seconds,
        "p50_ms": bench.latency(output, "50%"),
        "p99_ms": bench.latency(output, "99%"),
        "errors": bench.errors(output),
        "page_cache_hits": hits,
        "page_cache_misses": misses,
        "hit_rate": round(hits / (hits + misses), 3) if hits + misses else None,
    }
    print(
        f"   {name:<40} {result['rps']:>8.1f} req/s  p50 {result['p50_ms']:>7.1f} ms  "
        f"p99 {result['p99_ms']:>7.1f} ms  errors {result['errors']}  "
        f"hit rate {result['hit_rate']} ({hits} HIT, {misses} MISS)"
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
    parser.add_argument("--seed-comments", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_comments:
        return seed_comments()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    url, postgres_name = database_url()
    bench.DATABASE_URL = url
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="newsportal-long-tail-"))
    try:
        print(f"== database {url}: {args.articles} articles and a spread of comments")
        if postgres_name:
            recreate_postgres(url, postgres_name)
        started = time.monotonic()
        bench.manage("migrate", "--no-input", "-v", "0")
        bench.manage("seed_demo", "--articles", str(args.articles))
        bench.manage("collectstatic", "--no-input", "-v", "0")
        seeded = json.loads(
            subprocess.run(
                [bench.PYTHON, __file__, "--seed-comments"],
                cwd=bench.ROOT,
                env=bench.server_env(),
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        paths = seeded["paths"]
        print(f"   {len(paths)} articles, {seeded['comments']} comments in {time.monotonic() - started:.0f} s")
        zipf_file = work / "zipf.txt"
        zipf_file.write_text("\n".join(zipf_paths(paths, 200_000)) + "\n")
        crawl = paths[:]
        random.Random(5).shuffle(crawl)
        crawl_file = work / "crawl.txt"
        crawl_file.write_text("\n".join(crawl) + "\n")

        base = f"http://127.0.0.1:{bench.PORT}"
        static_url = base + "/static/" + bench.static_file_name()
        results = {"articles": len(paths), "comments": seeded["comments"], "database": url.split(":")[0]}
        static_seconds = max(5, min(15, args.seconds // 4))
        print(f"== Zipf s={ZIPF_S} over every article, page cache starting empty, {args.connections} connections")
        with bench.Gunicorn(DJANGO_CACHE_DIR=str(work / "cache-zipf")) as server:
            results["static"] = bench.wrk("static file (whitenoise)", static_url, duration=static_seconds)
            results["zipf"] = wrk_paths(
                f"long tail, Zipf, {args.seconds} s", base, zipf_file, args.connections, args.seconds, "zipf"
            )
            results["rss_mb"] = server.worker_rss_mb()
        if not args.no_crawl:
            print("== the crawler: every article once, in random order, page cache starting empty")
            with bench.Gunicorn(DJANGO_CACHE_DIR=str(work / "cache-crawl")) as server:
                results["crawl"] = wrk_paths(
                    "crawler, each article once", base, crawl_file, args.connections, args.crawl_seconds, "crawl"
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
        elif url.startswith("sqlite:///"):
            shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)
        shutil.rmtree(bench.STATIC_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
