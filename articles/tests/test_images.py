"""Featured images: resized once on upload, offered to browsers as srcset, bad uploads refused."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.images import article_make_renditions

from .factories import article_form_data, make_article, make_draft, make_jpeg

pytestmark = pytest.mark.django_db


def with_image(article, data=None, name="photo.jpg"):
    article.featured_image.save(name, ContentFile(data or make_jpeg()), save=False)
    article.featured_image_alt = "A red square"
    article.save()
    return article


def rendition_files(media_root):
    return sorted(path.name for path in media_root.rglob("renditions/*"))


class TestRenditions:
    def test_renditions_are_made_once_for_each_width(self, media_root):
        article = with_image(make_article(slug="boat"))
        assert article_make_renditions(article) is True
        info = article.image_renditions
        assert info["source"] == article.featured_image.name
        assert (info["width"], info["height"]) == (1600, 900)
        assert [(r["width"], r["height"]) for r in info["renditions"]] == [
            (160, 90), (400, 225), (800, 450), (1200, 675), (1600, 900),
        ]  # fmt: skip
        for rendition in info["renditions"]:
            assert (media_root / rendition["name"]).is_file()
        files = rendition_files(media_root)
        assert len(files) == 5
        article.refresh_from_db()
        assert article.image_renditions == info

    def test_making_them_again_changes_nothing(self, media_root):
        article = with_image(make_article())
        article_make_renditions(article)
        stamps = {path: path.stat().st_mtime_ns for path in media_root.rglob("renditions/*")}
        assert article_make_renditions(article) is False
        assert {path: path.stat().st_mtime_ns for path in media_root.rglob("renditions/*")} == stamps

    def test_a_lost_rendition_is_made_again(self, media_root, django_capture_on_commit_callbacks):
        article = with_image(make_article())
        article_make_renditions(article)
        (media_root / article.image_renditions["renditions"][0]["name"]).unlink()
        # The copies it replaces are deleted once the change commits.
        with django_capture_on_commit_callbacks(execute=True):
            assert article_make_renditions(article) is True
        assert len(rendition_files(media_root)) == 5

    def test_a_small_picture_is_never_enlarged(self, media_root):
        article = with_image(make_article(), make_jpeg(300, 200))
        article_make_renditions(article)
        assert [r["width"] for r in article.image_renditions["renditions"]] == [160, 300]

    def test_a_transparent_picture_keeps_its_transparency(self, media_root):
        article = with_image(make_article(), make_jpeg(500, 500, (0, 0, 0, 0), "PNG"), name="logo.png")
        article_make_renditions(article)
        assert all(r["name"].endswith(".webp") for r in article.image_renditions["renditions"])

    def test_replacing_or_removing_the_image_deletes_the_old_copies(
        self, media_root, django_capture_on_commit_callbacks
    ):
        article = with_image(make_article())
        article_make_renditions(article)
        old = rendition_files(media_root)
        with_image(article, make_jpeg(900, 600), name="other.jpg")
        # The old copies are deleted once the change commits.
        with django_capture_on_commit_callbacks(execute=True):
            article_make_renditions(article)
        new = rendition_files(media_root)
        assert not set(old) & set(new)
        assert len(new) == 4
        article.featured_image = ""
        article.save()
        with django_capture_on_commit_callbacks(execute=True):
            article_make_renditions(article)
        assert rendition_files(media_root) == []
        assert article.image_renditions == {}


class TestPages:
    def test_cards_and_the_article_page_offer_the_renditions(self, client, media_root):
        article = with_image(make_article(slug="with-picture", is_editors_pick=True))
        article_make_renditions(article)
        home = client.get("/").content.decode()
        imgs = re.findall(r"<img [^>]*renditions[^>]*>", home)
        assert imgs, "the home page shows the picture"
        for img in imgs:
            assert "160w" in img and "1600w" in img
            assert 'width="1600" height="900"' in img
            assert 'alt="A red square"' in img
        assert any('sizes="72px"' in img for img in imgs), "the footer's small items ask for the smallest"
        page = client.get(article.get_absolute_url()).content.decode()
        figure = page[page.index('<figure class="article__image">') : page.index("</figure>")]
        assert 'sizes="(max-width: 860px) 100vw, 820px"' in figure
        assert "-800w.jpg 800w" in figure
        assert 'fetchpriority="high"' in figure

    def test_pages_make_no_renditions(self, client, media_root):
        article = with_image(make_article(slug="not-yet"))
        page = client.get(article.get_absolute_url()).content.decode()
        assert article.featured_image.url in page
        assert rendition_files(media_root) == []


class TestAdminUpload:
    def post(self, client, article, **fields):
        url = reverse("admin:articles_article_change", args=[article.pk])
        return client.post(url, article_form_data(article, **fields))

    def test_an_upload_in_the_admin_makes_the_renditions(self, client, editor, media_root):
        article = make_draft()
        client.force_login(editor)
        upload = SimpleUploadedFile("harbour.jpg", make_jpeg(1300, 731), content_type="image/jpeg")
        response = self.post(client, article, featured_image=upload, featured_image_alt="The harbour at dawn")
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.featured_image_alt == "The harbour at dawn"
        assert [r["width"] for r in article.image_renditions["renditions"]] == [160, 400, 800, 1200, 1300]

    def test_an_image_needs_alt_text(self, client, editor, media_root):
        article = make_draft()
        client.force_login(editor)
        upload = SimpleUploadedFile("harbour.jpg", make_jpeg(), content_type="image/jpeg")
        response = self.post(client, article, featured_image=upload, featured_image_alt="  ")
        assert response.status_code == 200
        assert "Describe the image for readers who cannot see it" in response.content.decode()
        article.refresh_from_db()
        assert not article.featured_image

    @pytest.mark.parametrize(
        "name, content",
        [
            ("notes.jpg", b"this is plain text, not a picture"),
            ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
            ("broken.png", make_jpeg(40, 40)[:60]),
        ],
    )
    def test_a_file_that_is_not_a_picture_gets_a_form_error(self, client, editor, media_root, name, content):
        article = make_draft()
        client.force_login(editor)
        upload = SimpleUploadedFile(name, content)
        response = self.post(client, article, featured_image=upload, featured_image_alt="Something")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Upload a JPEG, PNG, WebP or AVIF picture" in html or "damaged or incomplete" in html
        assert list(media_root.rglob("*")) == []

    def test_a_huge_picture_is_refused_with_a_reason(self, client, editor, media_root, monkeypatch):
        monkeypatch.setattr("articles.images.MAX_PIXELS", 1000)
        article = make_draft()
        client.force_login(editor)
        upload = SimpleUploadedFile("big.jpg", make_jpeg(100, 100), content_type="image/jpeg")
        response = self.post(client, article, featured_image=upload, featured_image_alt="Big")
        assert response.status_code == 200
        assert "under 40 megapixels" in response.content.decode()
