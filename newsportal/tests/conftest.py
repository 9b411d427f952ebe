import io
import logging

import pytest

from newsportal.request_log import RequestIdFilter


@pytest.fixture
def site_log(settings):
    """What the site logs, formatted and filtered as settings.LOGGING does for standard output."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)
    yield stream
    logging.getLogger().removeHandler(handler)
