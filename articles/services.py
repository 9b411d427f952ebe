"""Every change to articles, authors, categories and topics goes through here.

The admin, the importers and the management commands call these functions;
each runs in one transaction and announces, after it commits, exactly what
it changed (articles/freshness.py says which keys that is), so every cached
page and HTTP cache that shows it is dropped at once.
"""

from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from newsportal import freshness

from .freshness import article_states, change_keys, schedule_changed
from .images import article_make_renditions, article_store_image, image_writes
from .models import Article


def _announce_article_changes(before, after):
    """`before` and `after` map article ids to their ArticleState (missing: new, or deleted)."""
    keys, schedule = set(), False
    for pk in before.keys() | after.keys():
        old, new = before.get(pk), after.get(pk)
        keys |= change_keys(old, new)
        schedule = schedule or schedule_changed(old, new)
    freshness.announce(keys=keys, schedule_changed=schedule)


def article_save(*, article, save_related=None):
    """Create or update an article, with what `save_related()` saves beside it, as one change.

    `save_related` saves what belongs to the article (the admin's FAQs,
    links and topics); the image's renditions are made before the change is
    announced, so no reader sees the article without them.

    A picture that cannot be stored (a full disk) raises images.ImageStorageError
    with nothing saved and none of the attempt's files left; the pictures
    the article had stay in place until their replacements have committed.
    """
    with image_writes(), transaction.atomic():
        before = article_states([article.pk]) if article.pk else {}
        article_store_image(article)
        article.save()
        if save_related is not None:
            save_related()
        article_make_renditions(article)
        _announce_article_changes(before, article_states([article.pk]))
    return article


def _update_articles(articles, **changes):
    with transaction.atomic():
        ids = list(articles.values_list("pk", flat=True))
        before = article_states(ids)
        count = Article.objects.filter(pk__in=ids).update(**changes)
        _announce_article_changes(before, article_states(ids))
    return count


def article_publish(*, articles):
    """Publish these articles: now, or at their publication time when it is in the future (scheduled).

    A past publication time (when the draft was started) becomes now;
    articles already published keep theirs. Returns how many changed.
    """
    now = timezone.now()
    return _update_articles(
        articles.exclude(status=Article.Status.PUBLISHED),
        status=Article.Status.PUBLISHED,
        published_at=Case(When(published_at__lt=now, then=Value(now)), default=F("published_at")),
    )


def article_unpublish(*, articles):
    """Back to draft: gone from every page, feed and sitemap at once."""
    return _update_articles(articles.exclude(status=Article.Status.DRAFT), status=Article.Status.DRAFT)


def article_set_editors_pick(*, articles, value):
    return _update_articles(articles.exclude(is_editors_pick=value), is_editors_pick=value)


def article_delete(*, articles):
    """Delete these articles (their FAQs and links with them). Returns how many."""
    with transaction.atomic():
        ids = list(articles.values_list("pk", flat=True))
        before = article_states(ids)
        count, _per_model = Article.objects.filter(pk__in=ids).delete()
        _announce_article_changes(before, {})
    return len(ids) if count else 0


def articles_changed(article_ids, *, before=None):
    """Announce articles that a bulk writer (an import, the demo seed) created or changed.

    Such writers use bulk inserts for speed; they call this inside their
    transaction with the ids they touched and, where they know it, the
    states from `article_states()` before they started.
    """
    article_ids = list(article_ids)
    if article_ids:
        _announce_article_changes(before or {}, article_states(article_ids))


def article_remake_renditions(*, article, force=False):
    """Remake an article's image renditions (a command that repairs them); announced when they changed."""
    with image_writes(), transaction.atomic():
        if article_make_renditions(article, force=force):
            freshness.announce(article)


# --- authors, categories, topics -------------------------------------------------


def author_save(*, author):
    with transaction.atomic():
        author.save()
        freshness.announce(author, keys={"sitemap"})
    return author


def author_delete(*, authors):
    """Authors with articles are protected by the database (their articles must move first)."""
    with transaction.atomic():
        for author in authors:
            freshness.announce(author, keys={"sitemap"})
        return authors.delete()


def category_save(*, category):
    with transaction.atomic():
        category.save()
        # The menu lists categories in their menu position.
        freshness.announce(category, keys={"categories", "sitemap"})
    return category


def category_delete(*, categories):
    with transaction.atomic():
        for category in categories:
            freshness.announce(category, keys={"categories", "sitemap"})
        return categories.delete()


def topic_save(*, topic):
    with transaction.atomic():
        topic.save()
        freshness.announce(topic, keys={"sitemap"})
    return topic


def topic_delete(*, topics):
    """A deleted topic leaves the articles that had it: their pages and the topic's listings change."""
    with transaction.atomic():
        topic_ids = [topic.pk for topic in topics]
        articles = Article.objects.filter(Q(topic__in=topic_ids) | Q(tags__in=topic_ids)).distinct()
        keys = {f"article-{pk}" for pk in articles.values_list("pk", flat=True)}
        keys |= {f"list-topic-{pk}" for pk in topic_ids} | {"sitemap", "search"}
        for topic in topics:
            freshness.announce(topic, keys=keys)
        return topics.delete()
