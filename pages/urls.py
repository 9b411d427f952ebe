"""Pages under a parent, `/about/team/`. Included after every other app's URLs.

A top-level page, `/about/`, shares its address with the article address
`/<slug>/`: the article wins, and PageFallbackMiddleware answers with the
page only when no article is there.
"""

from django.urls import re_path

from . import views

app_name = "pages"

urlpatterns = [
    re_path(r"^(?P<path>[-\w]+(?:/[-\w]+)+)/$", views.page_detail, name="detail"),
]
