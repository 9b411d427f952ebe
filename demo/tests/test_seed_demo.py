import io
import shutil
import tempfile
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import resolve
from django.utils import timezone
from django.utils.translation import get_language_from_path, override
from PIL import Image

from articles.models import (
    FAQ,
    Article,
    Author,
    Category,
    Correction,
    LiveCoverage,
    LiveEntry,
    RelatedLink,
    Topic,
    validate_link_target,
)
from articles.services import source_changes
from demo import content as demo_content
from demo import translations as demo_translations
from demo.images import render_featured_image

CLASS_MEDIA_ROOT = tempfile.mkdtemp(prefix="seed-demo-media-")


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@override_settings(MEDIA_ROOT=CLASS_MEDIA_ROOT)
class SeededPortalTests(TestCase):
    """What one run of `seed_demo` leaves in an empty database."""

    @classmethod
    def setUpTestData(cls):
        cls.addClassCleanup(shutil.rmtree, CLASS_MEDIA_ROOT, ignore_errors=True)
        cls.output = seed()

    def test_the_summary_is_one_line_with_what_was_created(self):
        assert self.output.count("\n") == 1
        # 34 English articles and 8 translations.
        assert "Demo articles: 42 created, 0 updated, 0 unchanged" in self.output

    def test_categories_come_in_menu_order_with_a_description_each(self):
        categories = list(Category.objects.all())
        assert [category.slug for category in categories] == [
            "politics", "world", "business", "sports", "entertainment", "health",
        ]  # fmt: skip
        assert all(category.description for category in categories)

    def test_five_authors_with_bios_one_a_guest_contributor(self):
        authors = Author.objects.all()
        assert authors.count() == 5
        assert all(author.bio for author in authors)
        assert "guest" in Author.objects.get(slug="selin-aydemir").bio  # seed_demo_accounts links no one to her

    def test_a_few_articles_have_co_authors_one_of_them_a_guest(self):
        bylines = {
            article.slug: [author.slug for author in article.authors]
            for article in Article.objects.with_bylines().select_related("author")
            if len(article.authors) > 1
        }
        assert bylines == {
            "foreign-minister-visits-estravia-water-dispute": ["tomas-ferreira", "nadia-calloway"],
            "port-calder-container-backlog-eases": ["iris-okafor", "tomas-ferreira"],
            "island-nations-press-for-binding-ocean-targets": ["tomas-ferreira", "selin-aydemir"],
        }

    def test_sections_topics_and_bios_have_their_spanish_french_and_arabic_names(self):
        for language in ("es", "fr", "ar"):
            for category in Category.objects.all():
                assert getattr(category, f"name_{language}") and getattr(category, f"description_{language}")
            assert all(getattr(author, f"bio_{language}") for author in Author.objects.all())
            assert all(getattr(topic, f"name_{language}") for topic in Topic.objects.all())
        assert Category.objects.get(slug="politics").name_ar == "سياسة"

    def test_at_least_thirty_public_articles_and_four_in_every_category(self):
        public = Article.objects.published()
        assert public.count() >= 30
        for category in Category.objects.all():
            assert public.filter(category=category).count() >= 4, category.slug

    def test_one_published_article_carries_a_correction_note(self):
        note = Correction.objects.get()
        assert note.article.slug == demo_content.CORRECTIONS[0].article and note.article.is_public
        assert "<em>three</em>" in note.text and note.withdrawn_at is None
        assert "1 correction notes added" in self.output

    def test_one_published_article_is_covered_live_with_key_events(self):
        coverage = LiveCoverage.objects.get()
        assert coverage.article.slug == demo_content.LIVE_COVERAGE.article and coverage.article.is_public
        assert coverage.is_live
        entries = LiveEntry.objects.filter(article=coverage.article)
        assert entries.count() == len(demo_content.LIVE_COVERAGE.entries)
        assert entries.filter(is_key_event=True).count() == 3
        assert all(entry.created_at >= coverage.started_at for entry in entries)
        assert f"{entries.count()} live entries added" in self.output
        page = self.client.get(coverage.article.get_absolute_url()).content.decode()
        assert 'id="live"' in page and "Key events" in page

    def test_the_draft_and_the_scheduled_article_are_not_public(self):
        draft = Article.objects.get(slug=demo_content.DRAFT_ARTICLE.slug)
        scheduled = Article.objects.get(slug=demo_content.SCHEDULED_ARTICLE.slug)

        assert draft.status == Article.Status.DRAFT
        assert scheduled.status == Article.Status.PUBLISHED
        assert scheduled.published_at > timezone.now() + timedelta(days=2)
        public_slugs = set(Article.objects.published().values_list("language", "slug"))
        assert draft.slug not in public_slugs
        assert scheduled.slug not in public_slugs

    def test_public_articles_were_published_over_the_last_three_weeks(self):
        now = timezone.now()
        times = list(Article.objects.published().values_list("published_at", flat=True))
        assert all(now - timedelta(days=22) < moment < now for moment in times)
        assert len({moment.date() for moment in times}) >= 15
        assert len({moment.hour for moment in times}) >= 8

    def test_at_least_six_editors_picks_among_public_articles(self):
        assert Article.objects.published().filter(is_editors_pick=True).count() >= 6

    def test_the_picks_are_not_simply_the_newest_stories(self):
        """Editors' Picks and Latest News side by side in the footer show different stories."""
        newest = Article.objects.published().newest_first()[:5]
        assert not any(article.is_editors_pick for article in newest)

    def test_every_public_article_is_complete(self):
        articles = Article.objects.published().filter(language="en").select_related("topic").prefetch_related("tags")
        for article in articles:
            assert article.excerpt and article.title, article.slug
            assert article.body.count("<p>") >= 6, article.slug
            assert article.topic is not None
            # The alt text says what the picture shows, never the topic.
            assert article.featured_image_alt.startswith("Abstract illustration on a ")
            assert article.topic.name not in article.featured_image_alt
            assert 1 <= len(article.tags.all()) <= 2, article.slug
            assert article.faqs.count() >= 3, article.slug
            assert 2 <= article.related_links.count() <= 3, article.slug

    def test_the_translations_are_linked_public_and_complete(self):
        languages = {}
        for item in demo_translations.TRANSLATIONS:
            article = Article.objects.select_related("translation_source").get(language=item.language, slug=item.slug)
            source = article.translation_source
            assert (source.language, source.slug) == ("en", item.source)
            assert article.translation_key == source.translation_key
            assert article.is_public and article.published_at >= source.published_at
            assert article.body.count("<p>") >= 4 and article.faqs.count() >= 3, item.slug
            assert not article.featured_image_alt.startswith("Abstract"), item.slug
            assert (article.category_id, article.topic_id) == (source.category_id, source.topic_id)
            languages.setdefault(item.source, set()).add(item.language)
        # Some stories in every language, some in one.
        assert sorted(len(codes) for codes in languages.values()) == [1, 1, 3, 3]

    def test_one_translation_is_marked_source_changed(self):
        changed = Article.objects.filter(source_changed=True)
        assert [(article.language, article.translation_source.slug) for article in changed] == [
            ("fr", "health-officials-urge-early-flu-shots")
        ]
        assert [label for label, _diff in source_changes(changed[0])] == ["Title", "Body"]

    def test_every_public_article_has_a_featured_jpeg_on_disk(self):
        for article in Article.objects.published():
            assert article.featured_image.name.startswith("articles/"), article.slug
            with Image.open(article.featured_image.path) as image:
                assert (image.format, image.size) == ("JPEG", (1200, 675))

    def test_faqs_keep_the_written_order(self):
        article = Article.objects.get(slug=demo_content.ARTICLES[0].slug)
        assert list(article.faqs.values_list("question", flat=True)) == [q for q, _ in demo_content.ARTICLES[0].faqs]

    def test_related_links_lead_to_pages_that_exist(self):
        """An internal link names a public article, a topic or a category; an external one, Wikipedia."""
        public_slugs = set(Article.objects.published().values_list("language", "slug"))
        topic_slugs = set(Topic.objects.values_list("slug", flat=True))
        category_slugs = set(Category.objects.values_list("slug", flat=True))
        links = RelatedLink.objects.all()
        assert links.exists()
        for link in links:
            validate_link_target(link.url)
            language = link.article.language
            if link.url.startswith("https://"):
                assert link.url.startswith(f"https://{language}.wikipedia.org/wiki/"), link.url
                continue
            assert (get_language_from_path(link.url) or "en") == language, link.url
            with override(language):
                match = resolve(link.url)
            slug = (language, match.kwargs["slug"])
            if match.view_name == "articles:topic":
                assert slug[1] in topic_slugs, link.url
            elif match.view_name == "articles:category":
                assert slug[1] in category_slugs, link.url
            else:
                assert match.view_name == "articles:detail" and slug in public_slugs, link.url


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def snapshot():
    return {
        "counts": [model.objects.count() for model in (Category, Author, Topic, Article, FAQ, RelatedLink)],
        "articles": list(Article.objects.order_by("slug").values_list("slug", "id", "updated_at", "featured_image")),
        "faqs": list(FAQ.objects.order_by("id").values_list("id", "question")),
        "links": list(RelatedLink.objects.order_by("id").values_list("id", "url")),
    }


