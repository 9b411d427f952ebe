"""What the API shows of each object, and the queries that fetch it.

Every object is built from `Article.objects.published()` (and approved
comments) only, and from an explicit list of public fields: no user, email,
address, status or editor's note can reach an answer, whoever asks. Each
builder also records the freshness keys of what it shows (see
docs/freshness.md), so that the page cache drops the answer when one changes.
"""

from django.db.models import Prefetch, Q
from django.urls import reverse

from articles.freshness import card_keys
from articles.models import FAQ, Article, RelatedLink, Topic
from articles.structured_data import absolute_url, last_modified
from comments.models import Comment
from comments.thread import BY_STAFF, THREAD_FIELDS, ThreadComment, build_tree
from comments.views import comments_are_open
from newsportal import freshness


def public_articles():
    """Published articles with everything an article object shows, in a constant number of queries."""
    return (
        Article.objects.published()
        .select_related("author", "category", "topic")
        .with_bylines()
        .prefetch_related(
            Prefetch("tags", queryset=Topic.objects.order_by("name", "id")),
            Prefetch("faqs", queryset=FAQ.objects.order_by("position", "id")),
            Prefetch("related_links", queryset=RelatedLink.objects.order_by("position", "id")),
        )
    )


def with_topic(articles, topic):
    """Articles whose primary topic or one of whose tags is `topic`, without duplicates (no DISTINCT)."""
    tagged = Article.tags.through.objects.filter(topic=topic).values("article_id")
    return articles.filter(Q(topic=topic) | Q(pk__in=tagged))


def articles_in_order(ids):
    """The public articles `ids`, in that order (one page of ranked search results)."""
    by_id = {article.pk: article for article in public_articles().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _reference(obj, request):
    return {"id": obj.pk, "slug": obj.slug, "name": obj.name, "url": absolute_url(obj.get_absolute_url(), request)}


def category_data(category, request):
    freshness.shows(request, category)
    return {**_reference(category, request), "description": category.description}


def topic_data(topic, request):
    freshness.shows(request, topic)
    return _reference(topic, request)


def author_data(author, request):
    freshness.shows(request, author)
    avatar = absolute_url(author.avatar.url, request) if author.avatar else None
    return {**_reference(author, request), "bio": author.bio, "avatar": avatar}


def image_data(article, request):
    field = article.featured_image
    if not field:
        return None
    info = article.image_renditions or {}
    current = info.get("source") == field.name
    renditions = [
        {
            "url": absolute_url(field.storage.url(item["name"]), request),
            "width": item["width"],
            "height": item["height"],
        }
        for item in (info.get("renditions", []) if current else [])
    ]
    return {
        "url": absolute_url(field.url, request),
        "alt": article.image_alt,
        "width": info.get("width") if current else None,
        "height": info.get("height") if current else None,
        "renditions": sorted(renditions, key=lambda rendition: rendition["width"]),
    }


def article_data(article, request):
    """An article as the API shows it: the prefetched rows of public_articles() only."""
    topics = [article.topic] if article.topic_id else []
    topics += [tag for tag in article.tags.all() if tag.pk != article.topic_id]
    freshness.shows(request, *topics, keys=card_keys(article))
    return {
        "id": article.pk,
        "slug": article.slug,
        "url": absolute_url(article.get_absolute_url(), request),
        "title": article.title,
        "excerpt": article.excerpt,
        "body": article.body,
        "language": article.language,
        "published_at": article.published_at,
        "modified_at": last_modified(article),
        "author": _reference(article.author, request),
        "authors": [_reference(author, request) for author in article.authors],
        "category": _reference(article.category, request),
        "topic": _reference(article.topic, request) if article.topic_id else None,
        "tags": [_reference(topic, request) for topic in topics],
        "featured_image": image_data(article, request),
        "faqs": [{"question": faq.question, "answer": faq.answer} for faq in article.faqs.all()],
        "related_links": [
            {"title": link.title, "url": absolute_url(link.url, request)} for link in article.related_links.all()
        ],
        "editors_pick": article.is_editors_pick,
        "comments_open": comments_are_open(article),
        "comment_count": article.comment_count,
        "comments_url": absolute_url(reverse("api:article-comments", kwargs={"article_id": article.pk}), request),
    }


# --- comments ------------------------------------------------------------------


def approved_thread(article):
    """The approved comments of `article` as a tree (comments.thread's, one query): (roots, by_id)."""
    rows = (
        Comment.objects.filter(article=article)
        .approved()
        .oldest_first()
        .annotate(by_staff=BY_STAFF)
        .values_list(*THREAD_FIELDS)
    )
    return build_tree([ThreadComment(row) for row in rows])


def comment_data(comment, by_id, request):
    """A comment and its replies, without its email, address or anything else the commenter did not publish."""
    return {
        "id": comment.id,
        "parent": comment.parent_id if comment.parent_id in by_id else None,
        "author_name": comment.name,
        "author_url": comment.safe_website or None,
        "by_staff": bool(comment.by_staff),
        "featured": bool(comment.is_featured),
        "body": comment.body,
        "created_at": comment.created_at,
        "depth": comment.depth,
        "url": absolute_url(reverse("comments:permalink", kwargs={"pk": comment.id}), request),
        "replies": [comment_data(reply, by_id, request) for reply in comment.replies],
    }
