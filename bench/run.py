"""Load benchmark: gunicorn with production settings, driven by wrk, side by side in one run.

Seeds a PostgreSQL database, starts gunicorn with its own config file
(bench/gunicorn.bench.conf.py), and measures with wrk: a static file, the home
page and an article with many comments (each also in Spanish: the same pages
of a demo translation), a category page and a search, with the
page cache warm; then, when nginx is installed, the same article through
nginx's micro-cache (docs/nginx.conf) against nginx's own static file; then
the article page with every cache empty, at 32 connections and one request at
a time. It also counts the cache entries that 200 throwaway query strings add
to the article page (none should), and measures the warm article with each
shared cache backend (files, a database table, Redis). Each page's
throughput is also given as a ratio to the static file measured in the same
run.

    make bench                          # or: python bench/run.py
    BENCH_ARTICLES=100000 make bench    # a bigger database

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/newsportal_bench),
BENCH_ARTICLES (10000), BENCH_COMMENTS (200, on the measured article),
BENCH_ONLY (empty: everything; `api`: the static file, the article page and
the content API's article list and article by slug, warm and cold;
`languages`: the home page and a demo article in English and in Spanish;
`pages`: the static file and the article page, warm and with every cache empty,
and with BENCH_WORDPRESS_URL the same article in stock WordPress at 32 connections and at one),
BENCH_ROUNDS (1; with `pages`, the warm static file and article are measured
in turn that many times and their medians compared, so that the machine's
drift over a run moves both alike), BENCH_DURATION (10 seconds), BENCH_CONNECTIONS (32), BENCH_PORT (8300),
BENCH_NGINX_PORT (8301), BENCH_REDIS_URL (redis://127.0.0.1:6379/14), BENCH_POSTERS (10 comment posters during the warm
article run; 0 switches them off).
"""

import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
RESULTS = ROOT / "bench" / "results"

sys.path.insert(0, str(ROOT))
from tools.nginx_local import LocalNginx, nginx_installed  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsportal_bench")
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "200"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "1")))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
PORT = int(os.environ.get("BENCH_PORT", "8300"))
NGINX_PORT = int(os.environ.get("BENCH_NGINX_PORT", "8301"))
POSTERS = int(os.environ.get("BENCH_POSTERS", "10"))
ONLY = os.environ.get("BENCH_ONLY", "").strip().lower()
# The same article in stock WordPress (bench/wordpress_setup.py prints it), measured after ours by BENCH_ONLY=pages.
WORDPRESS_URL = os.environ.get("BENCH_WORDPRESS_URL", "").strip()
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# Every request asks for compressed answers, as browsers do.
ACCEPT_ENCODING = "gzip, deflate, br"


def server_env(**extra):
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": BENCH_SECRET,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(STATIC_ROOT),
        "DJANGO_LOG_LEVEL": "WARNING",
        "PORT": str(PORT),
        # The posters all come from 127.0.0.1; the default limit would refuse all but one.
        "COMMENTS_RATE_LIMITS": "100000/1h",
        # wrk comes from one address too; the API's limit is still counted on every request.
        "API_RATE_LIMIT": "100000000/1m",
    }
    env.update(extra)
    return env


BENCH_SECRET = secrets.token_urlsafe(50)
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="newsportal-bench-static-"))
STATIC_ROOT.chmod(0o755)


def manage(*args, **env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=server_env(**env), check=True)


