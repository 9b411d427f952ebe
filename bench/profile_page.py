"""Where a page built from nothing spends its time: cProfile over Django's test client, in one process.

Each round empties every cache (the page cache, the chrome, the fragments:
the whole shared cache) and asks for the page once; the CPU time of the
rounds is averaged and the profile of all of them is summed by where the
code lives (Django's template engine, the ORM and the database driver, the
comment thread's HTML, the cards, the page cache, the rest). `--warm-fragments`
empties only the page cache's entry, as a long-tail article not read for a
while finds it (the chrome and the shared fragments still cached).

    DATABASE_URL=postgres://… python bench/profile_page.py /some-article/ /category/world/
    python bench/profile_page.py --rounds 50 --top 25 /bench-breaking-story-with-a-long-thread/

It uses the database and cache the environment names (the settings'
defaults otherwise), with debug off; run `manage.py collectstatic` first
(DJANGO_STATIC_ROOT) so that static addresses resolve as in production.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

# Where a function lives → the part of the page it is counted under (first match wins).
AREAS = [
    ("comment thread (query rows, tree, HTML)", ("comments/thread.py", "comments/rendering.py")),
    ("cards and footer items (articles/rendering.py)", ("articles/rendering.py",)),
    ("template engine", ("django/template/", "django/templatetags/", "templatetags/")),
    ("ORM and database driver", ("django/db/", "psycopg", "sqlite3")),
    (
        "page cache, freshness, cache backend",
        (
            "newsportal/page_cache.py",
            "newsportal/freshness.py",
            "django/core/cache/",
            "newsportal/cache.py",
            "gzip",
            "zlib",
        ),
    ),
    ("URL reversing and resolving", ("django/urls/",)),
    (
        "translation, time zones, formats",
        (
            "django/utils/translation",
            "django/utils/timezone",
            "zoneinfo",
            "django/utils/formats",
            "django/utils/dateformat",
        ),
    ),
    ("escaping and safe strings", ("django/utils/html", "django/utils/safestring", "django/utils/functional")),
    (
        "middleware, request and response",
        ("django/middleware", "django/core/handlers", "django/http", "django/contrib", "django/test"),
    ),
    ("site code (views, structured data, chrome)", ("articles/", "comments/", "newsportal/", "pages/")),
]


# Steps of building a page, each timed with all it calls (they nest: the shares do not add up to 100 %).
STEPS = [
    ("templates (Template.render, all it calls)", "django/template/backends/django.py", "render"),
    ("SQL: compiling queries", "django/db/models/sql/compiler.py", "as_sql"),
    ("SQL: executing, waiting for PostgreSQL", "django/db/backends/utils.py", "execute"),
    ("model instances (Model.from_db)", "django/db/models/base.py", "from_db"),
    ("the comment thread: rows and tree (load_thread)", "comments/thread.py", "load_thread"),
    ("the comment thread: HTML (render_thread)", "comments/rendering.py", "render_thread"),
    ("cards (rendering.article_card)", "articles/rendering.py", "article_card"),
    ("footer items (rendering.mini_item)", "articles/rendering.py", "mini_item"),
    ("the chrome built (build_site_chrome)", "articles/chrome.py", "build_site_chrome"),
    ('"You may also like" built', "articles/views.py", "also_like_candidates"),
    ("structured data (JSON-LD)", "articles/structured_data.py", "article_page"),
    ("freshness lookups (freshness.lookup)", "newsportal/freshness.py", "lookup"),
    ("freshness stores (freshness.store)", "newsportal/freshness.py", "store"),
    ("page cache: gzip and headers (freeze)", "newsportal/page_cache.py", "freeze"),
    ("URL reversing (reverse)", "django/urls/base.py", "reverse"),
]


def area_of(filename):
    for name, needles in AREAS:
        if any(needle in filename for needle in needles):
            return name
    return "other (the standard library: json, re, copy, urllib, …)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--top", type=int, default=0, help="also print the N functions with most own time")
    parser.add_argument("--warm-fragments", action="store_true", help="empty only the page's own entry")
    args = parser.parse_args()
    if args.warm_fragments:
        # The page itself is never kept: each round builds it from the fragments the first one cached.
        os.environ["PAGE_CACHE_SECONDS"] = "0"

    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    for path in args.paths:
        response = client.get(path)  # imports, compiled templates, connections: not what is measured
        assert response.status_code == 200, (path, response.status_code)
        plain_cpu, plain_wall = [], []
        for _ in range(args.rounds):
            if not args.warm_fragments:
                cache.clear()
            started_cpu, started = time.process_time(), time.perf_counter()
            client.get(path)
            plain_cpu.append(time.process_time() - started_cpu)
            plain_wall.append(time.perf_counter() - started)
        plain_cpu.sort()
        plain_wall.sort()
        print(
            f"\n{path}: unprofiled, median of {args.rounds}: {plain_cpu[len(plain_cpu) // 2] * 1000:.1f} ms CPU "
            f"(this process), {plain_wall[len(plain_wall) // 2] * 1000:.1f} ms wall (with the database's time)"
        )
        profile = cProfile.Profile()
        cpu = 0.0
        wall = 0.0
        for _ in range(args.rounds):
            if not args.warm_fragments:
                cache.clear()
            started_cpu, started = time.process_time(), time.perf_counter()
            profile.enable()
            response = client.get(path)
            profile.disable()
            cpu += time.process_time() - started_cpu
            wall += time.perf_counter() - started
            assert response.status_code == 200
        stats = pstats.Stats(profile)
        total = sum(entry[2] for entry in stats.stats.values())
        by_area = {}
        for (filename, _line, _name), (_cc, _nc, own, _cum, callers) in stats.stats.items():
            if filename == "~" and callers:
                # A built-in (str.join, isinstance, zlib): its time belongs to the code that called it.
                for (caller_file, _caller_line, _caller_name), caller_times in callers.items():
                    area = area_of(caller_file)
                    by_area[area] = by_area.get(area, 0) + caller_times[2]
                continue
            area = area_of(filename)
            by_area[area] = by_area.get(area, 0) + own
        print(f"   profiled: {cpu / args.rounds * 1000:.1f} ms CPU, {wall / args.rounds * 1000:.1f} ms wall per page")
        print("   (cProfile adds time to every function call, so these shares favour code that makes many calls)")
        print("   own time, by where the code lives (a built-in's time goes to its caller):")
        for area, own in sorted(by_area.items(), key=lambda item: -item[1]):
            print(f"   {own / total * 100:5.1f} %  {area}")
        request_total = max(
            (
                cum
                for (filename, _line, name), (_cc, _nc, _own, cum, _callers) in stats.stats.items()
                if name == "get" and filename.endswith("django/test/client.py")
            ),
            default=total,
        )
        print("   steps, each with what it calls:")
        for label, needle, function in STEPS:
            cum = sum(
                entry[3]
                for (filename, _line, name), entry in stats.stats.items()
                if name == function and filename.endswith(needle)
            )
            print(f"   {cum / request_total * 100:5.1f} %  {label}")
        if args.top:
            stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
