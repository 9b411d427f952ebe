"""What the articles app's cached responses show, and what each change of its content touches.

Keys (see newsportal/freshness.py):
- `article-<id>`: the article's page, its cards and footer items, its feed
  entries (its FAQs, links, image and topics are part of it), and its live
  coverage and entries (on the page and in its live updates);
- `author-<id>`, `category-<id>`, `topic-<id>`: that object's name, bio or
  description wherever it is shown (bylines, labels, the menu, its page);
- `list` and `list-category-<id>`, `list-author-<id>`, `list-topic-<id>`,
  `picks`: which public articles a listing holds and in what order: the home
  page, listings, feeds, Latest News and Editors' Picks, "You may also like";
- `categories`: which categories the menu shows, in what order;
- `search`: every page of search results (any text may start to match);
- `sitemap`: the sitemaps;
- `breaking`: the breaking news bar above every page's header (the chrome);
- `corrections`: the public list of corrections and updates;
- `translations-<translation key>`: which translations of a story are public
  and at what address (an article page's hreflang links and language switcher).
Comment counts and threads are the comments app's (`comments-<article id>`).

Listings and search are per language: the keys above name the default
language's (English) lists; another language's carry its code after a colon
(`list:es`, `list-category-3:es`, `search:fr`), so publishing a Spanish story
drops the Spanish home page and leaves the English one alone.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Subquery
from django.utils.translation import get_language

from newsportal import freshness

from .models import FAQ, Article, Author, Byline, Category, Correction, LiveCoverage, LiveEntry, RelatedLink, Topic


def register():
    freshness.register(Article, lambda article: f"article-{article.pk}")
    freshness.register(FAQ, lambda faq: f"article-{faq.article_id}")
    freshness.register(RelatedLink, lambda link: f"article-{link.article_id}")
    # Live coverage and its entries are shown on the article's page and by its live updates.
    freshness.register(LiveCoverage, lambda coverage: f"article-{coverage.article_id}")
    freshness.register(LiveEntry, lambda entry: f"article-{entry.article_id}")
    freshness.register(Byline, lambda byline: f"article-{byline.article_id}")
    freshness.register(Author, lambda author: f"author-{author.pk}")
    freshness.register(Category, lambda category: f"category-{category.pk}")
    freshness.register(Topic, lambda topic: f"topic-{topic.pk}")
    freshness.register(Correction, lambda correction: f"article-{correction.article_id}")
    freshness.register_schedule(next_change=next_scheduled_change, keys_due=keys_due_between)


# --- what a response shows ------------------------------------------------------


def byline_keys(article):
    """Every name of the byline: `article.authors` (prefetched co-authors, see Article.authors)."""
    return {f"author-{author.pk}" for author in article.authors}


def card_keys(article, *, with_comment_count=True):
    """A card: title, image, category label, byline (every author's name), date and, on listings, the comment count."""
    keys = {f"article-{article.pk}", f"category-{article.category_id}", *byline_keys(article)}
    if with_comment_count:
        keys.add(f"comments-{article.pk}")
    return keys


def mini_item_keys(article):
    """A footer item: thumbnail (or the category's placeholder), title and date."""
    return {f"article-{article.pk}", f"category-{article.category_id}"}


def in_language(keys, language=None):
    """Listing and search keys as `language` (by default the one being read) names them."""
    language = language or get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return set(keys)
    return {f"{key}:{language}" for key in keys}


def listing_keys(*, category_id=None, author_id=None, topic_id=None, language=None):
    if category_id is not None:
        keys = {f"list-category-{category_id}"}
    elif author_id is not None:
        keys = {f"list-author-{author_id}"}
    elif topic_id is not None:
        keys = {f"list-topic-{topic_id}"}
    else:
        keys = {"list"}
    return in_language(keys, language)


def translations_key(translation_key):
    return f"translations-{translation_key}"


# --- what a change touches ----------------------------------------------------------


@dataclass(frozen=True)
class ArticleState:
    """What decides where an article is listed: enough to tell what a change moves."""

    pk: int
    public: bool
    scheduled: bool
    published_at: object
    category_id: int
    author_ids: frozenset  # the lead and every co-author: the author pages it is listed on
    topic_ids: frozenset
    is_editors_pick: bool
    language: str
    slug: str
    translation_key: object

    @classmethod
    def of(cls, article, topic_ids, author_ids):
        return cls(
            pk=article.pk,
            public=article.is_public,
            scheduled=article.is_scheduled,
            published_at=article.published_at,
            category_id=article.category_id,
            author_ids=frozenset(author_ids),
            topic_ids=frozenset(topic_ids),
            is_editors_pick=article.is_editors_pick,
            language=article.language,
            slug=article.slug,
            translation_key=article.translation_key,
        )

    def listing_keys(self):
        keys = {"list", f"list-category-{self.category_id}"}
        keys.update(f"list-author-{author_id}" for author_id in self.author_ids)
        keys.update(f"list-topic-{topic_id}" for topic_id in self.topic_ids)
        if self.is_editors_pick:
            keys.add("picks")
        return in_language(keys, self.language)

    def placement(self):
        return (
            self.public,
            self.published_at,
            self.category_id,
            self.author_ids,
            self.topic_ids,
            self.is_editors_pick,
            self.language,
        )

    def address(self):
        """What the story's other translations link to: whether this one is public, and where."""
        return (self.public, self.language, self.slug)


def article_states(article_ids):
    """The current ArticleState of each of these articles (three queries whatever their number)."""
    article_ids = list(article_ids)
    articles = Article.objects.filter(pk__in=article_ids).only(
        "pk",
        "status",
        "published_at",
        "category_id",
        "author_id",
        "topic_id",
        "is_editors_pick",
        "language",
        "slug",
        "translation_key",
    )
    tags = {}
    for article_id, topic_id in Article.tags.through.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "topic_id"
    ):
        tags.setdefault(article_id, set()).add(topic_id)
    co_authors = {}
    for article_id, author_id in Byline.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "author_id"
    ):
        co_authors.setdefault(article_id, set()).add(author_id)
    return {
        article.pk: ArticleState.of(
            article,
            {*tags.get(article.pk, ()), *filter(None, [article.topic_id])},
            {article.author_id, *co_authors.get(article.pk, ())},
        )
        for article in articles
    }


