import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from importers.wordpress import WordPressImport
from importers.wxr import WxrError

SHOW_EVERY = 5  # seconds between two progress lines


class CountingReader:
    """A binary file that counts what has been read from it, for the progress line."""

    def __init__(self, raw):
        self.raw = raw
        self.bytes_read = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.bytes_read += len(data)
        return data


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, from Tools › Export): authors, categories, tags, posts with their "
        "slugs and dates, and threaded comments. All or nothing: one transaction. Running it again "
        "updates what it imported before and adds only what is new."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", metavar="EXPORT.xml", help="the WordPress export file")
        parser.add_argument(
            "--fallback-author", default="BBN Staff", help="author of posts that have none (default: BBN Staff)"
        )
        parser.add_argument(
            "--fallback-category",
            default="Uncategorized",
            help="category of posts that have none (default: Uncategorized, as in WordPress)",
        )
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, then roll back")

    def handle(self, *args, export, fallback_author, fallback_category, dry_run=False, verbosity=1, **options):
        path = Path(export)
        try:
            size = path.stat().st_size
            raw = path.open("rb")
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        self.size = size
        self.started = self.last_shown = time.monotonic()
        self.shown = None
        self.show_progress = verbosity >= 1
        importer = WordPressImport(
            fallback_author=fallback_author, fallback_category=fallback_category, progress=self.progress
        )
        try:
            with raw, transaction.atomic():
                report = importer.run(CountingReader(raw))
                if dry_run:
                    raise DryRun
        except WxrError as error:
            raise CommandError(f"{path}: refused, nothing was imported: {error}") from None
        except DryRun:
            report = importer.report
        self.write_report(path, report, dry_run=dry_run)

    def progress(self, report, bytes_read):
        if not self.show_progress or bytes_read is None:
            return
        now = time.monotonic()
        finished = bytes_read >= self.size
        if finished and self.shown == report.posts_read or not finished and now - self.last_shown < SHOW_EVERY:
            return
        self.last_shown, self.shown = now, report.posts_read
        share = f"{100 * bytes_read / self.size:5.1f}%" if self.size else "?"
        elapsed = time.monotonic() - self.started
        self.stderr.write(
            f"  {share}  {report.posts_read:,} items, {report.comments_read:,} comments read  ({elapsed:.0f} s)"
        )

    def write_report(self, path, report, *, dry_run):
        elapsed = time.monotonic() - self.started
        out = self.stdout.write
        heading = "Checked (dry run, nothing kept)" if dry_run else "Imported"
        out(f"{heading}: {path} from {report.site or 'an unnamed site'} in {elapsed:.1f} s")
        out(f"  items read: {report.posts_read:,} with {report.comments_read:,} comments")
        out(f"  authors:    {report.authors}")
        out(f"  categories: {report.categories}")
        out(f"  topics:     {report.topics}")
        kinds = ", ".join(f"{count:,} {kind}" for kind, count in sorted(report.article_kinds.items()))
        out(f"  articles:   {report.articles}" + (f" ({kinds})" if kinds else ""))
        statuses = ", ".join(f"{count:,} {status}" for status, count in sorted(report.comment_statuses.items()))
        out(f"  pages:      {report.pages}")
        out(f"  comments:   {report.comments}" + (f" ({statuses})" if statuses else ""))
        out(f"  skipped:    {len(report.skipped):,}")
        for what, reason in report.skipped:
            out(f"    {what}: {reason}")
        if report.notes:
            out(f"  notes:      {len(report.notes):,}")
            for note in report.notes:
                out(f"    {note}")
