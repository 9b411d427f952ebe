"""What the admin lets in as a picture, and what readers can download of it.

A photo from a phone says where it was taken (GPS in EXIF and XMP): no file
served under /media/ may say it, while every file keeps its colour profile
and shows the right way up. Only JPEG, PNG, WebP and AVIF are taken, told by
their content; anything else, a damaged file or a decompression bomb is a
form error, never a 500, and leaves no file behind.
"""

import io
import json
import re
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageOps

from articles.images import article_make_renditions
from articles.models import Article, Author

from .factories import (
    CAMERA_MAKE,
    article_form_data,
    camera_photo,
    make_article,
    make_draft,
    make_jpeg,
    srgb_profile,
)

pytestmark = pytest.mark.django_db

WHERE_IT_WAS_TAKEN = (b"GPS", b"51,30", b"51.5", CAMERA_MAKE.encode())


@pytest.fixture
def served_media(settings, media_root):
    """Uploaded files served by Django, as DJANGO_SERVE_MEDIA=1 does."""
    settings.ROOT_URLCONF = "newsportal.tests.media_urls"
    return media_root


def stored_files(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def post_article(client, article, **fields):
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_form_data(article, **fields)
    )


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def assert_tells_nothing_of_where_it_was_taken(data, name):
    for telltale in WHERE_IT_WAS_TAKEN:
        assert telltale not in data, f"{name} contains {telltale!r}"
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert ExifTags.IFD.GPSInfo not in exif and not exif.get_ifd(ExifTags.IFD.GPSInfo), name
        assert set(exif) <= {ExifTags.Base.Orientation}, f"{name} keeps EXIF {dict(exif)}"
        assert "xmp" not in image.info and "comment" not in image.info and "Comment" not in image.info, name


def shown_upright(data):
    """The picture as a browser shows it: its Orientation tag applied."""
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    return image.convert("RGB")


