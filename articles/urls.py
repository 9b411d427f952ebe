from django.urls import path, register_converter

from newsportal.page_cache import ARTICLE_PARAMETERS, LISTING_PARAMETERS, SEARCH_PARAMETERS, page_number, public_page

from . import feeds, views


class UnicodeSlugConverter:
    """Slugs as WordPress makes them: letters of any script, digits, - and _."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"


def paged(route, view, name, parameters=LISTING_PARAMETERS):
    """A listing's first page and its `…/page/<n>/` pages, as WordPress has them."""
    view = public_page(view, parameters=parameters)
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
    # The home page answers WordPress's search address, `/?s=`, too.
    *paged("", views.HomeView.as_view(), "home", SEARCH_PARAMETERS),
    *paged("search/", views.SearchView.as_view(), "search", SEARCH_PARAMETERS),
    *paged("category/<uslug:slug>/", views.CategoryView.as_view(), "category"),
    *paged("tag/<uslug:slug>/", views.TopicView.as_view(), "topic"),
    *paged("author/<uslug:slug>/", views.AuthorView.as_view(), "author"),
    # Before the articles' `/<slug>/`: no article can take this address.
    *paged("corrections/", views.CorrectionsView.as_view(), "corrections"),
    path(
        "<uslug:slug>/", public_page(views.ArticleDetailView.as_view(), parameters=ARTICLE_PARAMETERS), name="detail"
    ),
    path(
        "<uslug:slug>/live/",
        public_page(views.live_updates, parameters={"after": page_number}),
        name="live-updates",
    ),
]
