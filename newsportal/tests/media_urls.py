"""The site's URLs with uploaded files served by Django, as DJANGO_SERVE_MEDIA=1 makes them."""

from newsportal.urls import handler400, handler404, handler500, media_urlpatterns
from newsportal.urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]

urlpatterns = media_urlpatterns() + site_urlpatterns
