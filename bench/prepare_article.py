"""Make sure the benchmark's article exists with N approved comments; print its address.

python bench/prepare_article.py 200
"""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.db import connection  # noqa: E402

from articles.models import Article  # noqa: E402
from demo.comments import seed_demo_comments  # noqa: E402

SLUG = "bench-breaking-story-with-a-long-thread"


def main(comments):
    template = Article.objects.published().exclude(slug__startswith="bench-").order_by("-published_at").first()
    article, _ = Article.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Breaking: storm closes the harbour as crews work through the night",
            "author": template.author,
            "category": template.category,
            "topic": template.topic,
            "excerpt": template.excerpt,
            "body": template.body,
            "status": Article.Status.PUBLISHED,
            "published_at": template.published_at,
        },
    )
    seed_demo_comments([article], per_article=comments)
    if connection.vendor == "postgresql":
        # Fresh bulk inserts leave the planner without statistics until autovacuum comes by.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(article.get_absolute_url())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
