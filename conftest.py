from pathlib import Path

import pytest
from django.core.cache import caches

LOCALE = Path(__file__).parent / "locale"


def pytest_configure(config):
    """Compile the translation catalogues whose .po is newer than their .mo, as `make install` does,
    so that a test run straight from pytest reads the catalogues as they are in the tree."""
    import polib

    for po_path in LOCALE.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


@pytest.fixture(autouse=True, scope="session")
def _cache_of_the_test_run(tmp_path_factory):
    """The default cache (files shared by every process), in a directory of this run's own.

    A `make run` on the same machine, or another test run, keeps its own.
    """
    from django.conf import settings
    from django.test.utils import override_settings

    default = {**settings.CACHES["default"], "LOCATION": str(tmp_path_factory.mktemp("cache"))}
    with override_settings(CACHES={"default": default}):
        yield default["LOCATION"]


@pytest.fixture(autouse=True)
def _empty_caches(_cache_of_the_test_run):
    """Every test starts with empty caches, so cached chrome or pages never leak between tests."""
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture(autouse=True, scope="session")
def _static_files_without_collectstatic():
    """Tests render templates straight from static/, without a collected manifest.

    The manifest storage used in production is tested on its own, after a real collectstatic.
    """
    from django.test.utils import override_settings

    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        yield


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Real hashers take a deliberate ~0.3 s per password; tests sign in hundreds of times."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 that the site's mail goes to (Django's SMTP backend)."""
    from newsportal.tests.smtp_server import SmtpServer

    server = SmtpServer().start()
    settings.MAILERS = server.mailer_settings()
    yield server
    server.stop()


@pytest.fixture
def run_tasks():
    """Run the task worker of django-tasks-db until no task is ready (its --batch mode), in this process.

    Tests that use it need real commits: `@pytest.mark.django_db(transaction=True)`.
    """
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker

    def run():
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        ).run()

    return run
