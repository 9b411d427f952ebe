from django.urls import path, register_converter

from . import feeds, views
from .page_cache import public_page


class UnicodeSlugConverter:
    """Slugs as WordPress makes them: letters of any script, digits, - and _."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"


def paged(route, view, name):
    """A listing's first page and its `…/page/<n>/` pages, as WordPress has them."""
    return [
        path(route, view, name=name),
        path(f"{route}page/<int:page>/", view, name=f"{name}-page"),
    ]


def feed_pair(route, rss, atom, name):
    """A feed at `…/feed/` (RSS 2.0, as WordPress) and its Atom twin at `…/feed/atom/`."""
    return [
        path(f"{route}feed/", public_page(rss), name=name),
        path(f"{route}feed/atom/", public_page(atom), name=f"{name}-atom"),
    ]


urlpatterns = [
    *feed_pair("", feeds.SiteFeed(), feeds.SiteAtomFeed(), "feed"),
    *feed_pair("category/<uslug:slug>/", feeds.CategoryFeed(), feeds.CategoryAtomFeed(), "category-feed"),
    *feed_pair("tag/<uslug:slug>/", feeds.TopicFeed(), feeds.TopicAtomFeed(), "topic-feed"),
    *feed_pair("author/<uslug:slug>/", feeds.AuthorFeed(), feeds.AuthorAtomFeed(), "author-feed"),
    *paged("", public_page(views.HomeView.as_view()), "home"),
    *paged("search/", public_page(views.SearchView.as_view()), "search"),
    *paged("category/<uslug:slug>/", public_page(views.CategoryView.as_view()), "category"),
    *paged("tag/<uslug:slug>/", public_page(views.TopicView.as_view()), "topic"),
    *paged("author/<uslug:slug>/", public_page(views.AuthorView.as_view()), "author"),
    path("<uslug:slug>/", public_page(views.ArticleDetailView.as_view()), name="detail"),
]
