"""The static files' storage in production: whitenoise's, with each address worked out once per process.

Every page writes about a dozen `{% static %}` addresses, and the manifest
storage works each one out again on every call (split the name, look up its
hashed name, join and quote the address): 1.5 % of the instructions of an
article page built while the shared fragments were warm. The manifest is read
once per process and does not change while it runs, so neither do the
addresses: they are kept here, for as many names as the site has files.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Far more than the site's static files, so a template asking for a name in a loop cannot grow it without end.
MAX_REMEMBERED = 4096


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = super().url(name)  # a name missing from the manifest raises, and is not kept
            if len(self._urls) < MAX_REMEMBERED:
                self._urls[name] = url
        return url