class TestNothingServedSaysWhereAPhotoWasTaken:
    def test_an_uploaded_photo_its_renditions_and_the_share_tags_tell_no_position(self, client, editor, served_media):
        article = make_draft(title="Floods in the valley")
        client.force_login(editor)
        response = post_article(
            client,
            article,
            status=Article.Status.PUBLISHED,
            featured_image=upload("IMG_2041.jpg", camera_photo()),
            featured_image_alt="Rescue boats on a flooded street",
        )
        assert response.status_code == 302
        article.refresh_from_db()
        files = stored_files(served_media)
        assert len(files) == 1 + len(article.image_renditions["renditions"]) > 1

        for path in files:
            name = path.relative_to(served_media).as_posix()
            answer = client.get(f"/media/{name}")
            assert answer.status_code == 200
            data = b"".join(answer.streaming_content)
            assert data == path.read_bytes()
            assert_tells_nothing_of_where_it_was_taken(data, name)
            with Image.open(io.BytesIO(data)) as image:
                assert image.info.get("icc_profile") == srgb_profile(), f"{name} lost its colour profile"
            # Turned a quarter: the sensor's red left half is the top of the picture.
            upright = shown_upright(data)
            assert upright.width < upright.height, name
            top, bottom = (
                upright.getpixel((upright.width // 2, 5)),
                upright.getpixel((upright.width // 2, upright.height - 6)),
            )
            assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0], f"{name} is not the right way up"

        # The original keeps its pixels as the camera stored them, and the tag that turns them.
        original = served_media / article.featured_image.name
        with Image.open(original) as image:
            assert image.size == (1600, 900) and image.getexif()[ExifTags.Base.Orientation] == 6
        # Renditions are turned already: no tag needed.
        assert (article.image_renditions["width"], article.image_renditions["height"]) == (900, 1600)

        page = client.get(article.get_absolute_url()).content.decode()
        shared = [
            re.search(rf'<meta (?:property|name)="{tag}" content="([^"]+)"', page).group(1)
            for tag in ("og:image", "twitter:image")
        ]
        blocks = [
            json.loads(block)
            for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        ]
        news = next(block for block in blocks if block["@type"] == "NewsArticle")
        images = news["image"]
        shared += [image["url"] if isinstance(image, dict) else image for image in images]
        for url in shared:
            assert "/renditions/" in url, f"{url} is not a rendition"
            path = url.split("/media/", 1)[1]
            assert_tells_nothing_of_where_it_was_taken(b"".join(client.get(f"/media/{path}").streaming_content), url)

    @pytest.mark.parametrize("image_format", ["PNG", "WEBP", "AVIF"])
    def test_other_formats_lose_their_position_too(self, client, editor, served_media, image_format):
        article = make_draft()
        client.force_login(editor)
        response = post_article(
            client,
            article,
            featured_image=upload("photo.jpg", camera_photo(image_format=image_format)),
            featured_image_alt="A street",
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.featured_image.name.endswith("." + image_format.lower()), "stored under its real format"
        for path in stored_files(served_media):
            data = path.read_bytes()
            assert_tells_nothing_of_where_it_was_taken(data, path.name)
            with Image.open(io.BytesIO(data)) as image:
                assert image.info.get("icc_profile") == srgb_profile(), f"{path.name} lost its colour profile"
            assert shown_upright(data).height > shown_upright(data).width, path.name

    def test_an_authors_avatar_tells_no_position(self, client, editor, served_media):
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_author_add"),
            {"name": "Pat Photographer", "slug": "pat", "bio": "", "avatar": upload("me.jpg", camera_photo(400, 400))},
        )
        assert response.status_code == 302
        author = Author.objects.get(slug="pat")
        answer = client.get(author.avatar.url)
        data = b"".join(answer.streaming_content)
        assert_tells_nothing_of_where_it_was_taken(data, author.avatar.name)
        with Image.open(io.BytesIO(data)) as image:
            assert image.info.get("icc_profile") == srgb_profile()
            assert image.getexif()[ExifTags.Base.Orientation] == 6
        make_article(author=author)  # an author's page is public once they have a public article
        page = client.get(author.get_absolute_url()).content.decode()
        assert author.avatar.url in page


def eps_drawing():
    output = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(output, "EPS")
    return output.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb():
    """A PNG of a few hundred bytes that claims 100,000 × 100,000 pixels (10 gigapixels)."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * 100_000, 9)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", rows) + png_chunk(b"IEND", b"")


def noise_jpeg():
    output = io.BytesIO()
    Image.effect_noise((800, 600), 80).convert("RGB").save(output, "JPEG", quality=90)
    return output.getvalue()


def truncated_jpeg():
    data = noise_jpeg()
    return data[: len(data) * 2 // 3]


def large_png(width=8000, height=6000):
    """48 megapixels: under Pillow's own bomb limit, over the site's 40."""
    output = io.BytesIO()
    Image.new("1", (width, height)).save(output, "PNG")
    return output.getvalue()


NOT_ACCEPTED = "Upload a JPEG, PNG, WebP or AVIF picture: this file is none of them, whatever its name says."
DAMAGED = "This picture is damaged or incomplete and cannot be read to its end."
TOO_LARGE = "please upload one under 40 megapixels"

REFUSED_UPLOADS = [
    pytest.param("drawing.eps", eps_drawing, NOT_ACCEPTED, id="eps"),
    pytest.param("photo.jpg", eps_drawing, NOT_ACCEPTED, id="eps-named-jpg"),
    pytest.param("photo.jpg", truncated_jpeg, DAMAGED, id="truncated-jpeg"),
    pytest.param("bomb.png", decompression_bomb, TOO_LARGE, id="decompression-bomb"),
    pytest.param("poster.png", large_png, TOO_LARGE, id="48-megapixels"),
]


class TestOnlyAcceptedPicturesGetIn:
    @pytest.mark.parametrize("name, make, reason", REFUSED_UPLOADS)
    def test_the_article_form_refuses_it_with_a_reason_and_keeps_no_file(
        self, client, editor, media_root, name, make, reason
    ):
        article = make_draft()
        client.force_login(editor)
        response = post_article(client, article, featured_image=upload(name, make()), featured_image_alt="Something")
        assert response.status_code == 200
        assert reason in response.content.decode()
        article.refresh_from_db()
        assert not article.featured_image
        assert stored_files(media_root) == []

    @pytest.mark.parametrize("name, make, reason", REFUSED_UPLOADS)
    def test_the_author_form_refuses_it_too(self, client, editor, media_root, name, make, reason):
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_author_add"),
            {"name": "Ann", "slug": "ann", "bio": "", "avatar": upload(name, make())},
        )
        assert response.status_code == 200
        assert reason in response.content.decode()
        assert not Author.objects.filter(slug="ann").exists()
        assert stored_files(media_root) == []

    def test_a_png_named_jpg_is_a_png_and_is_taken_as_one(self, client, editor, media_root):
        article = make_draft()
        client.force_login(editor)
        png = make_jpeg(1300, 700, (10, 120, 40, 255), "PNG")
        response = post_article(client, article, featured_image=upload("photo.jpg", png), featured_image_alt="Green")
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.featured_image.name.endswith(".png")
        with Image.open(media_root / article.featured_image.name) as image:
            assert image.format == "PNG" and image.size == (1300, 700)
        assert [r["width"] for r in article.image_renditions["renditions"]] == [160, 400, 800, 1200, 1300]

    def test_a_picture_that_cannot_be_resized_is_a_form_error_not_a_500(self, client, editor, media_root, monkeypatch):
        def encoder_fails(image, width, icc_profile):
            raise OSError("encoder error -2 when writing image file")

        # A codec failing on a picture that opened fine (Pillow raises OSError or ValueError).
        monkeypatch.setattr("articles.images._encode", encoder_fails)
        article = make_draft()
        client.force_login(editor)
        response = post_article(
            client, article, featured_image=upload("photo.jpg", noise_jpeg()), featured_image_alt="Noise"
        )
        assert response.status_code == 200
        assert "The image could not be resized for the site" in response.content.decode()
        article.refresh_from_db()
        assert not article.featured_image
        assert stored_files(media_root) == []


class TestCachePolicy:
    """Renditions never change under their name, so caches keep them for good; originals may, so an hour."""

    def test_django_serves_renditions_for_good_and_originals_for_an_hour(self, client, served_media):
        story = make_article(featured_image=upload("photo.jpg", make_jpeg(900, 500)), featured_image_alt="Red")
        article_make_renditions(story)
        for rendition in story.image_renditions["renditions"]:
            answer = client.get(story.featured_image.storage.url(rendition["name"]))
            assert answer.status_code == 200
            assert answer["Cache-Control"] == "public, max-age=31536000, immutable"
        original = client.get(story.featured_image.url)
        assert original.status_code == 200 and original["Cache-Control"] == "public, max-age=3600"
        assert client.get("/media/articles/none.jpg").status_code == 404

    def test_a_rendition_made_again_or_of_a_new_picture_gets_a_name_no_file_had(
        self, served_media, django_capture_on_commit_callbacks
    ):
        story = make_article(featured_image=upload("photo.jpg", make_jpeg(900, 500)), featured_image_alt="Red")
        names = set()
        for _attempt in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                article_make_renditions(story, force=True)
            made = {rendition["name"] for rendition in story.image_renditions["renditions"]}
            assert not made & names, "a remade rendition took the name of an earlier one"
            names |= made
        story.featured_image.save("photo.jpg", ContentFile(make_jpeg(900, 500, (0, 0, 200))), save=False)
        story.save()
        with django_capture_on_commit_callbacks(execute=True):
            article_make_renditions(story)
        assert not {rendition["name"] for rendition in story.image_renditions["renditions"]} & names
