import pytest
from django.core.cache import caches


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
