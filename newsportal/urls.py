from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from accounts.views import PasswordResetView
from articles.sitemaps import SITEMAPS, news_sitemap, sitemap_index

from . import admin as newsroom_admin
from . import views
from .page_cache import page_number, public_page

handler400 = "newsportal.views.bad_request"
handler404 = "newsportal.views.page_not_found"
handler500 = "newsportal.views.server_error"

urlpatterns = [
    # The admin's sign-in page offers "Forgotten your password?" when this name exists.
    path(f"{settings.ADMIN_URL}password_reset/", PasswordResetView.as_view(), name="admin_password_reset"),
    # Before the admin's own routes: its "View on site" shortcut, answering only for objects the user may see.
    path(
        f"{settings.ADMIN_URL}r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(newsroom_admin.view_on_site),
        name="view_on_site",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The JavaScript catalogue of a language, by its fingerprint (views.javascript_catalog_version).
    path("jsi18n/<str:language>/<slug:version>.js", views.javascript_catalog, name="javascript-catalog"),
    # Answered by newsportal.middleware.ProbeMiddleware before routing; listed
    # here so that they have names and show up where URLs are looked for.
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", public_page(sitemap_index, keys={"sitemap"}), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        # A section's page n is `?p=n`.
        public_page(sitemap, parameters={"p": page_number}, keys={"sitemap"}),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("news-sitemap.xml", public_page(news_sitemap, keys={"sitemap"}), name="news-sitemap"),
]


def media_urlpatterns():
    """Uploaded files, served by Django, each with the cache policy its name allows (views.media)."""
    return [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", views.media, name="media")]


if settings.SERVE_MEDIA:
    # Uploaded files are served by Django only on a single machine without a
    # web server in front; production serves them with nginx (docs/nginx.conf)
    # or points DJANGO_MEDIA_URL at storage.
    urlpatterns += media_urlpatterns()

urlpatterns.append(path("api/v1/", include("api.urls")))
# The reader's pages, in every language of the site: English at today's
# addresses, the others under `/<code>/` (docs/languages.md).
urlpatterns += i18n_patterns(
    # Signing in, signing up and password resets in the reader's language (/es/accounts/login/).
    path("accounts/", include("accounts.urls")),
    path("", include("comments.urls")),
    # Last but one, because an article lives at any top-level `/<slug>/`.
    path("", include("articles.urls")),
    # After the articles: a page under a parent, `/about/team/` (top-level pages: pages/middleware.py).
    path("", include("pages.urls")),
    prefix_default_language=False,
)
