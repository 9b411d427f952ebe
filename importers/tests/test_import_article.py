"""import_article: a scraped article page comes back as the article it was,
reads the same on our page, and a second import changes nothing."""

from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import FAQ, Article, Author, Category, Topic
from articles.tests.factories import make_article, make_category
from comments.models import Comment
from importers.article_page import PageFormatError, parse_article_page

from .helpers import DATA, Part, assert_in_order, page_lines_between, visible_lines

SAMPLE = DATA / "sample-article-page.txt"
SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "bbn-article-page.txt"
NEW_YORK = timezone.get_default_timezone()


def run(*args):
    out = StringIO()
    call_command("import_article", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def write(tmp_path, text, name="page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sample_page_is_read_block_by_block():
    page = parse_article_page(SAMPLE.read_text(encoding="utf-8"))

    assert page.title == "Zoë’s Café Reopens: “Crème Brûlée” & <b>Bold</b> Plans 🍮"
    assert page.author == "Zoë Ångström 2"
    assert page.topic == "Café culture"
    assert len(page.paragraphs) == 3
    assert page.paragraphs[1].endswith("and nothing runs.\nA second line of the same paragraph.")
    assert page.faqs == [
        ("When did the café reopen?", "On Monday, after eight months of repairs."),
        ("Is the crème brûlée still on the menu?", "Yes — and it still costs €4.50."),
    ]
    assert [(c.name, c.written_at) for c in page.comments] == [
        ("Mary Ann 2", datetime(2023, 6, 7, 9, 5)),
        ("Jörg Müller", datetime(2023, 6, 7, 12, 0)),
        ("ABC 123", datetime(2023, 6, 8, 23, 59)),
    ]
    assert page.comments[0].body == "Finally!! 😍 I missed the <em>best</em> croissants in town."
    assert page.comments[1].body == (
        "First paragraph of a longer comment.\n\nSecond paragraph, with “curly quotes” & an ampersand."
    )
    assert page.stated_comment_count == 3


def test_twelve_am_and_twelve_pm_are_midnight_and_noon(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("June 7, 2023 - 9:05 am", "June 7, 2023 - 12:05 am").replace("12:00 pm", "12:30 pm")
    page = parse_article_page(text)
    assert [c.written_at.hour for c in page.comments[:2]] == [0, 12]


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (lambda t: t.replace("by Zoë Ångström 2", "written by nobody"), 5, "expected “by <author>”"),
        (lambda t: t.replace("3 comments\nCafé culture", "many comments\nCafé culture"), 6, "“<N> comments”"),
        (lambda t: t.replace("Yes — and it still costs €4.50.\n", ""), 22, "has no answer"),
        (lambda t: t.replace("More about Café culture", "More about Tea culture"), 26, "another topic"),
        (lambda t: t.replace("\nYou may also like\n", "\n"), 29, "expected “You may also like”"),
        (
            lambda t: t.replace("Jörg Müller June 7, 2023 - 12:00 pm", "Jörg Müller wrote on June 7"),
            37,
            "after “Reply”",
        ),
        (lambda t: t.replace("June 8, 2023 - 11:59 pm", "June 8, 2023 - 13:59 pm"), 44, "not a real date"),
        (lambda t: t.replace("Leave a Comment", "Comments are closed."), 50, "“Leave a Comment” after “Reply”"),
    ],
)
def test_a_text_that_is_not_such_a_page_is_refused_naming_the_line(change, line, words):
    text = change(SAMPLE.read_text(encoding="utf-8"))
    with pytest.raises(PageFormatError) as refused:
        parse_article_page(text)
    assert refused.value.line == line, refused.value
    assert words in str(refused.value)


@pytest.mark.django_db
def test_a_file_that_is_not_a_page_is_refused_and_nothing_is_imported(tmp_path):
    path = write(tmp_path, "# Notes\n\nShopping list\n- milk\n- bread\n")
    with pytest.raises(CommandError, match=r"page.txt, line 3: not an article page: expected “by <author>”"):
        run(path)
    assert not Article.objects.exists() and not Author.objects.exists() and not Topic.objects.exists()


@pytest.mark.django_db
def test_each_file_is_its_own_transaction(tmp_path):
    broken = write(tmp_path, SAMPLE.read_text(encoding="utf-8").replace("Leave a Comment", "The end"), "broken.txt")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 2 files refused"):
        call_command("import_article", str(SAMPLE), str(broken), stdout=StringIO(), stderr=err)
    assert "broken.txt, line" in err.getvalue()
    assert Article.objects.count() == 1
    assert Comment.objects.count() == 3


@pytest.mark.django_db
def test_the_sample_page_becomes_a_published_article_with_author_topic_faqs_and_approved_comments():
    output = run(SAMPLE)

    article = Article.objects.select_related("author", "topic", "category").get()
    assert "created article" in output and "3 added" in output
    assert article.slug == "zoes-cafe-reopens-creme-brulee-bboldb-plans"
    assert article.title == "Zoë’s Café Reopens: “Crème Brûlée” & <b>Bold</b> Plans 🍮"
    assert article.is_public
    assert (article.author.name, article.topic.name, article.category.name) == (
        "Zoë Ångström 2",
        "Café culture",
        "World",
    )
    # Text that looks like HTML stays text: escaped, never a tag.
    assert "<script>" not in article.body
    assert '3 &lt; 5 holds &lt;script&gt;alert("x")&lt;/script&gt; and nothing runs.<br>A second line' in article.body
    assert article.body.count("<p>") == 3
    assert list(FAQ.objects.filter(article=article).values_list("question", "position")) == [
        ("When did the café reopen?", 1),
        ("Is the crème brûlée still on the menu?", 2),
    ]
    comments = list(Comment.objects.filter(article=article).order_by("created_at"))
    assert [c.name for c in comments] == ["Mary Ann 2", "Jörg Müller", "ABC 123"]
    assert all(c.status == Comment.Status.APPROVED and c.parent_id is None for c in comments)
    assert comments[0].created_at == datetime(2023, 6, 7, 9, 5, tzinfo=NEW_YORK)
    assert comments[2].created_at == datetime(2023, 6, 8, 23, 59, tzinfo=NEW_YORK)
    assert article.comment_count == 3
    # No date on the page: a minute before the first comment.
    assert article.published_at == comments[0].created_at - timedelta(minutes=1)


@pytest.mark.django_db
def test_importing_the_same_page_again_changes_nothing():
    run(SAMPLE)
    before = Article.objects.get()
    counts = (Author.objects.count(), Topic.objects.count(), Category.objects.count(), FAQ.objects.count())

    output = run(SAMPLE)

    after = Article.objects.get()
    assert "unchanged article" in output and "0 added, 3 already there" in output
    assert after.updated_at == before.updated_at and after.published_at == before.published_at
    assert (Author.objects.count(), Topic.objects.count(), Category.objects.count(), FAQ.objects.count()) == counts
    assert Comment.objects.count() == 3
    assert list(FAQ.objects.values_list("pk", flat=True)) == list(FAQ.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_comment_in_the_hour_clocks_go_back_is_not_imported_twice(tmp_path):
    """1:30 am on November 5, 2023 happened twice in New York; the second import must still match it."""
    text = SAMPLE.read_text(encoding="utf-8").replace("June 8, 2023 - 11:59 pm", "November 5, 2023 - 1:30 am")
    path = write(tmp_path, text)
    run(path, "--published", "2023-11-05 01:10")
    output = run(path, "--published", "2023-11-05 01:10")
    assert "unchanged article" in output and "0 added, 3 already there, 0 skipped" in output
    assert Comment.objects.count() == 3


@pytest.mark.django_db
def test_a_changed_page_updates_the_article_keeps_its_comments_and_adds_new_ones(tmp_path):
    run(SAMPLE)
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("reopened on Monday", "reopened on Tuesday").replace(
        "Reply\n\nLeave a Comment",
        "Reply\nLate Reader July 1, 2023 - 8:00 pm\n\nStill great.\n\nReply\n\nLeave a Comment",
    )
    output = run(write(tmp_path, text))

    article = Article.objects.get()
    assert "updated article" in output and "changed: body" in output and "1 added, 3 already there" in output
    assert "reopened on Tuesday" in article.body
    assert Comment.objects.count() == 4 and article.comment_count == 4


@pytest.mark.django_db
def test_published_and_category_options(tmp_path):
    sports = make_category(name="Sports", slug="sports")
    run(SAMPLE, "--published", "2023-06-06 08:00", "--category", "sports")
    article = Article.objects.get()
    assert article.category == sports
    assert article.published_at == datetime(2023, 6, 6, 8, 0, tzinfo=NEW_YORK)

    with pytest.raises(CommandError, match="is not a date"):
        run(SAMPLE, "--published", "last tuesday")


@pytest.mark.django_db
def test_slug_option_gives_the_old_address():
    run(SAMPLE, "--slug", "zoes-cafe")
    assert Article.objects.get().get_absolute_url() == "/zoes-cafe/"
    with pytest.raises(CommandError, match="is not a slug"):
        run(SAMPLE, "--slug", "../etc/passwd")
    with pytest.raises(CommandError, match="give one FILE"):
        run(SAMPLE, SAMPLE, "--slug", "zoes-cafe")


@pytest.mark.django_db
def test_a_page_without_comments_is_published_now(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index("3 comments\n\nMary Ann")
    text = text[:start] + text[text.index("Leave a Comment") :]
    run(write(tmp_path, text))
    article = Article.objects.get()
    assert abs(article.published_at - timezone.now()) < timedelta(minutes=1)
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_two_readers_with_the_same_words_are_both_kept_unless_the_text_repeats(tmp_path):
    """A page has no emails: two comments with the same text would be the same
    fingerprint, so the second is reported, not silently lost."""
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "short one", "Finally!! 😍 I missed the <em>best</em> croissants in town."
    )
    output = run(write(tmp_path, text))
    assert "skipped the comment by “ABC 123”" in output
    assert Comment.objects.count() == 2


def article_page_lines(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return visible_lines(response.content.decode())


def expected_blocks(text, title):
    """The scraped page from the title to "Leave a Comment", as our page must show it."""
    lines = page_lines_between(text, title, "Leave a Comment")
    # The byline and the first count share our meta line; the topic line is the featured image's alt text
    # on the old page and the topic link under the byline on ours.
    lines[1], lines[2] = Part(lines[1]), Part(lines[2])
    return lines


@pytest.mark.django_db
def test_the_imported_sample_reads_the_same_on_our_page(client):
    make_article(title="Another story", slug="another-story")  # so that "You may also like" has something
    run(SAMPLE)
    article = Article.objects.get(slug="zoes-cafe-reopens-creme-brulee-bboldb-plans")

    page = article_page_lines(client, article)

    assert_in_order(page, expected_blocks(SAMPLE.read_text(encoding="utf-8"), article.title))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html and "<b>Bold</b>" not in html
    assert "&lt;script&gt;" in html and '<script>alert("x")' not in html


@pytest.mark.django_db
@pytest.mark.skipif(not SEED.is_file(), reason=f"the seed page is not there ({SEED})")
def test_the_imported_seed_page_reads_the_same_on_our_page(client):
    make_article(title="Another story", slug="another-story")
    output = run(SEED)
    assert "created article" in output and "4 added" in output
    article = Article.objects.get(slug__startswith="antony-blinken")
    assert article.faqs.count() == 6 and article.comment_count == 4

    page = article_page_lines(client, article)

    seed = SEED.read_text(encoding="utf-8")
    expected = expected_blocks(seed, article.title)
    assert len(expected) > 40
    assert_in_order(page, expected)
    assert page.count("Reply") == 4


SAMPLE_ES = DATA / "sample-article-page-es.txt"


class TestTranslations:
    """`--language es --translation-of <slug>`: a scraped Spanish page joins its English original."""

    def test_a_spanish_page_becomes_the_spanish_translation_of_its_original(self, db):
        original = make_article(slug="zoes-cafe-reopens", title="Zoë’s Café Reopens")
        output = run(SAMPLE_ES, "--language", "es", "--translation-of", "zoes-cafe-reopens", "--slug", "cafe-de-zoe")
        spanish = Article.objects.get(language="es", slug="cafe-de-zoe")
        assert "at /es/cafe-de-zoe/" in output
        assert spanish.translation_key == original.translation_key
        assert spanish.translation_source == original
        assert spanish.source_snapshot["title"] == "Zoë’s Café Reopens"
        assert spanish.title.startswith("El café de Zoë reabre")
        assert spanish.is_public
        # Again: nothing changes, and it stays one translation.
        assert "unchanged" in run(
            SAMPLE_ES, "--language", "es", "--translation-of", "zoes-cafe-reopens", "--slug", "cafe-de-zoe"
        )
        assert Article.objects.filter(translation_key=original.translation_key).count() == 2

    def test_the_same_slug_in_two_languages_is_two_articles(self, db):
        run(SAMPLE)
        english = Article.objects.get()
        run(SAMPLE_ES, "--language", "es", "--translation-of", english.slug, "--slug", english.slug)
        assert set(Article.objects.values_list("language", "slug")) == {("en", english.slug), ("es", english.slug)}

    @pytest.mark.parametrize(
        "args, message",
        [
            (["--language", "de"], "--language 'de' is not a language of the site"),
            (["--language", "es", "--translation-of", "no-such-article"], "no article has this slug"),
        ],
    )
    def test_bad_input_is_a_clear_error(self, db, args, message):
        with pytest.raises(CommandError, match=message):
            run(SAMPLE_ES, *args)
        assert not Article.objects.exists()

    def test_a_translation_of_an_article_in_the_same_language_is_refused(self, db):
        make_article(slug="otro", language="es")
        with pytest.raises(CommandError, match="same language as the page"):
            run(SAMPLE_ES, "--language", "es", "--translation-of", "otro")
        assert Article.objects.count() == 1

    def test_a_story_with_a_translation_in_that_language_already_is_refused(self, db):
        original = make_article(slug="original")
        make_article(slug="ya-traducido", language="es", translation_key=original.translation_key)
        with pytest.raises(CommandError, match="has a translation in es already"):
            run(SAMPLE_ES, "--language", "es", "--translation-of", "original", "--slug", "otro")
        assert Article.objects.count() == 2
