"""Comment feeds: one article's approved comments (`/<slug>/feed/`, as WordPress
has it) and the newest approved comments of the whole site (`/comments/feed/`).

Only approved comments on public articles are listed: a held, spam or
trashed comment, or a comment on a draft or a scheduled article, never is.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from articles.feeds import FullAddressesMixin
from articles.models import Article
from articles.structured_data import absolute_url
from newsportal import freshness
from newsportal.freshness import FeedFreshnessMixin
from newsportal.text import SafeXMLFeedMixin

from .models import Comment
from .rendering import comment_text

FEED_ITEMS = 30


class SiteCommentsFeed(FullAddressesMixin, SafeXMLFeedMixin, FeedFreshnessMixin, Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        return None

    def comments(self, obj):
        return Comment.objects.approved().filter(article__in=Article.objects.published().in_language())

    def items(self, obj):
        items = list(self.comments(obj).select_related("article").order_by("-created_at", "-id")[:FEED_ITEMS])
        # Each item names its article by its title.
        self.shows(*{item.article for item in items}, keys=self.thread_keys(obj))
        return items

    def thread_keys(self, obj):
        return {"comments"}

    def title(self, obj):
        return _("Comments on %(site)s") % {"site": settings.SITE_NAME}

    def description(self, obj):
        return self.title(obj)

    def link(self, obj):
        return absolute_url("/")

    def feed_url(self, obj):
        return absolute_url(reverse("comments:feed"))

    def item_title(self, item):
        return _("%(name)s on “%(title)s”") % {"name": item.name, "title": item.article.title}

    def item_description(self, item):
        # A feed's description is HTML to a feed reader, and a comment is plain text:
        # what the reader typed is escaped, as on the page, never markup.
        return comment_text(item.body)

    def item_link(self, item):
        return absolute_url(f"{reverse('comments:permalink', args=[item.pk])}")

    def item_guid(self, item):
        return absolute_url(f"{item.article.get_absolute_url()}#comment-{item.pk}")

    def item_author_name(self, item):
        return item.name

    def item_pubdate(self, item):
        return item.created_at


class ArticleCommentsFeed(SiteCommentsFeed):
    def get_object(self, request, slug):
        article = get_object_or_404(Article.objects.published().in_language(), slug=slug)
        # Its title and address head the feed, with or without comments in it.
        freshness.shows(request, article)
        return article

    def comments(self, obj):
        return Comment.objects.approved().filter(article=obj)

    def thread_keys(self, obj):
        return {f"comments-{obj.pk}"}

    def title(self, obj):
        return _("Comments on: %(title)s") % {"title": obj.title}

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute_url(reverse("comments:article-feed", kwargs={"slug": obj.slug}))
