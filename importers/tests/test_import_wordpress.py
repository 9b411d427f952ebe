"""import_wordpress: a WordPress export lands with its authors, categories,
tags, posts, threaded comments and old addresses; all or nothing; twice is once."""

import importlib.util
import tracemalloc
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, Author, Category, Topic
from articles.tests.factories import make_article, make_author
from comments.models import Comment
from importers.models import WordPressComment, WordPressPost
from importers.wordpress import parse_wp_time, wpautop
from importers.wxr import WxrPost, read_wxr
from pages.models import Page

from .helpers import DATA, visible_lines

EXPORT = DATA / "bbn-export.xml"


def run(path, *args):
    out = StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def load_make_wxr():
    spec = importlib.util.spec_from_file_location("make_wxr", Path(settings.BASE_DIR) / "bench" / "make_wxr.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nothing_imported():
    return not any(model.objects.exists() for model in (Article, Author, Category, Topic, Comment, WordPressPost))


@pytest.fixture
def imported(db):
    output = run(EXPORT)
    return output


def article(slug):
    return Article.objects.select_related("author", "category", "topic").get(slug=slug)


def test_authors_categories_and_tags_arrive_with_their_names_and_slugs(imported):
    assert set(Author.objects.values_list("slug", "name")) == {
        ("ethankim", "Ethan Kim"),
        ("zoe", "Zoë Ångström"),
        ("bbn-staff", "BBN Staff"),
    }
    assert Category.objects.get(slug="science-tech").name == "Science & Tech"
    assert Category.objects.get(slug="science-tech").description == "Discoveries and gadgets"
    assert Category.objects.get(slug="politics").name == "Politics"  # named only on a post
    assert set(Topic.objects.values_list("slug", "name")) == {
        ("high-stakes-diplomatic-visit", "high-stakes diplomatic visit"),
        ("外交", "外交"),
    }
    assert not Topic.objects.filter(name="Main menu").exists()


def test_a_published_post_keeps_its_slug_date_author_category_and_tags(imported, client):
    blinken = article("antony-blinken-heads-to-china")
    assert blinken.status == Article.Status.PUBLISHED and blinken.is_public
    assert blinken.published_at == datetime(2023, 6, 17, 13, 5, tzinfo=UTC)
    assert (blinken.author.name, blinken.category.name, blinken.topic.name) == (
        "Ethan Kim",
        "World",
        "high-stakes diplomatic visit",
    )
    assert sorted(blinken.tags.values_list("name", flat=True)) == ["high-stakes diplomatic visit", "外交"]
    assert client.get("/antony-blinken-heads-to-china/").status_code == 200
    assert WordPressPost.objects.get(wp_id=101).article == blinken


def test_content_without_paragraph_tags_gets_them_and_is_sanitised(imported):
    body = article("antony-blinken-heads-to-china").body
    assert body.startswith("<p>Antony Blinken, the United States Secretary of State")
    assert "<p>Blinken’s arrival in Beijing on Sunday marks the highest-level visit<br>\nsince" in body
    assert "<blockquote>“Clear communication reduces the risk of misunderstandings.”</blockquote>" in body
    assert "<p>Officials downplayed expectations.</p>" in body
    assert "script" not in body and "onclick" not in body and "<p><p>" not in body


def test_unicode_slugs_are_decoded_so_the_old_address_still_works(imported, client):
    cafe = article("café-culture")
    assert cafe.title == "Café culture: “Ça va?” – a story in ünïcödé"
    assert cafe.excerpt == "A hand-written excerpt & more."
    assert "<p>Zoë ordered a crème brûlée 🍮 and said “merci”.</p>" in cafe.body
    assert "5 &lt; 7 &amp; 8 &gt; 6." in cafe.body and "wp:paragraph" not in cafe.body
    assert client.get("/" + quote("café-culture") + "/").status_code == 200
    assert client.get("/tag/" + quote("外交") + "/").status_code == 200


def test_a_post_without_an_author_gets_the_fallback_author_and_its_first_category(imported):
    cafe = article("café-culture")
    assert cafe.author.name == "BBN Staff"
    assert cafe.category.name == "Science & Tech"
    assert cafe.comments_open is False


def test_drafts_and_scheduled_posts_stay_out_of_sight(imported, client):
    draft = article("a-draft-not-yet-named")
    assert draft.status == Article.Status.DRAFT and draft.author.name == "Zoë Ångström"
    # No GMT date on a draft: its local date, in the site's time zone.
    assert draft.published_at == datetime(2023, 6, 19, 9, 30, tzinfo=timezone.get_default_timezone())
    scheduled = article("scheduled-for-next-year")
    assert scheduled.status == Article.Status.PUBLISHED
    assert scheduled.published_at == datetime(2100, 1, 1, 10, 0, tzinfo=UTC)
    assert not scheduled.is_public
    assert client.get("/scheduled-for-next-year/").status_code == 404
    assert client.get("/a-draft-not-yet-named/").status_code == 404


def test_comments_keep_their_threads_dates_and_statuses(imported):
    by_wp_id = {link.wp_id: link.comment for link in WordPressComment.objects.select_related("comment")}
    assert set(by_wp_id) == {501, 502, 503, 504, 505, 506}
    lily, jane, bob = by_wp_id[501], by_wp_id[502], by_wp_id[503]
    assert lily.parent is None and jane.parent == lily and bob.parent == jane  # 503 came before 502 in the file
    assert lily.created_at == datetime(2023, 6, 17, 16, 29, tzinfo=UTC)
    assert lily.body == "i wonder what they gonna talk about… trade & human rights. 3 < 5, right? 🙁"
    assert (lily.email, lily.website, lily.ip_address) == ("lily@example.org", "https://lily.example", "203.0.113.7")
    assert jane.body == "@LilyRose me too! see the FAQ (https://news.example/faq)"
    assert jane.website == ""  # javascript: is no web address
    assert bob.body == "A reply to a reply, written before its parent in the file." and bob.ip_address is None
    assert [by_wp_id[n].status for n in (501, 504, 505, 506)] == ["approved", "pending", "spam", "trash"]
    assert by_wp_id[504].held_reason
    assert article("antony-blinken-heads-to-china").comment_count == 3  # the approved ones


def test_the_report_lists_counts_and_every_skipped_item_with_its_reason(imported):
    assert "articles:   4 created, 0 updated, 0 unchanged (1 drafts, 2 published, 1 scheduled)" in imported
    assert "comments:   6 created" in imported
    assert "pages:      1 created, 0 updated, 0 unchanged" in imported
    assert (
        "attachment 106 “beijing-skyline.jpg” (2023/06/beijing-skyline.jpg): no --uploads folder was given: "
        "its file stays on the old site" in imported
    )
    assert "comment 508 on attachment 106: comments on attachments are not imported" in imported
    assert "post 107 “Home” (nav_menu_item): menu items are not imported" in imported
    assert "comment 507 on post 101 (pingback): pingbacks and trackbacks are not imported" in imported
    assert "skipped:    4" in imported
    assert not Article.objects.filter(slug__in=["about", "beijing-skyline", "home"]).exists()
    assert Page.objects.get(path="about").title == "About us"


def test_the_thread_shows_on_the_article_page(imported, client):
    html = client.get("/antony-blinken-heads-to-china/").content.decode()
    lines = visible_lines(html)
    assert "3 comments" in lines
    assert "LilyRose June 17, 2023 - 12:29 pm" in lines  # 16:29 UTC in New York
    assert "Held for moderation on the old site." not in html and "buy now" not in html
    assert html.count('<ol class="children">') == 2


@pytest.mark.django_db
def test_importing_the_same_export_again_changes_nothing():
    run(EXPORT)
    before = {a.slug: (a.updated_at, a.body, a.comment_count) for a in Article.objects.all()}
    comments_before = list(Comment.objects.order_by("pk").values_list("pk", "parent_id", "status", "body"))

    output = run(EXPORT)

    assert "articles:   0 created, 0 updated, 4 unchanged" in output
    assert "comments:   0 created, 0 updated, 6 unchanged" in output
    assert {a.slug: (a.updated_at, a.body, a.comment_count) for a in Article.objects.all()} == before
    assert list(Comment.objects.order_by("pk").values_list("pk", "parent_id", "status", "body")) == comments_before
    assert Author.objects.count() == 3 and Topic.objects.count() == 2


@pytest.mark.django_db
def test_a_draft_dated_in_the_hour_clocks_go_back_is_unchanged_by_a_second_import(tmp_path):
    export = tmp_path / "fall-back.xml"
    export.write_text(EXPORT.read_text(encoding="utf-8").replace("2023-06-19 09:30:00", "2023-11-05 01:30:00"))
    run(export)
    output = run(export)
    assert "articles:   0 created, 0 updated, 4 unchanged" in output


@pytest.mark.django_db
def test_a_later_export_updates_what_changed_and_adds_what_is_new(tmp_path):
    run(EXPORT)
    text = EXPORT.read_text(encoding="utf-8")
    text = text.replace("<wp:comment_approved><![CDATA[0]]>", "<wp:comment_approved><![CDATA[1]]>")
    text = text.replace("Officials downplayed expectations.", "Officials played down expectations.")
    later = tmp_path / "later.xml"
    later.write_text(text, encoding="utf-8")

    output = run(later)

    assert "articles:   0 created, 1 updated, 3 unchanged" in output
    assert "comments:   0 created, 1 updated, 5 unchanged" in output
    blinken = article("antony-blinken-heads-to-china")
    assert "Officials played down expectations." in blinken.body
    assert blinken.comment_count == 4
    assert WordPressComment.objects.get(wp_id=504).comment.status == Comment.Status.APPROVED


@pytest.mark.django_db
def test_an_article_already_at_the_posts_address_is_updated_not_duplicated():
    """Say the page was imported from its scraped text first: the export fills in the same article."""
    existing = make_article(slug="antony-blinken-heads-to-china", title="Scraped title")
    output = run(EXPORT)
    existing.refresh_from_db()
    assert existing.title == "Antony Blinken Heads to China Amid Rising Tensions"
    assert Article.objects.filter(slug__startswith="antony-blinken").count() == 1
    assert "post 101 updates the article already at /antony-blinken-heads-to-china/" in output


@pytest.mark.django_db
def test_an_author_already_here_under_another_address_is_not_duplicated():
    make_author(name="Ethan Kim", slug="ethan-kim")  # as import_article names them
    output = run(EXPORT)
    assert Author.objects.filter(name="Ethan Kim").count() == 1
    assert article("antony-blinken-heads-to-china").author.slug == "ethan-kim"
    assert "author “ethankim” is the author “Ethan Kim” at /author/ethan-kim/" in output


@pytest.mark.django_db
def test_a_password_protected_post_is_not_made_public(tmp_path):
    export = tmp_path / "protected.xml"
    export.write_text(
        EXPORT.read_text(encoding="utf-8").replace(
            "<wp:post_password><![CDATA[]]></wp:post_password>", "<wp:post_password>secret</wp:post_password>"
        )
    )
    output = run(export)
    assert article("antony-blinken-heads-to-china").status == Article.Status.DRAFT
    assert "post 101 has a password in WordPress: imported as a draft" in output


@pytest.mark.django_db
def test_a_dry_run_keeps_nothing():
    output = run(EXPORT, "--dry-run")
    assert "dry run" in output and "4 created" in output
    assert nothing_imported()


@pytest.mark.django_db
def test_malformed_xml_is_refused_with_its_line_and_nothing_is_kept():
    with pytest.raises(CommandError) as refused:
        run(DATA / "malformed.xml")
    message = str(refused.value)
    assert "malformed.xml: refused, nothing was imported: line 23, column" in message
    assert "malformed XML (mismatched tag)" in message
    # The first post was complete and had been written before the parser met the error.
    assert nothing_imported()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["billion-laughs.xml", "external-entity.xml"])
