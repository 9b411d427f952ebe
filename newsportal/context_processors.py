from django.conf import settings
from django.utils import timezone

from articles.chrome import site_chrome as cached_site_chrome


def site_chrome(request):
    """The header and footer's content, from the cache; today's date is live."""
    return {**cached_site_chrome(request), "today": timezone.localdate(), "site_name": settings.SITE_NAME}
