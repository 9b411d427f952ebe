"""What the old-address redirects cost, with and without importers.middleware.OldAddressMiddleware.

    DATABASE_URL=… python bench/old_addresses.py [--requests 2000]

Run after an import (the database must hold OldAddress rows). Every
address is requested through the whole middleware stack with Django's test
client, the page cache on, first with the middleware and then without it:
the time per request and the SQL queries of the last request of each.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402
from importers.models import OldAddress  # noqa: E402

MIDDLEWARE = "importers.middleware.OldAddressMiddleware"


def addresses():
    article = Article.objects.published().order_by("-published_at").first()
    by_query = OldAddress.objects.filter(address__startswith="/?p=", article=article).first()
    by_path = OldAddress.objects.filter(article__isnull=False).exclude(address__startswith="/?").first()
    return {
        "article page (cached)": article.get_absolute_url(),
        "home page (cached)": "/",
        "home page with ?utm_source (cached)": "/?utm_source=news",
        "unknown address (404)": "/no/such/address/",
        "old /?p=<id> (301)": by_query.address if by_query else None,
        "old permalink (301)": by_path.address if by_path else None,
    }


def measure(client, url, requests):
    for _ in range(50):  # fills the page cache, warms the process
        client.get(url)
    started = time.perf_counter()
    for _ in range(requests):
        response = client.get(url)
    elapsed = time.perf_counter() - started
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return response.status_code, elapsed / requests * 1e6, len(queries)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args(argv)
    targets = {name: url for name, url in addresses().items() if url}
    without = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]
    results = {}
    for label, middleware in (("with", settings.MIDDLEWARE), ("without", without)):
        overrides = {"PAGE_CACHE_SECONDS": 600, "ALLOWED_HOSTS": ["testserver"], "SECURE_SSL_REDIRECT": False}
        # Pages render without a collectstatic manifest.
        static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        overrides["STORAGES"] = {**settings.STORAGES, "staticfiles": static}
        with override_settings(MIDDLEWARE=middleware, **overrides):
            client = Client()
            for name, url in targets.items():
                results[(name, label)] = measure(client, url, args.requests)
    print("| address | with: status, µs/request, queries | without: status, µs/request, queries |")
    print("| --- | --- | --- |")
    for name, url in targets.items():
        cells = [f"{s}, {us:,.0f} µs, {q}" for s, us, q in (results[(name, "with")], results[(name, "without")])]
        print(f"| {name} `{url}` | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
