"""`manage.py seed_demo`: a believable portal to look at, and bulk articles to load-test.

The demo content lives in `demo/content.py`. Running the command again
changes nothing: every row is found by its slug and written only when it
differs from the content, existing images are kept, and ids stay put.

The demo comments and newsroom accounts have commands of their own in this
app, `seed_demo_comments` and `seed_demo_accounts`, run after this one.
"""

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.freshness import article_states
from articles.images import article_make_renditions
from articles.models import FAQ, Article, Author, Category, LiveCoverage, LiveEntry, RelatedLink, Topic
from articles.sanitize import sanitize_body
from articles.services import (
    articles_changed,
    correction_add,
    live_coverage_start,
    live_entry_save,
    translation_snapshot,
    write_co_authors,
)
from demo import content as demo_content
from demo import translated_names as demo_names
from demo import translations as demo_translations
from demo.images import describe_featured_image, render_featured_image
from newsportal import freshness

BENCH_SLUG_PREFIX = "bench-"
BENCH_SLUG = re.compile(rf"^{BENCH_SLUG_PREFIX}(\d+)-")
# Demo articles are spread over the last three weeks; benchmark articles are
# older, so that they never push the demo stories off the front page.
DEMO_HOURS_APART = 15
BENCH_NEWEST = timedelta(days=22)
BENCH_SPAN_MINUTES = 3 * 365 * 24 * 60
SCHEDULED_AHEAD = timedelta(days=3)
CATEGORY_COLOURS = {category.slug: category.colour for category in demo_content.CATEGORIES}
CATEGORY_COLOUR_NAMES = {category.slug: category.colour_name for category in demo_content.CATEGORIES}


@dataclass
class SeedReport:
    """What a run did, for the one-line summary."""

    articles: Counter = field(default_factory=Counter)  # created / updated / unchanged
    other_rows: Counter = field(default_factory=Counter)  # categories, authors and topics
    images: int = 0
    renditions: int = 0
    corrections: int = 0
    live_entries: int = 0
    bench_created: int = 0
    bench_wanted: int = 0
    # What changed, to announce once the seed is done.
    changed_articles: list[int] = field(default_factory=list)
    changed_rows: list = field(default_factory=list)

    def summary(self):
        parts = [
            "Demo articles: {created} created, {updated} updated, {unchanged} unchanged".format_map(self.articles),
            "categories, authors and topics: {created} created, {updated} updated".format_map(self.other_rows),
            f"{self.images} images drawn",
            f"renditions made for {self.renditions}",
            f"{self.corrections} correction notes added",
            f"{self.live_entries} live entries added",
        ]
        if self.bench_wanted:
            parts.append(f"{self.bench_created} benchmark articles created ({self.bench_wanted} wanted)")
        totals = (
            f"{Article.objects.count()} articles, {Category.objects.count()} categories, "
            f"{Author.objects.count()} authors, {Topic.objects.count()} topics in all"
        )
        return f"{'; '.join(parts)}. {totals}."


