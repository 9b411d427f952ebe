"""A WordPress site's pictures, sound and shortcodes, and its old addresses: the Theme Unit Test data
imported with a copy of its uploads folder (real pictures, made here with Pillow)."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from articles.models import Article
from importers.models import OldAddress, WordPressAttachment
from media_library.models import MediaFile
from pages.models import Page

from .helpers import DATA

THEME_DATA = DATA / "theme-unit-test-subset.xml"
PICTURES = {
    "2013/03/image-alignment-150x150.jpg": (150, 150),
    "2013/03/image-alignment-300x200.jpg": (300, 200),
    "2013/03/image-alignment-580x300.jpg": (580, 300),
    "2013/03/image-alignment-1200x4002.jpg": (1200, 400),
    "2013/03/featured-image-horizontal.jpg": (1200, 600),
    "2010/09/dsc09114.jpg": (800, 533),
    "2010/09/dsc20050102_192118_51.jpg": (640, 480),
}
SOUND = "2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def uploads(tmp_path):
    """A copy of the old wp-content/uploads: every file the export names but 2010/08/manhattansummer.jpg."""
    folder = tmp_path / "uploads"
    for n, (path, size) in enumerate(PICTURES.items()):
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (40 + 20 * n, 90, 160)).save(folder / path, "JPEG", quality=80)
    (folder / SOUND).parent.mkdir(parents=True, exist_ok=True)
    (folder / SOUND).write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(2048))
    return folder


def run(*args):
    out = StringIO()
    call_command("import_wordpress", str(THEME_DATA), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in Path(root).rglob("*") if path.is_file())


@pytest.fixture
def imported(db, media_root, uploads):
    return run("--uploads", str(uploads))


def body(slug):
    return Article.objects.get(slug=slug).body


def test_each_attachment_becomes_a_media_file_with_its_words(imported):
    assert "media:      8 created, 0 updated, 0 unchanged" in imported
    assert WordPressAttachment.objects.count() == 8
    boat = MediaFile.objects.get(wordpress_origin__wp_id=770)
    assert (boat.title, boat.alt_text, boat.caption, boat.kind) == (
        "Boat Stern",
        "Boat stern at the harbour",
        "Boat Stern",
        "image",
    )
    assert (boat.width, boat.height) == (800, 533)
    assert [item["width"] for item in boat.renditions["renditions"]] == [160, 400, 800]
    assert MediaFile.objects.get(wordpress_origin__wp_id=821).kind == "audio"
    assert (
        "attachment 827 “Manhattan Summer” (2010/08/manhattansummer.jpg): 2010/08/manhattansummer.jpg is not in "
        "the uploads folder" in imported
    )


def test_featured_images_come_through_the_admins_service(imported):
    assert "featured:   2 created, 0 updated, 0 unchanged" in imported
    article = Article.objects.get(slug="markup-image-alignment")
    assert article.featured_image.name.startswith("articles/")
    assert article.featured_image_alt == "Horizontal featured image"
    assert article.image_renditions["width"] == 1200
    assert article.image.srcset  # the renditions the article page offers
    assert Article.objects.get(slug="post-format-gallery").featured_image_alt == "Boat stern at the harbour"


def test_pictures_in_bodies_point_at_the_imported_files_and_renditions(imported, client, media_root):
    html = body("markup-image-alignment")
    assert "i0.wp.com" not in html and "files.wordpress.com" not in html and "<p></p>" not in html
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 4  # manhattansummer.jpg did not come: its <img> is gone
    for image in images:
        assert re.search(r'src="/media/library/\d{4}/\d\d/renditions/', image), image
    big = next(image for image in images if 'alt="Image Alignment 1200x400"' in image)
    assert 'width="1200" height="400"' in big and " 1200w" in big and " 160w" in big
    assert "<figcaption>Feels good to be right all the time.</figcaption></figure>" in html
    assert re.search(r'<figure><img [^>]*alt="Image Alignment 580x300"[^>]*><figcaption>Look at 580x300', html)
    page = client.get("/markup-image-alignment/").content.decode()
    assert "<figcaption>Feels good to be right all the time.</figcaption>" in page
    src = re.search(r'<img [^>]*src="(/media/library/[^"]+)"', html)[1]
    assert (media_root / src.removeprefix("/media/")).is_file()


def test_a_gallery_is_a_figure_of_the_pictures_it_names(imported):
    html = body("shortcode-gallery-ids")
    gallery = re.search(r'<figure class="gallery gallery-columns-2">(.*?)</figure></figure>', html, re.DOTALL)
    assert gallery, html
    assert gallery[1].count("<img ") == 2
    assert "<figcaption>Boat Stern</figcaption>" in gallery[1] and "<figcaption>Sunrise</figcaption>" in gallery[1]
    assert "[gallery" not in html
    assert html.count('class="gallery gallery-columns-3"') == 1  # the second gallery: the one picture that came
    assert "picture 9999 of a gallery in post 1178: it is not an attachment of this export" in imported


def test_a_gallery_without_ids_shows_the_posts_own_pictures(imported):
    html = body("post-format-gallery")
    gallery = re.search(r'<figure class="gallery gallery-columns-3">.*?</figure></figure>', html, re.DOTALL)[0]
    assert gallery.index('alt="Boat stern at the harbour"') < gallery.index("<figcaption>Sunrise</figcaption>")
    # WordPress expands a shortcode wherever it stands, glued to a word too: so does the import.
    assert html.count('class="gallery gallery-columns-3"') == 2 and "[gallery" not in html


def test_audio_plays_the_imported_file(imported):
    html = body("post-format-audio")
    sound = MediaFile.objects.get(wordpress_origin__wp_id=821)
    assert f'<audio controls="" preload="metadata" src="{sound.url}">' in html
    assert f'<a href="{sound.url}"' in html  # the link to the file, too
    assert "[audio" not in html


def test_a_youtube_embed_is_a_click_to_load_block_that_loads_nothing_until_asked(imported, client):
    html = body("post-format-video-youtube")
    assert (
        '<figure class="embed" data-embed-provider="youtube" data-embed-url="https://www.youtube.com/watch?v=nwe-H6l4beM"'
        ' data-embed-frame="https://www.youtube-nocookie.com/embed/nwe-H6l4beM">'
        '<a href="https://www.youtube.com/watch?v=nwe-H6l4beM"'
    ) in html
    page = client.get("/post-format-video-youtube/").content.decode()
    assert "<iframe" not in page and "youtube.com/embed" not in page
    assert 'src="https://www.youtube' not in page
    assert "js/embeds.js" in page


def test_an_unknown_shortcode_is_listed_and_left_as_text(imported):
    html = body("post-format-video-wordpresstv")
    assert "[wpvideo tFnqC2XV w=640 h=360]" in html
    assert "unknown shortcodes, left as text: 1" in imported and "[wpvideo] in post 1006" in imported
    # A video whose file is not an attachment of the export: a link, and the report says so.
    assert '<figure class="embed"><a href="https://wpthemetestdata.files.wordpress.com/2010/06/the-buggle.mp4"' in html
    assert "video https://wpthemetestdata.files.wordpress.com/2010/06/the-buggle.mp4 in post 1006" in imported


def test_a_second_import_changes_nothing(imported, media_root, uploads):
    files = stored_files(media_root)
    again = run("--uploads", str(uploads))
    assert "media:      0 created, 0 updated, 8 unchanged" in again
    assert "featured:   0 created, 0 updated, 2 unchanged" in again
    assert "articles:   0 created, 0 updated, 6 unchanged" in again
    assert "pages:      0 created, 0 updated, 6 unchanged" in again
    assert re.search(r"old addresses \(301\): 0 created, 0 updated, \d+ unchanged", again)
    assert stored_files(media_root) == files


def test_a_failed_import_keeps_no_file(db, media_root, uploads, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text(THEME_DATA.read_text().replace("\t</channel>\n</rss>\n", "<item><wp:post_id>1</wp:post_id>"))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_wordpress", str(broken), "--uploads", str(uploads), stdout=StringIO(), stderr=StringIO())
    assert not MediaFile.objects.exists() and not Article.objects.exists()
    assert stored_files(media_root) == []


def test_a_dry_run_keeps_no_file(db, media_root, uploads):
    output = run("--uploads", str(uploads), "--dry-run")
    assert "media:      8 created" in output
    assert not MediaFile.objects.exists()
    assert stored_files(media_root) == []


def test_without_uploads_the_report_lists_every_picture_not_brought(db, media_root):
    output = run()
    assert "media:      0 created" in output
    for wp_id in (904, 905, 906, 907, 1023, 770, 771, 827, 821):
        assert re.search(rf"attachment {wp_id} “[^”]+” \([^)]+\): no --uploads folder was given", output), wp_id
    assert "featured image of post 1177 (attachment 1023): no --uploads folder was given" in output
    assert (
        "picture https://i0.wp.com/wpthemetestdata.files.wordpress.com/2013/03/image-alignment-580x300.jpg "
        "in post 1177: no --uploads folder was given" in output
    )
    assert "picture 770 of a gallery in post 1178: no --uploads folder was given" in output
    assert "<img" not in body("markup-image-alignment")  # pictures from another site are not shown
    assert stored_files(media_root) == []


def test_an_uploads_folder_that_does_not_exist_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="no such folder"):
        run("--uploads", str(tmp_path / "nowhere"))


# --- old addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/?p=1177", "/markup-image-alignment/"),
        ("/2013/01/10/markup-image-alignment/", "/markup-image-alignment/"),
        ("/?p=555&utm_source=x", "/post-format-gallery/"),
        ("/?page_id=1133", "/about/page-image-alignment/"),
        ("/?page_id=2", "/about/"),
    ],
)
def test_old_addresses_answer_a_permanent_redirect(imported, client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_attachment_pages_lead_to_the_file(imported, client):
    sound = MediaFile.objects.get(wordpress_origin__wp_id=821)
    for old in ("/?attachment_id=821", "/2010/01/08/post-format-audio/st-louis-blues-2/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, sound.url)


def test_a_query_address_reaches_the_redirect_though_the_home_page_is_cached(imported, client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200  # from the page cache now
    assert client.get("/?p=1177")["Location"] == "/markup-image-alignment/"
    assert client.get("/?p=424242").status_code == 200  # not an old post: the home page


def test_an_old_address_of_what_is_not_public_is_not_found(imported, client):
    assert client.get("/?page_id=3").status_code == 200  # the draft privacy page: the home page answers
    Article.objects.filter(slug="markup-image-alignment").update(status=Article.Status.DRAFT)
    assert client.get("/2013/01/10/markup-image-alignment/").status_code == 404
    assert client.get("/2099/01/01/never-was/").status_code == 404


@pytest.mark.parametrize(
    "query", ["p=²", "p=١٢", "p=99999999999999999999999", "page_id=-1", "attachment_id=", "p=1e3"]
)
def test_a_query_that_is_no_number_is_the_home_page(imported, client, query):
    assert client.get(f"/?{query}").status_code == 200


def test_a_redirect_follows_a_later_change_of_slug(imported, client):
    page = Page.objects.get(path="about/page-image-alignment")
    page.slug = "images"
    page.save()
    assert client.get("/?page_id=1133")["Location"] == "/about/images/"


def test_a_page_that_is_not_a_redirect_costs_no_query_for_it(imported, client, django_assert_num_queries, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/markup-image-alignment/")
    client.get("/")
    with django_assert_num_queries(0):
        assert client.get("/markup-image-alignment/").status_code == 200
        assert client.get("/?utm_source=x").status_code == 200
    assert OldAddress.objects.filter(address="/?p=1177").exists()
