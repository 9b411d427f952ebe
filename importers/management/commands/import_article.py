from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from articles.models import Article
from importers.article_import import TranslationConflict, article_page_import
from importers.article_page import PageFormatError, parse_article_page
from importers.text import SLUG


def aware_time(value):
    """--published as "2023-06-17 09:30" or "2023-06-17" (site time zone) or ISO 8601 with an offset."""
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = None if day is None else datetime(day.year, day.month, day.day)
    except ValueError:
        moment = None
    if moment is None:
        raise CommandError(f"--published {value!r} is not a date: use e.g. 2023-06-17 or 2023-06-17 09:30")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment.astimezone(UTC)  # comparable with the stored time, even in the hour clocks go back


class Command(BaseCommand):
    help = (
        "Import article pages of the old site saved as text: the title, author, topic, body, FAQs and "
        "comments of each become a published article. Running it again on the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="article pages saved as text (UTF-8)")
        parser.add_argument("--category", default="World", help="the category of the articles (default: World)")
        parser.add_argument(
            "--published",
            metavar="WHEN",
            help="publication time, e.g. 2023-06-17 09:30 (site time zone); by default a minute before "
            "the earliest comment, else now; an article already imported keeps its time",
        )
        parser.add_argument("--slug", help="the article's address (/<slug>/) when it is not the slugified title")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help=f"the language the page is written in, one of {', '.join(code for code, _ in settings.LANGUAGES)} "
            f"(default: {settings.LANGUAGE_CODE})",
        )
        parser.add_argument(
            "--translation-of",
            metavar="SLUG",
            help="the slug of the article (in another language) this page is a translation of",
        )

    def handle(self, *args, files, category, published=None, slug=None, language=None, translation_of=None, **options):
        language = self.site_language(language)
        source = self.source_article(translation_of, language) if translation_of else None
        if source is not None and len(files) > 1:
            raise CommandError("--translation-of names the original of one article: give one FILE with it.")
        if slug and len(files) > 1:
            raise CommandError("--slug names the address of one article: give one FILE with it.")
        if slug is not None and not SLUG.match(slug):
            raise CommandError(f"--slug {slug!r} is not a slug: letters, digits, - and _ only.")
        published_at = aware_time(published) if published else None
        if len(files) == 1:
            self.import_file(
                Path(files[0]),
                category_name=category,
                published_at=published_at,
                slug=slug,
                language=language,
                translation_of=source,
            )
            return
        refused = 0
        for name in files:
            try:
                self.import_file(
                    Path(name), category_name=category, published_at=published_at, slug=slug, language=language
                )
            except CommandError as error:
                refused += 1
                self.stderr.write(self.style.ERROR(str(error)))
        if refused:
            raise CommandError(f"{refused} of {len(files)} files refused (nothing of those was imported).")

    @staticmethod
    def site_language(language):
        names = dict(settings.LANGUAGES)
        if language not in names:
            raise CommandError(
                f"--language {language!r} is not a language of the site: use one of {', '.join(names)}."
            )
        return language

    @staticmethod
    def source_article(slug, language):
        """The original a translation is of: an article in another language with that slug, the default's first."""
        candidates = {article.language: article for article in Article.objects.filter(slug=slug)}
        if not candidates:
            raise CommandError(f"--translation-of {slug!r}: no article has this slug.")
        others = {code: article for code, article in candidates.items() if code != language}
        if not others:
            raise CommandError(
                f"--translation-of {slug!r} is in the same language as the page ({language}): "
                "a translation is of an article in another language."
            )
        return others.get(settings.LANGUAGE_CODE) or next(iter(others.values()))

    def import_file(self, path, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except UnicodeDecodeError as error:
            line = path.read_bytes()[: error.start].count(b"\n") + 1
            raise CommandError(f"{path}, line {line}: not UTF-8 text") from None
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            page = parse_article_page(text)
        except PageFormatError as error:
            raise CommandError(f"{path}, line {error.line}: not an article page: {error.message}") from None
        try:
            with transaction.atomic():
                result = article_page_import(page, **options)
        except TranslationConflict as error:
            raise CommandError(f"{path}: {error}") from None
        self.report(path, result)

    def report(self, path, result):
        article = result.article
        if result.created:
            verb = "created"
        elif result.changed:
            verb = "updated"
        else:
            verb = "unchanged"
        when = timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M")
        self.stdout.write(
            f"{path}: {verb} article “{article.title}” at {article.get_absolute_url()} (published {when})"
        )
        if result.changed_fields:
            self.stdout.write(f"  changed: {', '.join(sorted(result.changed_fields))}")
        for created in result.created_objects:
            self.stdout.write(f"  created {created}")
        faqs = article.faqs.count()
        self.stdout.write(
            f"  {len(article.body.split('</p>')) - 1} paragraphs, {faqs} FAQs"
            f"{' (replaced)' if result.faqs_replaced and not result.created else ''}, "
            f"comments: {result.comments_added} added, {result.comments_present} already there, "
            f"{len(result.comments_skipped)} skipped"
        )
        for comment, reason in result.comments_skipped:
            self.stdout.write(f"  skipped the comment by “{comment.name}” (line {comment.line}): {reason}")
        for note in result.notes:
            self.stdout.write(f"  note: {note}")