def create_database_if_missing():
    name = urllib.parse.urlsplit(DATABASE_URL).path.lstrip("/")
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", server, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", server, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def prepare_database():
    print(f"== database {DATABASE_URL}: {ARTICLES} generated articles, {COMMENTS} comments on one")
    create_database_if_missing()
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo", "--articles", str(ARTICLES))
    manage("collectstatic", "--no-input", "-v", "0")
    return subprocess.run(
        [PYTHON, "bench/prepare_article.py", str(COMMENTS)],
        cwd=ROOT,
        env=server_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


class Gunicorn:
    def __init__(self, **env):
        self.env = server_env(**env)

    def __enter__(self):
        self.process = subprocess.Popen(
            [GUNICORN, "--config", "bench/gunicorn.bench.conf.py", "newsportal.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(RESULTS / "gunicorn.log", "a"),  # noqa: SIM115
        )
        wait_for(f"http://127.0.0.1:{PORT}/healthz")
        return self

    def worker_rss_mb(self):
        children = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return sizes

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def wrk(name, url, connections=CONNECTIONS, duration=DURATION, timeout=None):
    # Warm up, and fail early on a broken page.
    urllib.request.urlopen(
        urllib.request.Request(url, headers={"Accept-Encoding": ACCEPT_ENCODING}), timeout=10
    ).read()
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            # wrk counts an answer slower than its 2 s default as an error; a slow server's answers are its figures.
            *([f"--timeout={timeout}s"] if timeout else []),
            "-H",
            f"Accept-Encoding: {ACCEPT_ENCODING}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {
        "name": name,
        "url": url,
        "connections": connections,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency(output, "50%"),
        "p99_ms": latency(output, "99%"),
        "errors": errors(output),
    }
    print(
        f"   {name:<52} {result['rps']:>9.0f} req/s  p50 {result['p50_ms']:>7.2f} ms  "
        f"p99 {result['p99_ms']:>7.2f} ms  errors {result['errors']}"
    )
    return result


def in_turn(cases, rounds):
    """Each (name, url) measured once per round, in turn; one row each with the medians of its rounds."""
    runs = {name: [] for name, _url in cases}
    for _ in range(rounds):
        for name, url in cases:
            runs[name].append(wrk(name, url))
    if rounds == 1:
        return [rows[0] for rows in runs.values()]
    summary = []
    for name, rows in runs.items():
        row = {
            **rows[0],
            "rps": statistics.median(row["rps"] for row in rows),
            "p50_ms": statistics.median(row["p50_ms"] for row in rows),
            "p99_ms": statistics.median(row["p99_ms"] for row in rows),
            "errors": sum(row["errors"] for row in rows),
            "rounds_rps": [row["rps"] for row in rows],
        }
        print(f"   {name:<52} {row['rps']:>9.0f} req/s, the median of {rounds} rounds")
        summary.append(row)
    return summary


def latency(output, percentile):
    value, unit = re.search(rf"^\s+{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def errors(output):
    total = 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket:
        total += sum(int(n) for n in socket.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        total += int(non_2xx.group(1))
    return total


def run_posters():
    """Readers posting comments while the load runs; every accepted one must be stored once."""
    if POSTERS <= 0:
        return None
    command = [PYTHON, "bench/comment_flood.py", "--base-url", f"http://127.0.0.1:{PORT}"]
    # Replies with notices need task workers and an SMTP server, which this run does not start.
    command += ["--clients", str(POSTERS), "--comments", "10", "--reply-every", "0"]
    return subprocess.Popen(command, cwd=ROOT, env=server_env(), stdout=subprocess.PIPE, text=True)


def poster_summary(output):
    rejected = re.search(r"by status: (\{.*\})", output)
    return {
        "accepted": int(re.search(r"accepted \(303\):\s+(\d+)", output).group(1)),
        "stored": int(re.search(r"stored in the DB:\s+(\d+)", output).group(1)),
        "rejected_by_status": rejected.group(1) if rejected else "{}",
        "server_errors": len(re.findall(r"\b5\d\d\b", rejected.group(1))) if rejected else 0,
        "exactly_once": "every accepted comment is stored exactly once" in output,
    }


def nginx_run(article_path):
    if not nginx_installed():
        print("   nginx is not installed: skipping the micro-cache measurement (apt-get install nginx-light)")
        return []
    # nginx's own static file, from a server block of the bench's own beside docs/nginx.conf.
    files = Path(tempfile.mkdtemp(prefix="newsportal-bench-nginx-static-"))
    files.chmod(0o755)  # nginx's workers run as an unprivileged user
    (files / "static.txt").write_text("ok\n" * 100)
    static_server = f"server {{ listen 127.0.0.1:{NGINX_PORT + 1}; location / {{ root {files}; }} }}"
    try:
        with LocalNginx(
            upstream_port=PORT,
            listen_port=NGINX_PORT,
            static_root=STATIC_ROOT,
            extra_server=static_server,
            worker_processes=2,
            worker_connections=4096,
        ):
            return [
                wrk("nginx: static file", f"http://127.0.0.1:{NGINX_PORT + 1}/static.txt"),
                wrk("nginx micro-cache: article", f"http://127.0.0.1:{NGINX_PORT}{article_path}"),
            ]
    finally:
        shutil.rmtree(files, ignore_errors=True)


def cache_entries(cache_dir):
    return len(list(Path(cache_dir).glob("*.djcache")))


def entries_per_page(base, article_path, cache_dir, variants=200):
    """How many new cache entries 200 query strings that do not change the page add (the target: none)."""
    before = cache_entries(cache_dir)
    for n in range(variants):
        url = f"{base}{article_path}?utm_source=bench{n}&fbclid={secrets.token_hex(4)}"
        for encoding in (ACCEPT_ENCODING, "identity"):
            urllib.request.urlopen(
                urllib.request.Request(url, headers={"Accept-Encoding": encoding}), timeout=10
            ).read()
    added = cache_entries(cache_dir) - before
    print(f"   {variants} query strings x 2 encodings on the warm article: {added} new cache entries")
    return added


def cache_backends(article_path, static_url):
    """The warm article with each shared backend the page cache can use (docs/PERFORMANCE.md)."""
    rows = []
    backends = [
        ("files (the default)", {"DJANGO_CACHE_DIR": tempfile.mkdtemp(prefix="newsportal-bench-cache-")}),
        ("database table", {"CACHE_URL": "dbcache://newsportal_cache"}),
        ("Redis", {"CACHE_URL": REDIS_URL}),
    ]
    # createcachetable sees only the site's wrapped cache, so the table is made here.
    subprocess.run(
        [
            "psql",
            DATABASE_URL,
            "-qc",
            "CREATE TABLE IF NOT EXISTS newsportal_cache (cache_key varchar(255) PRIMARY KEY, "
            "value text NOT NULL, expires timestamp with time zone NOT NULL); "
            "CREATE INDEX IF NOT EXISTS newsportal_cache_expires ON newsportal_cache (expires)",
        ],
        check=True,
    )
    for name, env in backends:
        with Gunicorn(**env):
            static = wrk(f"static file, cache: {name}", static_url, duration=max(3, DURATION // 2))
            page = wrk(
                f"article, cache: {name}", f"http://127.0.0.1:{PORT}{article_path}", duration=max(3, DURATION // 2)
            )
            page["ratio_to_static"] = round(page["rps"] / static["rps"], 3)
            rows += [static, page]
    return rows


def api_cases(base, article_path):
    """The content API's article list (a page of 20) and the measured article by its slug."""
    return [
        ("API: article list (20 per page)", f"{base}/api/v1/articles?per_page=20"),
        ("API: article by slug", f"{base}/api/v1/articles/slug/{article_path.strip('/')}"),
    ]


def api_run(base, article_path, static_url, results):
    """BENCH_ONLY=api: what the API's targets compare with (the static file, the article page) and the API."""
    cache_dir = tempfile.mkdtemp(prefix="newsportal-bench-cache-")
    print(f"== warm caches, the content API ({CONNECTIONS} connections, {DURATION} s each)")
    with Gunicorn(DJANGO_CACHE_DIR=cache_dir) as server:
        results["warm"].append(wrk("static file (whitenoise)", static_url))
        results["warm"].append(wrk(f"article ({COMMENTS} comments)", base + article_path))
        results["warm"] += [wrk(name, url) for name, url in api_cases(base, article_path)]
        results["rss_mb"] = server.worker_rss_mb()
    print("== every cache empty (CACHE_URL=dummycache://), the content API")
    with Gunicorn(CACHE_URL="dummycache://") as server:
        results["cold"].append(wrk("static file (whitenoise)", static_url))
        results["cold"].append(wrk(f"article ({COMMENTS} comments), uncached", base + article_path))
        results["cold"] += [wrk(f"{name}, uncached", url) for name, url in api_cases(base, article_path)]
        results["cold"].append(
            wrk(f"article ({COMMENTS} comments), uncached, 1 connection", base + article_path, connections=1)
        )
        results["cold"] += [
            wrk(f"{name}, uncached, 1 connection", url, connections=1) for name, url in api_cases(base, article_path)
        ]
        results["rss_mb"] += server.worker_rss_mb()
    report(results)


# A demo story and its Spanish translation (demo/translations.py): the same page in two languages.
ENGLISH_ARTICLE = "/foreign-minister-visits-estravia-water-dispute/"
SPANISH_ARTICLE = "/es/ministro-de-exteriores-viaja-a-estravia-por-el-rio/"


def languages_run(base, static_url, results):
    """BENCH_ONLY=languages: the same pages in English and in Spanish, warm and with every cache empty."""
    pages = [
        ("home page", base + "/"),
        ("home page in Spanish", base + "/es/"),
        ("demo article", base + ENGLISH_ARTICLE),
        ("the same article in Spanish", base + SPANISH_ARTICLE),
    ]
    cache_dir = tempfile.mkdtemp(prefix="newsportal-bench-cache-")
    print(f"== warm caches, English and Spanish ({CONNECTIONS} connections, {DURATION} s each)")
    with Gunicorn(DJANGO_CACHE_DIR=cache_dir) as server:
        results["warm"].append(wrk("static file (whitenoise)", static_url))
        results["warm"] += [wrk(name, url) for name, url in pages]
        results["rss_mb"] = server.worker_rss_mb()
    print("== every cache empty (CACHE_URL=dummycache://)")
    with Gunicorn(CACHE_URL="dummycache://") as server:
        results["cold"].append(wrk("static file (whitenoise)", static_url))
        results["cold"] += [wrk(f"{name}, uncached", url) for name, url in pages[2:]]
        results["rss_mb"] += server.worker_rss_mb()
    report(results)


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    RESULTS.mkdir(parents=True, exist_ok=True)
    article_path = prepare_database()
    base = f"http://127.0.0.1:{PORT}"
    static_url = base + "/static/" + static_file_name()
    results = {"warm": [], "cold": [], "nginx": [], "posters": None, "rss_mb": [], "backends": []}
    if ONLY == "api":
        return api_run(base, article_path, static_url, results)
    if ONLY == "languages":
        return languages_run(base, static_url, results)
    if ONLY == "pages":
        return pages_run(base, article_path, static_url, results)
    cache_dir = tempfile.mkdtemp(prefix="newsportal-bench-cache-")

    print(f"== warm caches ({CONNECTIONS} connections, {DURATION} s each; the default cache, files in {cache_dir})")
    with Gunicorn(DJANGO_CACHE_DIR=cache_dir) as server:
        results["warm"].append(wrk("static file (whitenoise)", static_url))
        results["warm"].append(wrk("home page", base + "/"))
        results["warm"].append(wrk("home page in Spanish", base + "/es/"))
        results["warm"].append(wrk(f"article ({COMMENTS} comments)", base + article_path))
        results["warm"].append(wrk("article in Spanish", base + SPANISH_ARTICLE))
        posters = run_posters()
        if posters:
            # Approved comments drop the article's cached page: this is the page on a busy thread.
            results["warm"].append(wrk(f"article, {POSTERS} readers commenting", base + article_path))
            out, _ = posters.communicate(timeout=300)
            results["posters"] = poster_summary(out)
            print(f"   {POSTERS} comment posters during the article run: {results['posters']}")
        results["warm"].append(wrk("category page", base + "/category/world/"))
        results["warm"].append(wrk("search", base + "/search/?q=minister"))
        results["warm"] += [wrk(name, url) for name, url in api_cases(base, article_path)]
        results["rss_mb"] = server.worker_rss_mb()
        results["entries_added_by_query_strings"] = entries_per_page(base, article_path, cache_dir)
        results["nginx"] = nginx_run(article_path)

    print("== the warm article with each shared cache backend")
    results["backends"] = cache_backends(article_path, static_url)

    print("== every cache empty (CACHE_URL=dummycache://)")
    with Gunicorn(CACHE_URL="dummycache://") as server:
        results["cold"].append(wrk("static file (whitenoise)", static_url))
        results["cold"].append(wrk(f"article ({COMMENTS} comments), uncached", base + article_path))
        results["cold"].append(wrk("article in Spanish, uncached", base + SPANISH_ARTICLE))
        # One request at a time: its latency is the server time of one page built from nothing.
        results["cold"].append(
            wrk(f"article ({COMMENTS} comments), uncached, 1 connection", base + article_path, connections=1)
        )
        results["cold"] += [wrk(f"{name}, uncached", url) for name, url in api_cases(base, article_path)]
        results["rss_mb"] += server.worker_rss_mb()

    report(results)


def pages_run(base, article_path, static_url, results):
    """`BENCH_ONLY=pages`: the static file and the article, warm and with every cache empty; workers' memory."""
    cache_dir = tempfile.mkdtemp(prefix="newsportal-bench-cache-")
    rounds = f", {ROUNDS} rounds in turn" if ROUNDS > 1 else ""
    print(f"== warm caches ({CONNECTIONS} connections, {DURATION} s each{rounds})")
    with Gunicorn(DJANGO_CACHE_DIR=cache_dir) as server:
        results["warm"] += in_turn(
            [("static file (whitenoise)", static_url), (f"article ({COMMENTS} comments)", base + article_path)], ROUNDS
        )
        results["rss_mb"] = server.worker_rss_mb()
    print(f"== every cache empty (CACHE_URL=dummycache://{rounds})")
    with Gunicorn(CACHE_URL="dummycache://") as server:
        results["cold"] += in_turn(
            [
                ("static file (whitenoise)", static_url),
                (f"article ({COMMENTS} comments), uncached", base + article_path),
            ],
            ROUNDS,
        )
        results["cold"].append(
            wrk(f"article ({COMMENTS} comments), uncached, 1 connection", base + article_path, connections=1)
        )
        results["rss_mb"] += server.worker_rss_mb()
    if WORDPRESS_URL:
        print(f"== stock WordPress, the same article (bench/wordpress_setup.py): {WORDPRESS_URL}")
        for connections in (CONNECTIONS, 1):
            results["cold"].append(
                wrk(
                    f"stock WordPress, {connections} connection{'s' if connections > 1 else ''}",
                    WORDPRESS_URL,
                    connections=connections,
                    duration=max(DURATION, 30),
                    timeout=60,
                )
            )
    results["load_average"] = os.getloadavg()
    report(results)
    print(f"   load average at the end: {results['load_average'][0]:.1f}")


def static_file_name():
    manifest = json.loads((STATIC_ROOT / "staticfiles.json").read_text())
    return manifest["paths"]["img/favicon.svg"]


def report(results):
    print("\n== ratios to the static file of the same run")
    for group in ("warm", "cold", "nginx"):
        rows = results[group]
        if not rows:
            continue
        static = rows[0]["rps"]
        static_connections = rows[0]["connections"]
        for row in rows[1:]:
            if row["connections"] != static_connections:
                continue  # a latency measurement, not a throughput to compare
            row["ratio_to_static"] = round(row["rps"] / static, 3)
            spread = ""
            if "rounds_rps" in row and "rounds_rps" in rows[0]:
                row["ratio_per_round"] = [
                    round(page / file, 3) for page, file in zip(row["rounds_rps"], rows[0]["rounds_rps"], strict=True)
                ]
                spread = f"  (rounds: {min(row['ratio_per_round']):.3f}-{max(row['ratio_per_round']):.3f}x)"
            print(f"   [{group}] {row['name']:<52} {row['ratio_to_static']:.3f}x{spread}")
    ours = {row["connections"]: row for row in results["cold"] if "uncached" in row["name"]}
    for row in results["cold"]:
        if row["name"].startswith("stock WordPress") and row["connections"] in ours and row["rps"]:
            ratio = ours[row["connections"]]["rps"] / row["rps"]
            row["ours_to_wordpress"] = round(ratio, 1)
            print(f"   [cold] the page built from nothing against {row['name']:<26} {ratio:.1f}x")
    for row in results["backends"]:
        if "ratio_to_static" in row:
            print(f"   [backends] {row['name']:<52} {row['ratio_to_static']:.3f}x")
    print(f"   gunicorn worker RSS: {', '.join(f'{mb:.0f} MB' for mb in results['rss_mb'])}")
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2))
    print(f"   full figures: {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
