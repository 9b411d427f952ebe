#!/usr/bin/env python
"""Lighthouse scores of the home, an article and a category page, on a phone and a desktop.

Runs npm's `lighthouse` (a development dependency: `npm ci`) in headless
Chromium against a served copy of the portal and prints, for each page and
form factor, the four category scores (performance, accessibility, best
practices, SEO), the Cumulative Layout Shift and the audits that cost points.

Without --base-url the script serves its own copy: a fresh SQLite database in
a temporary folder with the demo content (`seed_demo`, `seed_demo_comments`),
collected static files and gunicorn with the project's settings, as
`make run` does, on a free port of 127.0.0.1. With --base-url it measures a
server that is already running.

    .venv/bin/python bench/lighthouse.py
    .venv/bin/python bench/lighthouse.py --base-url http://127.0.0.1:8000 --json scores.json

CHROME_PATH (default /usr/bin/chromium) names the browser. Not a test: the
scores depend on the machine's load (performance above all).
"""

import argparse
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def served_copy_environment(folder):
    """The environment of `make run`'s .env, with everything the copy writes inside `folder`."""
    return {
        **os.environ,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_SERVE_MEDIA": "1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_CACHE_DIR": str(folder / "cache"),
        "CACHE_URL": f"filecache://{folder / 'cache'}",
    }


def serve_copy(folder):
    """Set up and start the copy; returns (base URL, gunicorn process)."""
    env = served_copy_environment(folder)
    python = sys.executable
    for command in (
        ["migrate", "--no-input", "--verbosity", "0"],
        ["seed_demo", "--verbosity", "0"],
        ["seed_demo_comments", "--verbosity", "0"],
        ["collectstatic", "--no-input", "--verbosity", "0"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(python).parent / "gunicorn"), "--config", "newsportal/gunicorn.conf.py", "newsportal.wsgi"],
        cwd=REPO,
        env={**env, "PORT": str(port), "GUNICORN_WORKERS": "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base_url + "/healthz", timeout=1)
            return base_url, server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the served copy did not answer /healthz")


def pages_of(base_url):
    """The home page, the newest article and the first section of the menu."""
    feed = urllib.request.urlopen(base_url + "/feed/", timeout=10).read().decode()
    links = re.findall(r"<link>([^<]+)</link>", feed)
    home = urllib.request.urlopen(base_url + "/", timeout=10).read().decode()
    category = re.search(r'href="(/category/[^"/]+/)"', home)
    pages = {"home": base_url + "/"}
    if len(links) > 1:
        pages["article"] = links[1]
    if category:
        pages["category"] = base_url + category.group(1)
    return pages


def run_lighthouse(url, form_factor, chrome_path):
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={chrome_path}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        "--output-path=stdout",
        "--quiet",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url} ({form_factor}):\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
    lost = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
                lost.append(f"{name}: {audit['title']} ({audit.get('displayValue') or audit['score']})")
    return {"scores": scores, "cls": cls, "lost": lost}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="measure this running server instead of a served copy")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE.relative_to(REPO)} not found: run `npm ci`")
    chrome_path = os.environ.get("CHROME_PATH", "/usr/bin/chromium")

    server = None
    with tempfile.TemporaryDirectory(prefix="lighthouse-copy-") as folder:
        try:
            if args.base_url:
                base_url = args.base_url.rstrip("/")
            else:
                base_url, server = serve_copy(Path(folder))
            results = {}
            print(f"{'page':10} {'device':8} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'CLS':>7}")
            for name, url in pages_of(base_url).items():
                for form_factor in ("mobile", "desktop"):
                    result = run_lighthouse(url, form_factor, chrome_path)
                    results[f"{name} {form_factor}"] = {"url": url, **result}
                    scores = result["scores"]
                    print(
                        f"{name:10} {form_factor:8} {scores['performance']:5} {scores['accessibility']:5} "
                        f"{scores['best-practices']:5} {scores['seo']:5} {result['cls']:7.3f}",
                        flush=True,
                    )
                    for line in result["lost"]:
                        print(f"{'':20}- {line}")
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