def change_keys(before, after):
    """The keys an article's change touches, from its state before (None: new) and after (None: deleted).

    A draft that stays a draft touches nothing readers see. Becoming
    scheduled touches the listings it will join, so that HTTP caches fetch
    them again and learn how long they may keep them (until it comes due).
    """
    states = [state for state in (before, after) if state is not None]
    if not any(state.public or state.scheduled for state in states):
        return set()
    pk = states[0].pk
    keys = {f"article-{pk}", "sitemap"}
    for state in states:
        keys |= in_language({"search"}, state.language)
    if before is None or after is None or before.address() != after.address():
        keys |= {translations_key(state.translation_key) for state in states}
    moved = (
        before is None
        or after is None
        or before.placement() != after.placement()
        or before.scheduled != after.scheduled
    )
    if moved:
        for state in states:
            keys |= state.listing_keys()
    return keys


def schedule_changed(before, after):
    return any(state is not None and state.scheduled for state in (before, after))


# --- what changes on its own: scheduled articles, breaking news that ends --------------


def next_scheduled_change(now):
    """When the next scheduled article goes live or the breaking news bar ends, or None.

    One query: each time is its own small index scan (a scalar subquery), read
    beside the first row of the table (none: no article, nothing to come).
    """
    next_publication = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values("published_at")[:1]
    )
    next_breaking_end = (
        Article.objects.filter(breaking_until__gt=now).order_by("breaking_until").values("breaking_until")[:1]
    )
    row = list(
        Article.objects.order_by()
        .annotate(publication=Subquery(next_publication), breaking_end=Subquery(next_breaking_end))
        .values_list("publication", "breaking_end")[:1]
    )
    times = [moment for moment in (row[0] if row else ()) if moment is not None]
    return min(times, default=None)


def keys_due_between(start, end):
    """Everything that changes on its own between the two times."""
    keys = keys_published_between(start, end)
    if Article.objects.filter(breaking_until__gte=start, breaking_until__lte=end).exists():
        keys.add("breaking")
    return keys


def keys_published_between(start, end):
    """Everything that changes when the articles scheduled for this window go live."""
    due = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gte=start, published_at__lte=end
    ).values_list("pk", flat=True)
    keys = set()
    for state in article_states(due).values():
        keys |= {f"article-{state.pk}", "sitemap", translations_key(state.translation_key)}
        keys |= state.listing_keys() | in_language({"search"}, state.language)
    return keys
