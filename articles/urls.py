from django.urls import path, register_converter

from . import views
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


urlpatterns = [
    *paged("", public_page(views.HomeView.as_view()), "home"),
    *paged("search/", public_page(views.SearchView.as_view()), "search"),
    *paged("category/<uslug:slug>/", public_page(views.CategoryView.as_view()), "category"),
    *paged("tag/<uslug:slug>/", public_page(views.TopicView.as_view()), "topic"),
    *paged("author/<uslug:slug>/", public_page(views.AuthorView.as_view()), "author"),
    path("<uslug:slug>/", public_page(views.ArticleDetailView.as_view()), name="detail"),
]
