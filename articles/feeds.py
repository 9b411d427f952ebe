"""RSS 2.0 and Atom feeds of the newest public articles: the whole site, a category, a topic, an author.

Each feed lists what the matching listing page lists, from the same
`Article.objects.published()`, so a draft or a scheduled article is never in
one; and in the language of its address (`/es/feed/` is the Spanish
articles', `<language>es</language>`). Comment feeds belong to the comments app.

An article changed after it was published (edited, or given a correction or
an update note) shows so: Atom's `<updated>`, and in RSS 2.0, which has no
element for it, Dublin Core's `<dcterms:modified>`, which feed readers know.
The item's guid and pubDate stay, so it is not taken for a new story.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc3339_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsportal.freshness import FeedFreshnessMixin
from newsportal.text import SafeXMLFeedMixin

from .freshness import card_keys, listing_keys
from .models import Article, Author, Category, Topic
from .structured_data import absolute_url, last_modified

FEED_ITEMS = 20
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


class BylineAtomFeed(Atom1Feed):
    """Atom with an `<author>` for every author of an entry, the lead's first (Django's writes the lead's)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, link in zip(item.get("co_author_names") or (), item.get("co_author_links") or (), strict=True):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", link)
            handler.endElement("author")


class FullAddressesMixin:
    """Full URLs wherever a feed names an address, as feed readers need.

    Django gives the links of a feed and its items the request's site but
    leaves guids and author links as the feed returns them: paths, when
    SITE_URL is not set. They get the same site here.
    """

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        for item in feed.items:
            for name in ("unique_id", "author_link"):
                if (item.get(name) or "").startswith("/"):
                    item[name] = absolute_url(item[name], request)
            if item.get("co_author_links"):
                item["co_author_links"] = [absolute_url(link, request) for link in item["co_author_links"]]
        if (feed.feed.get("author_link") or "").startswith("/"):
            feed.feed["author_link"] = absolute_url(feed.feed["author_link"], request)
        return feed


class ModifiedRssFeed(Rss201rev2Feed):
    """RSS 2.0 with `<dcterms:modified>` on every item changed after its publication."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dcterms": "http://purl.org/dc/terms/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        updated, published = item.get("updateddate"), item.get("pubdate")
        if updated is not None and (published is None or updated > published):
            handler.addQuickElement("dcterms:modified", rfc3339_date(updated))


class BylineRssFeed(ModifiedRssFeed):
    """RSS 2.0 with a `dc:creator` for every author of an item, the lead's first (Django's writes the lead's)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("co_author_names") or ():
            handler.addQuickElement("dc:creator", name, {"xmlns:dc": DUBLIN_CORE})


class SiteFeed(FullAddressesMixin, SafeXMLFeedMixin, FeedFreshnessMixin, Feed):
    """The newest articles of the whole site."""

    feed_type = BylineRssFeed
    url_name = "articles:feed"

    def get_object(self, request, *args, **kwargs):
        return None

    def articles(self, obj):
        return Article.objects.published().in_language()

    def items(self, obj):
        items = list(self.articles(obj).for_listing().newest_first()[:FEED_ITEMS])
        keys = self.listing_keys(obj)
        for item in items:
            keys |= card_keys(item) | {f"topic-{item.topic_id}"}
        self.shows(obj, keys=keys)
        return items

    def listing_keys(self, obj):
        return listing_keys()

    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        return _("The latest news from %(site)s.") % {"site": settings.SITE_NAME}

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return absolute_url(obj.get_absolute_url() if obj is not None else reverse("articles:home"))

    def feed_url(self, obj):
        kwargs = {"slug": obj.slug} if obj is not None else {}
        return absolute_url(reverse(self.url_name, kwargs=kwargs))

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.excerpt

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return last_modified(item)

    def item_author_name(self, item):
        return item.author.name

    def item_author_link(self, item):
        return absolute_url(item.author.get_absolute_url())

    def item_extra_kwargs(self, item):
        co_authors = item.authors[1:]
        return {
            "co_author_names": [author.name for author in co_authors],
            "co_author_links": [author.get_absolute_url() for author in co_authors],  # made full in get_feed
        }

    def item_categories(self, item):
        return [item.category.name, *([item.topic.name] if item.topic_id else [])]


class CategoryFeed(SiteFeed):
    url_name = "articles:category-feed"

    def get_object(self, request, slug):
        return get_object_or_404(Category.objects.with_public_articles(language=get_language()), slug=slug)

    def articles(self, obj):
        return super().articles(obj).filter(category=obj)

    def listing_keys(self, obj):
        return listing_keys(category_id=obj.pk)

    def title(self, obj):
        return f"{settings.SITE_NAME} » {obj.name}"

    def description(self, obj):
        return obj.description or _("The latest %(category)s news from %(site)s.") % {
            "category": obj.name,
            "site": settings.SITE_NAME,
        }


class TopicFeed(SiteFeed):
    url_name = "articles:topic-feed"

    def get_object(self, request, slug):
        return get_object_or_404(Topic.objects.with_public_articles(language=get_language()), slug=slug)

    def articles(self, obj):
        return super().articles(obj).filter(Q(topic=obj) | Q(tags=obj)).distinct()

    def listing_keys(self, obj):
        return listing_keys(topic_id=obj.pk)

    def title(self, obj):
        return f"{settings.SITE_NAME} » {obj.name}"

    def description(self, obj):
        return _("The latest articles about %(topic)s from %(site)s.") % {
            "topic": obj.name,
            "site": settings.SITE_NAME,
        }


class AuthorFeed(SiteFeed):
    url_name = "articles:author-feed"

    def get_object(self, request, slug):
        return get_object_or_404(Author.objects.with_public_articles(language=get_language()), slug=slug)

    def articles(self, obj):
        # Every article they wrote, as the lead or a co-author; the newest FEED_ITEMS from each side's index.
        return super().articles(obj).by_author(obj, newest=FEED_ITEMS)

    def listing_keys(self, obj):
        return listing_keys(author_id=obj.pk)

    def title(self, obj):
        return f"{settings.SITE_NAME} » {obj.name}"

    def description(self, obj):
        return _("The latest articles by %(author)s on %(site)s.") % {"author": obj.name, "site": settings.SITE_NAME}


class AtomFeedMixin:
    feed_type = BylineAtomFeed

    def feed_url(self, obj):
        kwargs = {"slug": obj.slug} if obj is not None else {}
        return absolute_url(reverse(f"{self.url_name}-atom", kwargs=kwargs))


class SiteAtomFeed(AtomFeedMixin, SiteFeed):
    pass


class CategoryAtomFeed(AtomFeedMixin, CategoryFeed):
    pass


class TopicAtomFeed(AtomFeedMixin, TopicFeed):
    pass


class AuthorAtomFeed(AtomFeedMixin, AuthorFeed):
    pass
