"""Full-page screenshots of the main pages at desktop and phone widths.

`make screenshots` runs these with `--screenshots-dir docs/screenshots` to
refresh the pictures in the docs; in the ordinary run they go to a
temporary folder. Either way each picture is checked to be the width it
claims, and the page to fit that width without sideways scrolling.
"""

import struct
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE
from .content import seed_demo_content

pytestmark = [pytest.mark.browser, pytest.mark.screenshots]


def png_size(path):
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.fixture
def demo_content(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads the demo content draws stay out of the work tree
    seed_demo_content()


@pytest.fixture
def screenshots_dir(pytestconfig, tmp_path):
    chosen = pytestconfig.getoption("--screenshots-dir")
    folder = Path(chosen) if chosen else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def main_pages():
    """Every kind of page: home, the newest article, its category, author and topic, a search
    for a word of its title, the sign-in page and the 404 page."""
    from django.urls import reverse

    from articles.models import Article

    article = Article.objects.published().select_related("category", "author", "topic").newest_first().first()
    word = max(article.title.split(), key=len).strip(",.:;!?'\"")
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "category": article.category.get_absolute_url(),
        "author": article.author.get_absolute_url(),
        "topic": article.topic.get_absolute_url(),
        "search": f"/?s={word}",
        "sign-in": reverse("login"),
        "404": "/no-such-page/",
    }


@pytest.mark.parametrize("width", [DESKTOP["width"], PHONE["width"]], ids=["desktop", "phone"])
def test_main_pages_fit_the_screen_and_are_saved(new_page, browser_errors, demo_content, screenshots_dir, width):
    viewport = DESKTOP if width == DESKTOP["width"] else PHONE
    browser_errors.expect(r"status of 404")  # the 404 page, asked for on purpose
    page = new_page(viewport=viewport, reduced_motion="reduce")
    for name, url in main_pages().items():
        response = page.goto(url)
        assert response.status == (404 if name == "404" else 200), name
        # A full-page picture shows what a reader sees after scrolling, lazy images included.
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(image => { image.loading = 'eager'; })")
        page.evaluate("() => Promise.all(Array.from(document.images, image => image.decode().catch(() => null)))")
        for image in page.locator("img").all():
            assert image.evaluate("image => image.naturalWidth") > 0, f"{name}: {image.get_attribute('src')} is broken"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
        path = screenshots_dir / f"{name}-{width}.png"
        page.screenshot(path=path, full_page=True)
        shot_width, shot_height = png_size(path)
        assert shot_width == width
        assert shot_height >= viewport["height"]


def test_newsroom_pages_are_saved(new_page, demo_content, screenshots_dir, django_user_model):
    """The editor's two main screens: an article's edit form and the comment moderation list."""
    from django.urls import reverse

    from articles.models import Article
    from comments.models import Comment

    password = "screenshots-editor-password-1"
    django_user_model.objects.create_superuser("screens", "screens@newsroom.example", password)
    article = Article.objects.published().newest_first().first()
    Comment.objects.filter(pk__in=Comment.objects.filter(article=article).order_by("pk").values("pk")[:2]).update(
        status=Comment.Status.PENDING, held_reason="First comment from this email address."
    )
    page = new_page(viewport=DESKTOP)
    page.goto(reverse("login"))
    page.get_by_label("Username").fill("screens")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    pages = {
        "admin-article-edit": reverse("admin:articles_article_change", args=[article.pk]),
        "admin-comment-moderation": reverse("admin:comments_comment_changelist"),
    }
    for name, url in pages.items():
        page.goto(url)
        assert page.locator("#content").is_visible(), f"{name} did not open for an editor"
        path = screenshots_dir / f"{name}-{DESKTOP['width']}.png"
        page.screenshot(path=path, full_page=True)
        assert png_size(path)[0] == DESKTOP["width"]


def test_breaking_news_and_a_correction_are_saved(new_page, demo_content, screenshots_dir):
    """The breaking news bar over the home page at both widths, and the demo's correction on its article."""
    from articles.models import Article, Correction
    from articles.services import article_break_news

    article_break_news(article=Article.objects.published().newest_first().first())
    corrected = Correction.objects.select_related("article").first().article
    shots = [
        ("breaking-1280", "/", {"width": 1280, "height": 900}),
        ("breaking-375", "/", {"width": 375, "height": 800}),
        ("correction-1280", corrected.get_absolute_url(), {"width": 1280, "height": 1100}),
    ]
    for name, url, viewport in shots:
        page = new_page(viewport=viewport, reduced_motion="reduce")
        assert page.goto(url).status == 200, name
        assert page.locator(".breaking-news").is_visible(), name
        if name.startswith("correction"):
            assert page.locator(".correction-note").first.is_visible(), name
        # Only what the window shows is taken: the pictures in it are loaded, those below never are (lazy).
        page.wait_for_load_state("load")
        path = screenshots_dir / f"{name}.png"
        page.screenshot(path=path)
        assert png_size(path) == (viewport["width"], viewport["height"]), name
