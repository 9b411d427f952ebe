from django.conf import settings
from django.core.management.base import BaseCommand

from articles.models import Article
from demo.comments import seed_demo_comments


class Command(BaseCommand):
    help = (
        "Give every published article threaded, approved demo comments (once: running it again adds nothing). "
        "Run after seed_demo, which makes the articles."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--comments-per-article",
            type=int,
            default=None,
            metavar="N",
            help="N comments per article (for large data sets) instead of a short thread",
        )

    def handle(self, *args, comments_per_article=None, **options):
        if comments_per_article is not None and comments_per_article < 0:
            self.stderr.write("--comments-per-article must be 0 or more.")
            return
        # The demo's readers write in English: the translations' threads start empty.
        articles = Article.objects.published().in_language(settings.LANGUAGE_CODE)
        created = seed_demo_comments(articles, per_article=comments_per_article)
        self.stdout.write(f"{created} demo comments added.")
