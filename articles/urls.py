from django.urls import path, register_converter

from . import views


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
    *paged("", views.HomeView.as_view(), "home"),
    *paged("search/", views.SearchView.as_view(), "search"),
    *paged("category/<uslug:slug>/", views.CategoryView.as_view(), "category"),
    *paged("tag/<uslug:slug>/", views.TopicView.as_view(), "topic"),
    *paged("author/<uslug:slug>/", views.AuthorView.as_view(), "author"),
    path("<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
