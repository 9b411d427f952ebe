import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def comment_test_settings(settings):
    """Each test starts with an empty cache (rate-limit counters, site chrome)
    and without rate limits, except the tests that set them on purpose; the
    site answers plain HTTP, as on a developer's machine."""
    cache.clear()
    settings.COMMENTS_RATE_LIMITS = []
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast test users
    # Hashed static names need `collectstatic`; the tests render pages without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield
    cache.clear()


@pytest.fixture
def other_client():
    """A second reader, with cookies of their own."""
    return Client()


@pytest.fixture
def csrf_client():
    """A browser whose POSTs are CSRF-checked, as real ones are."""
    return Client(enforce_csrf_checks=True)
