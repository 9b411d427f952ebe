from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from importers.article_import import article_page_import
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

    def handle(self, *args, files, category, published=None, slug=None, **options):
        if slug and len(files) > 1:
            raise CommandError("--slug names the address of one article: give one FILE with it.")
        if slug is not None and not SLUG.match(slug):
            raise CommandError(f"--slug {slug!r} is not a slug: letters, digits, - and _ only.")
        published_at = aware_time(published) if published else None
        if len(files) == 1:
            self.import_file(Path(files[0]), category_name=category, published_at=published_at, slug=slug)
            return
        refused = 0
        for name in files:
            try:
                self.import_file(Path(name), category_name=category, published_at=published_at, slug=slug)
            except CommandError as error:
                refused += 1
                self.stderr.write(self.style.ERROR(str(error)))
        if refused:
            raise CommandError(f"{refused} of {len(files)} files refused (nothing of those was imported).")

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
        with transaction.atomic():
            result = article_page_import(page, **options)
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
