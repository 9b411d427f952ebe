import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.utils.module_loading import import_string


@pytest.fixture
def site_log(settings):
    """What the site logs, formatted and filtered as settings.LOGGING does for standard output."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    for name in settings.LOGGING["handlers"]["stdout"]["filters"]:
        handler.addFilter(import_string(settings.LOGGING["filters"][name]["()"])())
    logging.getLogger().addHandler(handler)
    yield stream
    logging.getLogger().removeHandler(handler)


def static_sources_fingerprint():
    """What collectstatic's output depends on: every file the finders find (name, size, time), and the versions."""
    import hashlib
    from importlib.metadata import version

    from django.contrib.staticfiles import finders

    digest = hashlib.sha256(f"django {version('django')} whitenoise {version('whitenoise')}".encode())
    found = []
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            found.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for line in sorted(found):
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()[:20]


@pytest.fixture(scope="session")
def static_root():
    """Static files as production collects them (hashed names, gzip and Brotli), for the app servers the tests start.

    collectstatic takes most of a minute of CPU (Brotli), and nothing a test
    does changes its output: it runs once for the whole run, into a folder
    named by the sources' fingerprint, which a later run (CI's second database,
    a developer's next run) reuses as long as no static file changed.
    """
    from newsportal.tests.test_gunicorn_faults import PROJECT_DIR, production_environment

    root = Path(tempfile.gettempdir()) / "newsportal-test-static" / static_sources_fingerprint()
    if (root / "staticfiles.json").is_file():
        return root
    root.parent.mkdir(parents=True, exist_ok=True)
    # Collected beside it, then moved into place whole: a run that stops half-way leaves no half folder.
    partial = Path(tempfile.mkdtemp(prefix="collecting-", dir=root.parent))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env=production_environment(DJANGO_STATIC_ROOT=str(partial)),
        check=True,
        timeout=600,
    )
    try:
        partial.rename(root)
    except OSError:
        # Another run got there first with the same sources.
        shutil.rmtree(partial, ignore_errors=True)
    return root
