"""Storing a parsed article page (article_page.py) as the article it was.

Everything is keyed so that importing the same page twice changes nothing:
the author, topic and category by slug, the article by its slug, the FAQs by
their text and order, each comment by (name, time, text) on its article. A
comment already there is left as it is, so a moderator's decision made here
since the last import stands.
"""

from dataclasses import dataclass, field
from datetime import UTC, timedelta
from html import escape

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator

from articles.freshness import article_states
from articles.models import FAQ, Article, Author, Category, Topic
from articles.sanitize import sanitize_body
from articles.services import articles_changed, translation_snapshot
from comments.models import Comment, comment_fingerprint
from comments.services import article_recount_comments
from newsportal import freshness

from .text import clip, make_slug

EXCERPT_WORDS = 55  # WordPress's own excerpt length


@dataclass
class ArticlePageResult:
    article: Article
    created: bool = False
    changed_fields: list = field(default_factory=list)
    created_objects: list = field(default_factory=list)  # "author Ethan Kim", …
    faqs_replaced: bool = False
    comments_added: int = 0
    comments_present: int = 0
    comments_skipped: list = field(default_factory=list)  # (PageComment, reason)
    notes: list = field(default_factory=list)

    @property
    def changed(self):
        return self.created or bool(self.changed_fields) or self.faqs_replaced or self.comments_added


def body_html(paragraphs):
    """The page's paragraphs as escaped HTML: text that looks like a tag stays text."""
    return "\n".join("<p>" + escape(paragraph, quote=False).replace("\n", "<br>") + "</p>" for paragraph in paragraphs)


def _named(model, name, created_objects, label, **defaults):
    """The row whose slug is the name's slug, created when missing."""
    slug = make_slug(name, max_length=100, fallback=label)
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        obj = model.objects.create(name=clip(name, 100), slug=slug, **defaults)
        created_objects.append(f"{label} “{obj.name}”")
        # A new category joins the menu.
        freshness.announce(obj, keys={"categories", "sitemap"})
    return obj


def category_named(name, created_objects):
    existing = Category.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    last = Category.objects.aggregate(last=Max("menu_order"))["last"]
    return _named(Category, name, created_objects, "category", menu_order=(last or 0) + 1)


def publication_time(page, *, published_at, existing, comment_times):
    """--published, else the date the article has already, else a minute
    before its earliest comment, else now."""
    if published_at is not None:
        return published_at
    if existing is not None:
        return existing.published_at
    if comment_times:
        return min(comment_times) - timedelta(minutes=1)
    return timezone.now()


class TranslationConflict(ValueError):
    """The page cannot join the translation it is said to be of."""


