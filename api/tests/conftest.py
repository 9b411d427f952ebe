import pytest


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """The tests ask far more often than a reader may; the rate-limit tests set their own limits."""
    settings.API_RATE_LIMIT = ""
    settings.API_KEY_RATE_LIMIT = ""