@pytest.mark.django_db
def test_a_second_run_changes_nothing(media_root):
    seed()
    before = snapshot()
    files_before = sorted(path.name for path in media_root.rglob("*.jpg"))

    output = seed()

    assert snapshot() == before
    assert sorted(path.name for path in media_root.rglob("*.jpg")) == files_before
    assert "Demo articles: 0 created, 0 updated, 42 unchanged" in output
    assert "0 images drawn" in output
    assert "0 correction notes added" in output
    assert Correction.objects.count() == len(demo_content.CORRECTIONS)
    assert "0 live entries added" in output
    assert LiveEntry.objects.count() == len(demo_content.LIVE_COVERAGE.entries)


@pytest.mark.django_db
def test_a_run_puts_an_edited_demo_article_back_and_redraws_a_lost_image(media_root):
    seed()
    article = Article.objects.get(slug=demo_content.ARTICLES[0].slug)
    article.title = "Changed in the admin"
    article.save()
    article.faqs.first().delete()
    image_path = media_root / article.featured_image.name
    image_path.unlink()

    output = seed()

    restored = Article.objects.get(slug=article.slug)
    assert restored.pk == article.pk
    assert restored.title == demo_content.ARTICLES[0].title
    assert restored.faqs.count() == len(demo_content.ARTICLES[0].faqs)
    assert (media_root / restored.featured_image.name).is_file()
    assert "0 created, 1 updated, 41 unchanged" in output
    assert "1 images drawn" in output