def article_page_import(
    page, *, slug=None, category_name="World", published_at=None, language=None, translation_of=None
):
    """Create or update the article of `page` in `language`; run it inside a transaction.

    With `translation_of` (an article in another language) the article joins
    that story's translations, as a translation made from it (so a later change
    of that article marks this one "source changed"). Raises TranslationConflict
    when the story has another article in `language` already.
    """
    language = language or settings.LANGUAGE_CODE
    slug = slug or make_slug(page.title, max_length=250)
    if not slug:
        slug = make_slug(page.title, max_length=250, fallback="article")
    created_objects = []
    tz = timezone.get_default_timezone()
    # In UTC: a local time in the hour repeated when clocks go back never
    # compares equal to the same moment read back from the database (PEP 495).
    comment_times = [timezone.make_aware(comment.written_at, tz).astimezone(UTC) for comment in page.comments]

    author = _named(Author, page.author, created_objects, "author")
    topic = _named(Topic, page.topic, created_objects, "topic")
    category = category_named(category_name, created_objects)

    existing = Article.objects.filter(language=language, slug=slug).first()
    if translation_of is not None:
        if translation_of.language == language:
            raise TranslationConflict(
                f"“{translation_of.slug}” is in {language} already: a translation is into another language."
            )
        other = Article.objects.filter(translation_key=translation_of.translation_key, language=language)
        if existing is not None:
            other = other.exclude(pk=existing.pk)
        other = other.first()
        if other is not None:
            raise TranslationConflict(
                f"“{translation_of.slug}” has a translation in {language} already: {other.get_absolute_url()}"
            )
    before = article_states([existing.pk]) if existing is not None else {}
    desired = {
        "title": clip(page.title, 250),
        "author_id": author.pk,
        "category_id": category.pk,
        "topic_id": topic.pk,
        "body": sanitize_body(body_html(page.paragraphs)),
        "status": Article.Status.PUBLISHED,
        "published_at": publication_time(
            page, published_at=published_at, existing=existing, comment_times=comment_times
        ),
    }
    if existing is None:
        article = Article(
            slug=slug,
            language=language,
            excerpt=Truncator(page.paragraphs[0]).words(EXCERPT_WORDS),
            **desired,
        )
        if translation_of is not None:
            link_translation(article, translation_of)
        article.save()
        result = ArticlePageResult(article=article, created=True)
    else:
        article = existing
        changed = [name for name, value in desired.items() if getattr(article, name) != value]
        for name in changed:
            setattr(article, name, desired[name])
        if not article.excerpt:
            article.excerpt = Truncator(page.paragraphs[0]).words(EXCERPT_WORDS)
            changed.append("excerpt")
        if translation_of is not None and article.translation_source_id != translation_of.pk:
            link_translation(article, translation_of)
            changed.append("translation_of")
        if changed:
            article.save()
        result = ArticlePageResult(article=article, changed_fields=changed)
    result.created_objects = created_objects

    wanted_faqs = [(clip(question, 300), answer) for question, answer in page.faqs]
    if [(faq.question, faq.answer) for faq in article.faqs.all()] != wanted_faqs:
        article.faqs.all().delete()
        FAQ.objects.bulk_create(
            FAQ(article=article, question=question, answer=answer, position=position)
            for position, (question, answer) in enumerate(wanted_faqs, start=1)
        )
        result.faqs_replaced = True

    _import_comments(article, page, comment_times, result)
    if result.changed:
        articles_changed([article.pk], before=before)
    if page.stated_comment_count and page.stated_comment_count != len(page.comments):
        result.notes.append(
            f"the page says {page.stated_comment_count} comments and shows {len(page.comments)} "
            "(the rest may be on another page of the thread)"
        )
    return result


def link_translation(article, source):
    """`article` becomes the translation of `source`, up to date with it as it is now."""
    article.translation_key = source.translation_key
    article.translation_source = source
    article.source_snapshot = translation_snapshot(source)
    article.source_changed = False


def _import_comments(article, page, comment_times, result):
    present = set(
        Comment.objects.filter(article=article, parent__isnull=True).values_list("name", "created_at", "body")
    )
    taken = set(Comment.objects.filter(article=article).values_list("fingerprint", flat=True))
    new = []
    for comment, written_at in zip(page.comments, comment_times, strict=True):
        name = clip(comment.name, 100)
        if (name, written_at, comment.body) in present:
            result.comments_present += 1
            continue
        fingerprint = comment_fingerprint(
            article_id=article.pk, parent_id=None, email="", user_id=None, body=comment.body
        )
        if fingerprint in taken:
            # Comment.fingerprint is unique per (article, parent, email, text);
            # a page has no emails, so two readers' identical words collide.
            result.comments_skipped.append((comment, "the same text as another comment without an email address"))
            continue
        taken.add(fingerprint)
        present.add((name, written_at, comment.body))
        new.append(
            Comment(
                article=article,
                name=name,
                body=comment.body,
                status=Comment.Status.APPROVED,
                created_at=written_at,
                fingerprint=fingerprint,
            )
        )
    Comment.objects.bulk_create(new)
    result.comments_added = len(new)
    if new or result.created:
        article_recount_comments([article.pk])
        article.refresh_from_db(fields=["comment_count"])
