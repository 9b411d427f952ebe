"""What a page-cache miss costs in CPU instructions, counted by callgrind in one process.

On a shared 2-core machine the CPU time of one page moves by half from one
minute to the next, more than most changes to the code; the number of
instructions it takes does not. This script serves article pages of
`bench/long_tail.py`'s kept database through Django's WSGI handler (production
settings, debug off, a file cache of its own) under `valgrind --tool=callgrind`,
twice: once with `--few` pages and once with `--many`, after the same warm-up.
Start-up and warm-up cost the same in both runs, so the difference divided by
`--many - --few` is what one page costs.

- the long tail (default): each page is a different article, built once, with
  the shared fragments warm (the chrome, "You may also like", the footer's
  pages), as a long-tail article not read for a while finds them;
- `--cold`: the article with the most comments, every cache emptied before
  each request (the page built from nothing).

    python bench/long_tail.py --keep /tmp/long-tail-db --no-crawl --seconds 5   # once, to seed
    python bench/miss_instructions.py --keep /tmp/long-tail-db
    python bench/miss_instructions.py --keep /tmp/long-tail-db --cold --few 5 --many 25

Kernel time (file writes, SQLite's reads) is not counted. Needs `valgrind`
from Debian's packages; each run takes a minute or two (Python runs about
fifty times slower under callgrind).
"""

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
HOST = "127.0.0.1:8310"
# The first pages build the chrome and the shared fragments; they are served in both runs.
WARM_UP_PAGES = 5


def serve(paths, cold):
    """Inside the counted process: serve the warm-up pages, then `paths`; each must be a page-cache miss."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.cache import caches
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()

    def get(path):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8310",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": HOST,
            "HTTP_ACCEPT_ENCODING": "gzip",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.input": io.BytesIO(),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, dict(headers)

        b"".join(handler(environ, start_response))
        if not answer["status"].startswith("200"):
            raise SystemExit(f"{path}: {answer['status']}")
        return answer["headers"].get("X-Page-Cache")

    def empty_caches():
        for alias in caches:
            caches[alias].clear()

    warm_up, counted = paths[:WARM_UP_PAGES], paths[WARM_UP_PAGES:]
    for path in warm_up:
        if cold:
            empty_caches()
        get(path)
    misses = 0
    for path in counted:
        if cold:
            empty_caches()
        misses += get(path) == "MISS"
    if misses != len(counted):
        raise SystemExit(f"only {misses} of {len(counted)} pages were page-cache misses")


def count_instructions(env, paths, cold):
    """Run `serve` under callgrind; the instructions it counted."""
    with tempfile.TemporaryDirectory(prefix="newsportal-callgrind-") as directory:
        paths_file = Path(directory) / "paths.json"
        paths_file.write_text(json.dumps(paths))
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={directory}/callgrind.out",
            PYTHON,
            __file__,
            "--serve",
            str(paths_file),
        ]
        if cold:
            command.append("--cold")
        run = subprocess.run(
            command, cwd=ROOT, env={**env, "DJANGO_CACHE_DIR": f"{directory}/cache"}, capture_output=True, text=True
        )
        if run.returncode:
            raise SystemExit(f"the counted process failed:\n{run.stderr[-3000:]}")
        match = re.search(r"Collected\s*:\s*(\d+)", run.stderr)
        if not match:
            raise SystemExit(f"callgrind printed no count:\n{run.stderr[-3000:]}")
        return int(match.group(1))


def most_commented_path(env):
    """The address of the article with the most comments (the page built from nothing is measured on it)."""
    script = (
        "import django; django.setup(); from articles.models import Article; "
        "print(Article.objects.published().order_by('-comment_count', 'pk').first().get_absolute_url())"
    )
    return subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, metavar="DIR", help="bench/long_tail.py's kept database")
    parser.add_argument("--few", type=int, default=10, help="pages counted in the first run (default 10)")
    parser.add_argument("--many", type=int, default=70, help="pages counted in the second run (default 70)")
    parser.add_argument("--cold", action="store_true", help="every cache emptied before each page")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(json.loads(args.serve.read_text()), args.cold)
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed: apt-get install valgrind")
    if args.keep is None or not list(args.keep.glob("seeded-*.json")):
        raise SystemExit("--keep DIR must name a database kept by `bench/long_tail.py --keep DIR`")
    if not 0 <= args.few < args.many:
        raise SystemExit("--few must be smaller than --many")

    static_root = Path(tempfile.mkdtemp(prefix="newsportal-callgrind-static-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsportal.settings",
        "DATABASE_URL": f"sqlite:///{(args.keep / 'db.sqlite3').resolve()}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "instructions-" + "x" * 50),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_LOG_LEVEL": "WARNING",
        # The same hash seed in every run, so that both runs take the same paths through dicts and sets.
        "PYTHONHASHSEED": "0",
    }
    try:
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
        if args.cold:
            paths = [most_commented_path(env)] * (WARM_UP_PAGES + args.many)
        else:
            seeded = json.loads(sorted(args.keep.glob("seeded-*.json"))[0].read_text())
            # A spread over the archive (every n-th article), each read once.
            paths = seeded["paths"][:: max(1, len(seeded["paths"]) // (WARM_UP_PAGES + args.many + 1))]
            paths = paths[: WARM_UP_PAGES + args.many]
        few = count_instructions(env, paths[: WARM_UP_PAGES + args.few], args.cold)
        many = count_instructions(env, paths, args.cold)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    per_page = (many - few) / (args.many - args.few)
    kind = "page built from nothing" if args.cold else "long-tail miss (fragments warm)"
    print(f"{args.few} pages: {few:,} instructions; {args.many} pages: {many:,} instructions")
    print(f"a {kind}: {per_page / 1e6:.2f} M instructions")


if __name__ == "__main__":
    main()
