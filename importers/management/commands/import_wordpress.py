import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.images import ImageError, image_writes
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

    def seek(self, position):
        """Back to the start for the second pass over the file (with --uploads)."""
        self.bytes_read = position
        return self.raw.seek(position)


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
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="a copy of the old site's wp-content/uploads folder: attachments become media files, featured "
            "images and the pictures, sound and video in bodies come with them",
        )
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, then roll back")

    def handle(
        self, *args, export, fallback_author, fallback_category, uploads=None, dry_run=False, verbosity=1, **options
    ):
        if uploads is not None and not Path(uploads).is_dir():
            raise CommandError(f"--uploads {uploads}: no such folder")
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
            fallback_author=fallback_author,
            fallback_category=fallback_category,
            progress=self.progress,
            uploads=uploads,
        )
        try:
            # Files written by a run that does not commit (an error, a dry run) are deleted again.
            with raw, image_writes(), transaction.atomic():
                report = importer.run(CountingReader(raw))
                if dry_run:
                    raise DryRun
        except WxrError as error:
            raise CommandError(f"{path}: refused, nothing was imported: {error}") from None
        except ImageError as error:
            raise CommandError(f"{path}: a file could not be stored, nothing was imported: {error}") from None
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
        out(f"  media:      {report.media}")
        out(f"  featured:   {report.featured_images}")
        out(f"  old addresses (301): {report.old_addresses}")
        out(f"  comments:   {report.comments}" + (f" ({statuses})" if statuses else ""))
        out(f"  skipped:    {len(report.skipped):,}")
        for what, reason in report.skipped:
            out(f"    {what}: {reason}")
        if report.pictures_not_brought:
            out(f"  pictures, sound and video not brought: {len(report.pictures_not_brought):,}")
            for what, reason in report.pictures_not_brought:
                out(f"    {what}: {reason}")
        if report.unknown_shortcodes:
            out(f"  unknown shortcodes, left as text: {len(report.unknown_shortcodes):,}")
            for name, post_ids in sorted(report.unknown_shortcodes.items()):
                shown = ", ".join(str(n) for n in sorted(set(post_ids))[:20])
                more = f" and {len(set(post_ids)) - 20} more" if len(set(post_ids)) > 20 else ""
                out(f"    [{name}] in post {shown}{more}")
        if report.notes:
            out(f"  notes:      {len(report.notes):,}")
            for note in report.notes:
                out(f"    {note}")