@pytest.mark.django_db
def test_the_scheduled_article_is_moved_ahead_again_once_its_time_has_passed(media_root):
    seed()
    Article.objects.filter(slug=demo_content.SCHEDULED_ARTICLE.slug).update(
        published_at=timezone.now() - timedelta(hours=1)
    )

    seed()

    scheduled = Article.objects.get(slug=demo_content.SCHEDULED_ARTICLE.slug)
    assert scheduled.published_at > timezone.now()
    assert not Article.objects.published().filter(pk=scheduled.pk).exists()


@pytest.mark.django_db
def test_benchmark_articles_are_added_once(media_root):
    seed()
    demo_count = Article.objects.count()

    first = seed("--articles", "50")
    bench = Article.objects.filter(slug__startswith="bench-")
    ids = set(bench.values_list("id", flat=True))
    second = seed("--articles", "50")

    assert Article.objects.count() == demo_count + 50
    assert set(bench.values_list("id", flat=True)) == ids
    assert "50 benchmark articles created" in first
    assert "0 benchmark articles created" in second
    assert Article.objects.published().filter(slug__startswith="bench-").count() == 50
    assert FAQ.objects.filter(article__slug__startswith="bench-").count() == 100
    oldest_demo = Article.objects.exclude(slug__startswith="bench-").order_by("published_at").first()
    assert bench.filter(published_at__gte=oldest_demo.published_at).count() == 0
    assert {article.slug.split("-")[1] for article in bench} == {str(n) for n in range(1, 51)}


@pytest.mark.django_db
def test_asking_for_more_benchmark_articles_adds_only_the_missing_ones(media_root):
    seed("--articles", "5")
    seed("--articles", "8")

    slugs = set(Article.objects.filter(slug__startswith="bench-").values_list("slug", flat=True))
    assert {slug.split("-")[1] for slug in slugs} == {str(n) for n in range(1, 9)}


@pytest.mark.django_db
def test_a_negative_number_of_benchmark_articles_is_refused(media_root):
    with pytest.raises(CommandError, match="--articles"):
        seed("--articles", "-1")
    assert not Article.objects.exists()


def test_images_are_the_same_for_the_same_slug_and_differ_between_slugs():
    first = render_featured_image("some-slug", "#1f4e79", size=(320, 180))

    assert render_featured_image("some-slug", "#1f4e79", size=(320, 180)) == first
    assert render_featured_image("other-slug", "#1f4e79", size=(320, 180)) != first
    with Image.open(io.BytesIO(first)) as image:
        assert (image.format, image.size) == ("JPEG", (320, 180))
