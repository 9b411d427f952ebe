"""System checks of the site's own settings, run by `manage.py check --deploy`."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs=None, **kwargs):
    """Without SITE_URL, absolute addresses (canonical links, feeds, sitemaps, structured data, mails)
    come from the request's Host and scheme, which a client chooses; behind a shared cache that is
    how a forged Host reaches other readers."""
    if settings.DEBUG:
        return []
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme in ("http", "https") and parts.netloc and not parts.path and not parts.query:
        return []
    return [
        Error(
            "SITE_URL must be the site's public address, such as https://news.example.com "
            f"(scheme and host, no path); it is {settings.SITE_URL!r}.",
            hint="Every absolute address the site writes comes from it, never from the request's Host.",
            id="newsportal.E001",
        )
    ]
