import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _empty_caches():
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