def test_entity_expansion_and_external_entities_are_refused_before_anything_is_expanded(name):
    tracemalloc.start()
    try:
        with pytest.raises(CommandError, match="declares a DTD"):
            run(DATA / name)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # a billion laughs expanded would be gigabytes
    assert nothing_imported()


@pytest.mark.django_db
def test_a_file_that_is_not_a_wordpress_export_is_refused(tmp_path):
    with pytest.raises(CommandError, match="not a WordPress export: it has no wp:wxr_version"):
        run(DATA / "plain-rss.xml")
    html = tmp_path / "page.xml"
    html.write_text("<html><body>hello</body></html>")
    with pytest.raises(CommandError, match="it starts with <html>, not <rss>"):
        run(html)
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "missing.xml")
    assert nothing_imported()


@pytest.mark.django_db
def test_a_generated_export_imports_every_post_and_comment_with_threads_intact(tmp_path):
    path = tmp_path / "generated.xml"
    load_make_wxr().main([str(path), "--posts", "120", "--comments", "600", "--seed", "7"])

    output = run(path)

    assert "articles:   120 created" in output and "comments:   600 created" in output
    assert Article.objects.count() == 120 and Comment.objects.count() == 600
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.count() > 100
    assert all(reply.parent.article_id == reply.article_id for reply in replies)
    for counted in Article.objects.all()[:20]:
        assert counted.comment_count == counted.comments.filter(status=Comment.Status.APPROVED).count()


