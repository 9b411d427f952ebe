"""What a store costs in the file cache as it fills: Django's FileBasedCache against newsportal.cache.FileCache.

Django's lists the whole cache directory before every store; ours lists it once
per hundredth of MAX_ENTRIES stores. Each size is filled in a temporary
directory with entries the size of a cached page, then 200 more are stored.

    python bench/file_cache.py                 # 1,000, 10,000 and 40,000 entries
    python bench/file_cache.py --sizes 50000
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "file-cache-bench")

import django  # noqa: E402

django.setup()

from django.core.cache.backends.filebased import FileBasedCache  # noqa: E402

from newsportal.cache import FileCache  # noqa: E402

PAGE = "x" * 30_000  # about a cached article page, compressed
STORES = 200


def store_times(backend, directory, entries):
    cache = backend(directory, {"OPTIONS": {"MAX_ENTRIES": 50_000}})
    fill = FileCache(directory, {"OPTIONS": {"MAX_ENTRIES": 10**9}})
    for n in range(entries):
        fill.set(f"fill-{n}", PAGE)
    seconds = []
    for n in range(STORES):
        started = time.perf_counter()
        cache.set(f"store-{n}", PAGE)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000, sum(seconds) / len(seconds) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 40_000])
    arguments = parser.parse_args()
    print("| entries | Django's FileBasedCache: median / mean ms a store | FileCache: median / mean ms a store |")
    print("| ---: | ---: | ---: |")
    for entries in arguments.sizes:
        row = [f"{entries:,}"]
        for backend in (FileBasedCache, FileCache):
            with tempfile.TemporaryDirectory(prefix="file-cache-bench-") as directory:
                median, mean = store_times(backend, directory, entries)
            row.append(f"{median:.2f} / {mean:.2f}")
        print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