def sync_row(model, lookup, values, report):
    """Get or create the row found by `lookup`; save it only if `values` differ."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.other_rows["created"] += 1
        report.changed_rows.append(obj)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        report.other_rows["updated"] += 1
        report.changed_rows.append(obj)
    return obj


class Command(BaseCommand):
    help = (
        "Load the demo portal (categories, authors, topics, articles with images, FAQs and links). "
        "Safe to run again. --articles N also makes sure N synthetic articles exist for benchmarks."
    )
    bench_batch_size = 2000

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help="Also make sure N synthetic published articles (slugs bench-<n>-…) exist, for load tests.",
        )

    def handle(self, *args, **options):
        if options["articles"] < 0:
            raise CommandError("--articles must be 0 or more.")
        report = SeedReport()
        with transaction.atomic():
            slugs = [item.slug for item in demo_content.ARTICLES]
            slugs += [demo_content.DRAFT_ARTICLE.slug, demo_content.SCHEDULED_ARTICLE.slug]
            slugs += [item.slug for item in demo_translations.TRANSLATIONS]
            before = article_states(Article.objects.filter(slug__in=slugs).values_list("pk", flat=True))
            self.seed(options, report)
            # Announced as services do (articles/services.py): pages showing what changed are dropped.
            articles_changed(report.changed_articles, before=before)
            freshness.announce(*report.changed_rows, keys={"categories", "sitemap"} if report.changed_rows else ())
        self.stdout.write(report.summary())

    def seed(self, options, report):
        """Sections, authors and topics first, then the articles that point to them."""
        self.now = timezone.now()
        self.categories = {
            item.slug: sync_row(
                Category,
                {"slug": item.slug},
                {
                    "name": item.name,
                    "description": item.description,
                    "menu_order": position,
                    **demo_names.category_fields(item.slug),
                },
                report,
            )
            for position, item in enumerate(demo_content.CATEGORIES, start=1)
        }
        self.categories_by_pk = {category.pk: slug for slug, category in self.categories.items()}
        self.authors = {
            item.slug: sync_row(
                Author,
                {"slug": item.slug},
                {"name": item.name, "bio": item.bio, **demo_names.author_fields(item.slug)},
                report,
            )
            for item in demo_content.AUTHORS
        }
        every_article = (*demo_content.ARTICLES, demo_content.DRAFT_ARTICLE, demo_content.SCHEDULED_ARTICLE)
        topic_names = dict.fromkeys(name for item in every_article for name in (item.topic, *item.tags))
        self.topics = {
            name: sync_row(Topic, {"slug": slugify(name)}, {"name": name, **demo_names.topic_fields(name)}, report)
            for name in topic_names
        }

        for position, item in enumerate(self.publication_order(demo_content.ARTICLES)):
            rng = random.Random(item.slug)
            hours_ago = 2 + position * DEMO_HOURS_APART + rng.randint(0, DEMO_HOURS_APART - 4)
            published_at = self.now - timedelta(hours=hours_ago, minutes=rng.randint(0, 59))
            self.sync_article(item, report, status=Article.Status.PUBLISHED, when=published_at)
        draft, scheduled = demo_content.DRAFT_ARTICLE, demo_content.SCHEDULED_ARTICLE
        self.sync_article(draft, report, status=Article.Status.DRAFT, when=self.now - timedelta(hours=1))
        self.sync_article(
            scheduled, report, status=Article.Status.PUBLISHED, when=self.now + SCHEDULED_AHEAD, keep_in_future=True
        )

        for item in demo_translations.TRANSLATIONS:
            # A site read in fewer languages (DJANGO_LANGUAGES) gets only the translations it shows.
            if item.language in dict(settings.LANGUAGES):
                self.sync_translation(item, report)

        self.seed_corrections(report)
        self.seed_live_coverage(report)
        if options["articles"]:
            self.seed_bench_articles(options["articles"], report)

    @staticmethod
    def seed_corrections(report):
        """The demo's correction notes, through the service as an editor adds them; an article that has
        notes gets no more (a note is never rewritten or deleted, only withdrawn)."""
        for item in demo_content.CORRECTIONS:
            article = Article.objects.published().filter(language=settings.LANGUAGE_CODE, slug=item.article).first()
            if article is None or article.corrections.exists():
                continue
            correction_add(article=article, text=item.text, kind=item.kind, placement=item.placement)
            report.corrections += 1

    def seed_live_coverage(self, report):
        """The demo's live story, through the services as editors post it; once it is covered live it is
        left as the newsroom has it (their entries, or its coverage ended)."""
        item = demo_content.LIVE_COVERAGE
        article = Article.objects.published().filter(slug=item.article).first()
        if article is None or LiveCoverage.objects.filter(article=article).exists():
            return
        live_coverage_start(articles=[article], started_at=self.now - timedelta(minutes=item.started_minutes_ago))
        for minutes_ago, key_event, text in item.entries:
            entry = LiveEntry(
                article=article,
                text=text,
                is_key_event=key_event,
                created_at=self.now - timedelta(minutes=minutes_ago),
            )
            live_entry_save(entry=entry)
            report.live_entries += 1

    @staticmethod
    def publication_order(articles):
        """Newest first, one story per section in turn, so every section shows on the front page."""
        by_category = {}
        for item in articles:
            by_category.setdefault(item.category, []).append(item)
        queues = list(by_category.values())
        order = []
        while any(queues):
            order.extend(queue.pop(0) for queue in queues if queue)
        return order

    def sync_article(self, item, report, *, status, when, keep_in_future=False):
        """Create or update one demo article with its image, tags, FAQs and links.

        The publication time is set when the article is created and kept
        afterwards, so the portal's dates do not move on every run; only the
        scheduled article is pushed forward again once its time has passed,
        so that the demo always has one.
        """
        values = {
            "title": item.title,
            "category_id": self.categories[item.category].pk,
            "author_id": self.authors[item.author].pk,
            "topic_id": self.topics[item.topic].pk,
            "excerpt": item.excerpt,
            "body": sanitize_body("".join(f"<p>{paragraph}</p>" for paragraph in item.paragraphs)),
            "status": status,
            "is_editors_pick": item.editors_pick,
            "featured_image_alt": describe_featured_image(item.slug, CATEGORY_COLOUR_NAMES[item.category]),
            "comments_open": True,
        }
        article = Article.objects.filter(language=settings.LANGUAGE_CODE, slug=item.slug).first()
        created = article is None
        if created:
            article = Article(slug=item.slug, published_at=when, **values)
            changed = True
        else:
            changed = self.apply_values(article, values)
            if keep_in_future and article.published_at <= self.now:
                article.published_at = when
                changed = True
        self.write_article(
            article,
            item,
            report,
            created=created,
            changed=changed,
            picture=(item.slug, CATEGORY_COLOURS[item.category]),
            tags={self.topics[name].pk for name in item.tags},
            co_authors=[self.authors[slug] for slug in item.co_authors],
        )

    def sync_translation(self, item, report):
        """Create or update one demo translation, linked to its English article, published after it.

        Its picture is the English article's, drawn again into a file of its
        own (replacing one article's picture never deletes another's).
        """
        source = Article.objects.get(language=settings.LANGUAGE_CODE, slug=item.source)
        snapshot = translation_snapshot(source)
        if item.translated_from:
            snapshot["title"] = item.translated_from["title"]
            paragraphs = re.findall(r"<p>.*?</p>", snapshot["body"], flags=re.DOTALL)
            del paragraphs[item.translated_from["drop_paragraph"]]
            snapshot["body"] = "".join(paragraphs)
        values = {
            "title": item.title,
            "category_id": source.category_id,
            "author_id": source.author_id,
            "topic_id": source.topic_id,
            "excerpt": item.excerpt,
            "body": sanitize_body("".join(f"<p>{paragraph}</p>" for paragraph in item.paragraphs)),
            "status": Article.Status.PUBLISHED,
            "featured_image_alt": item.image_alt,
            "comments_open": True,
            "translation_key": source.translation_key,
            "translation_source_id": source.pk,
            "source_snapshot": snapshot,
            "source_changed": item.translated_from is not None,
        }
        article = Article.objects.filter(language=item.language, slug=item.slug).first()
        created = article is None
        if created:
            published_at = min(source.published_at + timedelta(hours=2), self.now - timedelta(minutes=5))
            article = Article(language=item.language, slug=item.slug, published_at=published_at, **values)
            changed = True
        else:
            changed = self.apply_values(article, values)
        self.write_article(
            article,
            item,
            report,
            created=created,
            changed=changed,
            picture=(item.source, CATEGORY_COLOURS[self.categories_by_pk[source.category_id]]),
            tags=set(source.tags.values_list("pk", flat=True)),
        )

    @staticmethod
    def apply_values(article, values):
        """Set the fields that differ from `values`; True if any did."""
        changed = False
        for name, value in values.items():
            if getattr(article, name) != value:
                setattr(article, name, value)
                changed = True
        return changed

    def write_article(self, article, item, report, *, created, changed, picture, tags, co_authors=None):
        """Save a demo article (its picture drawn when its file is missing), then its topics, co-authors
        (None: left as they are), FAQs and links, and count it as created, updated or unchanged."""
        image = article.featured_image
        if not image or not image.storage.exists(image.name):
            image.save(f"{item.slug}.jpg", ContentFile(render_featured_image(*picture)), save=False)
            report.images += 1
            changed = True
        if changed:
            article.save()
        if article_make_renditions(article):
            report.renditions += 1
            changed = True
        if created or set(article.tags.values_list("pk", flat=True)) != tags:
            article.tags.set(tags)
            changed = True
        if co_authors is not None:
            changed |= write_co_authors(article, co_authors)
        changed |= self.sync_children(article.faqs, FAQ, ("question", "answer"), item.faqs, article, created)
        changed |= self.sync_children(
            article.related_links, RelatedLink, ("title", "url"), item.links, article, created
        )
        report.articles["created" if created else "updated" if changed else "unchanged"] += 1
        if changed:
            report.changed_articles.append(article.pk)

    @staticmethod
    def sync_children(manager, model, fields, rows, article, created):
        """Replace an article's FAQs or links when they differ from `rows`; True if it did."""
        wanted = [(*row, position) for position, row in enumerate(rows, start=1)]
        if not created and list(manager.values_list(*fields, "position")) == wanted:
            return False
        manager.all().delete()
        model.objects.bulk_create(
            model(article=article, position=position, **dict(zip(fields, row, strict=True)))
            for *row, position in wanted
        )
        return True

    def seed_bench_articles(self, wanted, report):
        """Make sure `wanted` synthetic articles exist, inserted in batches.

        Each number n always gives the same title and slug, so a second run
        finds the ones already there and inserts only the missing numbers.
        Their bodies are built from our own word lists, so they skip the
        sanitiser, which only `Article.save()` would run.
        """
        existing = {
            int(match.group(1))
            for slug in Article.objects.filter(slug__startswith=BENCH_SLUG_PREFIX).values_list("slug", flat=True)
            if (match := BENCH_SLUG.match(slug))
        }
        missing = [n for n in range(1, wanted + 1) if n not in existing]
        pools = [list(self.categories.values()), list(self.authors.values()), list(self.topics.values())]
        for start in range(0, len(missing), self.bench_batch_size):
            batch = [self.bench_article(n, *pools) for n in missing[start : start + self.bench_batch_size]]
            Article.objects.bulk_create(batch)
            FAQ.objects.bulk_create(
                FAQ(article_id=article.pk, question=question, answer=answer, position=position)
                for article in batch
                for position, (question, answer) in enumerate(demo_content.BENCH_QUESTIONS, start=1)
            )
            report.changed_articles.extend(article.pk for article in batch)
        report.bench_created = len(missing)
        report.bench_wanted = wanted

    def bench_article(self, n, categories, authors, topics):
        """The synthetic article number n: its title and slug depend on n alone."""
        rng = random.Random(n)
        place = rng.choice(demo_content.BENCH_PLACES)
        title = (
            f"{place} {rng.choice(demo_content.BENCH_ACTORS).lower()} {rng.choice(demo_content.BENCH_VERBS)} "
            f"{rng.choice(demo_content.BENCH_OBJECTS)}"
        )
        sentences = demo_content.BENCH_SENTENCES
        paragraphs = [" ".join(rng.sample(sentences, 3)) for _ in range(6)]
        return Article(
            title=title,
            slug=f"{BENCH_SLUG_PREFIX}{n}-{slugify(title)}",
            category=categories[n % len(categories)],
            author=authors[n % len(authors)],
            topic=rng.choice(topics),
            excerpt=paragraphs[0],
            body="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
            status=Article.Status.PUBLISHED,
            published_at=self.now - BENCH_NEWEST - timedelta(minutes=rng.randrange(BENCH_SPAN_MINUTES)),
        )