def peak_memory_reading(path):
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            posts = sum(1 for record in read_wxr(stream) if isinstance(record, WxrPost))
        return posts, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_export_is_read_as_a_stream_in_the_memory_of_one_post(tmp_path):
    make_wxr = load_make_wxr()
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    make_wxr.main([str(small), "--posts", "100", "--comments", "400"])
    make_wxr.main([str(large), "--posts", "2000", "--comments", "8000"])
    assert large.stat().st_size > 15 * small.stat().st_size

    small_posts, small_peak = peak_memory_reading(small)
    large_posts, large_peak = peak_memory_reading(large)

    assert (small_posts, large_posts) == (100, 2000)
    assert large_peak < 2 * small_peak, (small_peak, large_peak)


def test_wpautop_makes_paragraphs_and_line_breaks_and_leaves_blocks_alone():
    assert wpautop("One\n\nTwo\nlines") == "<p>One</p>\n<p>Two<br>\nlines</p>"
    assert wpautop("<h2>Title</h2>\nText") == "<h2>Title</h2>\n<p>Text</p>"
    assert wpautop("<ul>\n<li>a</li>\n<li>b</li>\n</ul>") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    assert wpautop("<p>Already</p>\n\n<p>wrapped</p>") == "<p>Already</p>\n<p>wrapped</p>"
    assert wpautop('[caption id="1"]<img src="/a.jpg" alt="A"> A caption[/caption]') == (
        '<figure><img src="/a.jpg" alt="A"><figcaption>A caption</figcaption></figure>'
    )
    assert wpautop("   ") == ""


def test_wordpress_times_prefer_gmt_and_fall_back_to_local_then_the_feed_date():
    new_york = timezone.get_default_timezone()
    assert parse_wp_time("2023-06-17 16:29:00", "2023-06-17 12:29:00") == datetime(2023, 6, 17, 16, 29, tzinfo=UTC)
    assert parse_wp_time("0000-00-00 00:00:00", "2023-06-17 12:29:00") == datetime(
        2023, 6, 17, 12, 29, tzinfo=new_york
    )
    assert parse_wp_time("", "", "Sat, 17 Jun 2023 13:05:00 +0000") == datetime(2023, 6, 17, 13, 5, tzinfo=UTC)
    assert parse_wp_time("garbage", "", "Mon, 30 Nov -0001 00:00:00 +0000") is None
