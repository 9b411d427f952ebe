"""The article body editor (django-prose-editor) in the admin and embedded posts on the article page.

Every page runs with the site's real Content-Security-Policy, and the
`browser_errors` fixture fails a test on any CSP violation or console error.
"""

import io
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from articles.tests.factories import make_article, make_jpeg

PASSWORD = "body-editor-password-1"
YOUTUBE = "https://www.youtube.com/watch?v=nwe-H6l4beM"
FRAME = "https://www.youtube-nocookie.com/embed/nwe-H6l4beM"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_in(new_page, django_user_model):
    django_user_model.objects.create_superuser("bodyeditor", "bodyeditor@newsroom.example", PASSWORD)
    page = new_page()
    page.goto(reverse("login"))
    page.get_by_label("Username").fill("bodyeditor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def open_editor(page, article):
    response = page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    expect(editor).to_be_visible()
    return editor


def save(page):
    page.get_by_role("button", name="Save and continue editing").first.click()
    page.wait_for_load_state()


def test_what_is_typed_in_the_editor_is_saved_under_the_real_policy(signed_in, browser_errors):
    page = signed_in
    article = make_article(body="<p>Old text.</p>")
    editor = open_editor(page, article)
    assert page.locator("script:not([src])").count() == page.locator('script[type="application/json"]').count()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Rain all week")
    page.keyboard.press("Enter")
    page.keyboard.type("The river rose.")
    # The word is selected as a reader's double-click would, through the DOM
    # selection the editor follows; arrow keys pressed one by one were not reliable.
    editor.evaluate(
        """(editor) => {
            const paragraph = editor.querySelectorAll("p")[1];
            const range = document.createRange();
            range.setStart(paragraph.firstChild, 4);
            range.setEnd(paragraph.firstChild, 9);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }"""
    )
    expect(editor).to_be_focused()
    page.wait_for_function("() => window.getSelection().toString() === 'river'")
    page.keyboard.press("Control+B")
    save(page)
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.body == "<p>Rain all week</p><p>The <strong>river</strong> rose.</p>"


def test_a_post_is_embedded_as_a_neutral_block_and_another_site_is_refused(signed_in, browser_errors):
    page = signed_in
    article = make_article(body="<p>Watch this.</p>")
    editor = open_editor(page, article)
    editor.click()
    page.keyboard.press("Control+End")
    page.get_by_title("Embed a post from YouTube, Vimeo, X, Instagram, Bluesky or Mastodon").click()
    page.get_by_label("Address of the post").fill("https://youtu.be/nwe-H6l4beM")
    page.locator("dialog").get_by_role("button", name="Insert").click()
    expect(editor.locator("figure.embed")).to_be_visible()
    save(page)
    article.refresh_from_db()
    assert (
        f'<figure class="embed" data-embed-provider="youtube" data-embed-url="{YOUTUBE}" data-embed-frame="{FRAME}">'
    ) in article.body
    assert "<iframe" not in article.body

    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+End")
    page.get_by_title("Embed a post from YouTube, Vimeo, X, Instagram, Bluesky or Mastodon").click()
    page.get_by_label("Address of the post").fill("https://tracker.example/post/1")
    page.locator("dialog").get_by_role("button", name="Insert").click()
    save(page)
    expect(page.locator(".errorlist")).to_contain_text("“https://tracker.example/post/1” cannot be embedded")
    # The refused text stays on the form, and nothing was stored.
    assert "tracker.example" in page.locator("textarea[name=body]").input_value()
    article.refresh_from_db()
    assert "tracker.example" not in article.body


@pytest.fixture
def library_picture(settings, tmp_path):
    """A picture in the media library, in a MEDIA_ROOT of its own (set before any page serves uploads)."""
    from articles.images import image_writes
    from media_library.services import media_file_create

    settings.MEDIA_ROOT = tmp_path
    with image_writes():
        return media_file_create(source=io.BytesIO(make_jpeg()), name="harbour.jpg", title="Harbour at dawn")


def test_a_picture_from_the_library_needs_alt_text_and_a_caption(library_picture, signed_in, browser_errors):
    page = signed_in
    article = make_article(body="<p>The harbour.</p>")
    editor = open_editor(page, article)
    editor.click()
    page.keyboard.press("Control+End")
    page.get_by_title("Insert a picture from the media library").click()
    page.locator(".body-picker").get_by_role("button", name="Harbour at dawn").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.get_by_label("Alt text").fill("Fishing boats at the quay before sunrise")
    dialog.get_by_label("Caption").fill("The harbour at dawn.")
    dialog.get_by_role("button", name="Insert").click()
    expect(editor.locator("figure img")).to_be_visible()
    save(page)
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert 'alt="Fishing boats at the quay before sunrise"' in article.body
    assert "<figcaption>The harbour at dawn.</figcaption></figure>" in article.body
    assert 'srcset="/media/' in article.body


def test_an_embedded_post_loads_nothing_from_its_site_until_the_reader_asks(new_page, browser_errors, live_server):
    article = make_article(body=f'<p>Before.</p><figure class="embed" data-embed-url="{YOUTUBE}"></figure>')
    assert Article.objects.get(pk=article.pk).body.count("data-embed-frame") == 1

    page = new_page()
    outside = []
    page.context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).hostname == "127.0.0.1"
            else (outside.append(route.request.url), route.fulfill(status=200, body="<p>stand-in</p>"))
        ),
    )
    response = page.goto(article.get_absolute_url())
    assert "frame-src https://www.youtube-nocookie.com" in response.headers["content-security-policy"]
    button = page.get_by_role("button", name="Show the post from YouTube")
    expect(button).to_be_visible()
    expect(page.locator(".article__body .embed__note")).to_contain_text("learns of your visit")
    page.wait_for_load_state("networkidle")
    assert outside == [], "requests left this site before the reader asked"
    assert page.locator("iframe").count() == 0

    button.click()
    frame = page.locator(".article__body iframe.embed__frame")
    expect(frame).to_have_attribute("src", FRAME)
    for _ in range(50):  # the frame's request, answered by the stand-in above
        if outside:
            break
        page.wait_for_timeout(100)
    assert outside and all(urlsplit(url).hostname == "www.youtube-nocookie.com" for url in outside)

    without_script = new_page(java_script_enabled=False)
    without_script.goto(article.get_absolute_url())
    link = without_script.locator(".article__body figure.embed a")
    expect(link).to_have_attribute("href", YOUTUBE)
    assert without_script.locator(".article__body button").count() == 0


def test_an_article_with_an_embedded_post_has_no_serious_accessibility_problem(axe):
    article = make_article(body=f'<p>Before.</p><figure class="embed" data-embed-url="{YOUTUBE}"></figure>')
    axe.page.context.route("https://**/*", lambda route: route.fulfill(status=200, body="<p>stand-in</p>"))
    assert axe.violations(article.get_absolute_url()) == []
    axe.page.get_by_role("button", name="Show the post from YouTube").click()
    assert axe.violations(None) == []
