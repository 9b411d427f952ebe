import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches, so cached chrome or pages never leak between tests."""
    for cache in caches.all():
        cache.clear()
    yield
