"""Small dependency-free factories: each call makes one saved object."""

import io
import itertools
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import FAQ, Article, Author, Category, RelatedLink, Topic

_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def make_author(**fields):
    n = _next()
    fields.setdefault("name", f"Author {n}")
    fields.setdefault("slug", f"author-{n}")
    fields.setdefault("bio", "Writes about the world.")
    return Author.objects.create(**fields)


def make_category(**fields):
    n = _next()
    fields.setdefault("name", f"Category {n}")
    fields.setdefault("slug", f"category-{n}")
    fields.setdefault("menu_order", n)
    return Category.objects.create(**fields)


def make_topic(**fields):
    n = _next()
    fields.setdefault("name", f"Topic {n}")
    fields.setdefault("slug", f"topic-{n}")
    return Topic.objects.create(**fields)


def make_article(**fields):
    """A published article, live since an hour ago, unless told otherwise."""
    n = _next()
    fields.setdefault("title", f"Article number {n}")
    fields.setdefault("slug", f"article-{n}")
    if "author" not in fields:
        fields["author"] = make_author()
    if "category" not in fields:
        fields["category"] = make_category()
    fields.setdefault("excerpt", f"The excerpt of article {n}.")
    fields.setdefault("body", f"<p>The body of article {n}.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(hours=1, minutes=n))
    return Article.objects.create(**fields)


def make_draft(**fields):
    return make_article(status=Article.Status.DRAFT, **fields)


def make_scheduled(**fields):
    fields.setdefault("published_at", timezone.now() + timedelta(days=1))
    return make_article(**fields)


def make_faq(article, **fields):
    n = _next()
    fields.setdefault("question", f"Question {n}?")
    fields.setdefault("answer", f"Answer {n}.")
    fields.setdefault("position", n)
    return FAQ.objects.create(article=article, **fields)


def make_related_link(article, **fields):
    n = _next()
    fields.setdefault("title", f"Further reading {n}")
    fields.setdefault("url", f"https://example.org/reading-{n}")
    fields.setdefault("position", n)
    return RelatedLink.objects.create(article=article, **fields)


def image_upload(name="photo.jpg", size=(120, 68)):
    """A small real JPEG, for a featured image (save it under a temporary MEDIA_ROOT)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "#c8102e").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
