"""Comment addresses. Included before the articles app's URLs, whose last
pattern is the catch-all article address `/<slug>/`.

`/<slug>/comment-page-<n>/` is WordPress's address for page n of a thread;
it shows the article page through views.ArticleCommentPageView.
"""

from django.urls import path

# Importing the articles URLs registers the "uslug" converter used below.
from articles.urls import UnicodeSlugConverter  # noqa: F401
from newsportal.page_cache import ARTICLE_PARAMETERS, public_page

from . import edit_views, notice_views, reports, views
from .feeds import ArticleCommentsFeed, SiteCommentsFeed

app_name = "comments"

urlpatterns = [
    path("comments/post/", views.post_comment, name="post"),
    path("comments/form-token/<int:article_id>/", views.form_token, name="form-token"),
    path("comments/<int:pk>/", views.comment_permalink, name="permalink"),
    path("comments/<int:pk>/report/", reports.report_comment, name="report"),
    path("comments/<int:pk>/edit/", edit_views.edit_comment, name="edit"),
    path("comments/<int:pk>/delete/", edit_views.delete_comment, name="delete"),
    path("accounts/notices/", notice_views.manage, name="notices"),
    path("comments/notices/confirm/<str:token>/", notice_views.confirm, name="notices-confirm"),
    path("comments/notices/unsubscribe/<str:token>/", notice_views.unsubscribe, name="notices-unsubscribe"),
    path("comments/feed/", public_page(SiteCommentsFeed()), name="feed"),
    path("<uslug:slug>/feed/", public_page(ArticleCommentsFeed()), name="article-feed"),
    path(
        "<uslug:slug>/comment-page-<int:page>/",
        public_page(views.ArticleCommentPageView.as_view(), parameters=ARTICLE_PARAMETERS),
        name="page",
    ),
]
