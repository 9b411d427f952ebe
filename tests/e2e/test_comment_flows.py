"""Comments in a real browser: reading, posting, replying (with and without JavaScript),
moderation in the admin, the keyboard, and the page a rejected comment comes back on."""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from .content import build_newsroom

try:
    from comments.models import Comment

    reverse("comments:post")
except (ImportError, NoReverseMatch):
    pytest.skip("the comments app has no Comment model or comment URLs yet", allow_module_level=True)

try:
    from comments.tests.factories import make_comment
except ImportError:

    def make_comment(article, **fields):
        return Comment.objects.create(article=article, status=Comment.Status.APPROVED, **fields)


pytestmark = pytest.mark.browser

AWAITING = "Your comment is awaiting moderation."
EDITOR_PASSWORD = "a-long-editor-password"


@pytest.fixture(autouse=True)
def _comment_guards(settings):
    """The spam guards stay on, but a test needs not wait three seconds or a quarter of an hour."""
    if hasattr(settings, "COMMENTS_MIN_SECONDS"):
        settings.COMMENTS_MIN_SECONDS = 0
    if hasattr(settings, "COMMENTS_RATE_LIMITS"):
        settings.COMMENTS_RATE_LIMITS = []


@pytest.fixture
def newsroom(transactional_db):
    return build_newsroom()


@pytest.fixture
def article(newsroom):
    return newsroom["lead"]


@pytest.fixture
def ada(article):
    """An approved comment already under the article."""
    return make_comment(article, name="Ada Reader", email="ada@example.org", body="Thank you for the clear report.")


def wait_for_the_spam_guard(page):
    """Without the setting, the site refuses a comment sent under three seconds after the form appeared."""
    from django.conf import settings

    if getattr(settings, "COMMENTS_MIN_SECONDS", 3):
        page.wait_for_timeout(3100)


def field(container, label):
    """A form field by its label: "Comment", "Name*", "Email*" (the star marks a required one), "Website"."""
    return container.get_by_label(re.compile(rf"^{label}\s*\*?$"))


def fill_comment_form(form, *, comment, name, email, website=""):
    field(form, "Comment").fill(comment)
    field(form, "Name").fill(name)
    field(form, "Email").fill(email)
    if website:
        field(form, "Website").fill(website)


def submit(page, form, *, key=None):
    """Send the form (with the button, or a key on the focused one) and wait for the answer."""
    wait_for_the_spam_guard(page)
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        if key:
            page.keyboard.press(key)
        else:
            form.get_by_role("button").click()
    page.wait_for_load_state()
    return posted.value


def comment_item(page, comment):
    return page.locator(f"#comment-{comment.pk}")


def test_reader_reads_the_comments_and_posts_one_that_is_held(page, new_page, article, ada):
    page.goto("/")
    page.locator(".home-lead").get_by_role("link", name=article.title).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Frequently Asked Questions"))).to_be_visible()
    thread = page.locator("#comments")
    expect(thread.get_by_role("heading", name="1 comment")).to_be_visible()
    expect(comment_item(page, ada)).to_contain_text("Ada Reader")
    expect(comment_item(page, ada)).to_contain_text("Thank you for the clear report.")

    form = page.locator("#respond form")
    expect(page.locator("#respond").get_by_role("heading")).to_have_accessible_name("Leave a Comment")
    fill_comment_form(form, comment="Will there be a joint statement?", name="Ben Okoro", email="ben@example.org")
    submit(page, form)

    held = Comment.objects.get(name="Ben Okoro")
    assert held.status == Comment.Status.PENDING
    expect(page).to_have_url(re.compile(rf"#comment-{held.pk}$"))
    expect(comment_item(page, held)).to_contain_text("Will there be a joint statement?")
    expect(comment_item(page, held)).to_contain_text(AWAITING)

    # Another reader does not see a held comment.
    stranger = new_page()
    stranger.goto(article.get_absolute_url())
    expect(comment_item(stranger, ada)).to_be_visible()
    expect(stranger.get_by_text("Will there be a joint statement?")).to_have_count(0)


def test_reply_with_javascript_moves_the_form_under_the_comment(page, article, ada):
    page.goto(article.get_absolute_url())
    respond = page.locator("#respond")
    comment_item(page, ada).get_by_role("link", name=re.compile(r"^Reply")).click()

    expect(comment_item(page, ada).locator("#respond")).to_be_visible()
    expect(respond.get_by_role("heading")).to_contain_text("Leave a Reply to Ada Reader")
    expect(page).not_to_have_url(re.compile(r"replytocom"))
    expect(field(respond, "Comment")).to_be_focused()

    # "Cancel Reply" puts the form back where it was.
    respond.get_by_role("link", name="Cancel Reply").click()
    expect(comment_item(page, ada).locator("#respond")).to_have_count(0)
    expect(respond.get_by_role("heading")).to_have_accessible_name("Leave a Comment")
    expect(respond.get_by_role("link", name="Cancel Reply")).to_be_hidden()

    comment_item(page, ada).get_by_role("link", name=re.compile(r"^Reply")).click()
    form = respond.locator("form")
    fill_comment_form(form, comment="Agreed, a useful summary.", name="Cy Tran", email="cy@example.org")
    submit(page, form)

    reply = Comment.objects.get(name="Cy Tran")
    assert reply.parent_id == ada.pk
    nested = comment_item(page, ada).locator(f".children #comment-{reply.pk}")
    expect(nested).to_contain_text("Agreed, a useful summary.")
    expect(nested).to_contain_text(AWAITING)


def test_reply_without_javascript_follows_the_reply_link(new_page, article, ada):
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())
    comment_item(page, ada).get_by_role("link", name=re.compile(r"^Reply")).click()

    expect(page).to_have_url(re.compile(rf"\?replytocom={ada.pk}#respond$"))
    respond = page.locator("#respond")
    expect(respond.get_by_role("heading")).to_contain_text("Leave a Reply to Ada Reader")
    expect(respond.get_by_role("link", name="Cancel Reply")).to_be_visible()

    form = respond.locator("form")
    fill_comment_form(form, comment="Same question as Ada.", name="Dee Moss", email="dee@example.org")
    # One press: the browser's Sec-Fetch-Site and Origin stand in for a token on a shared page.
    assert submit(page, form).status == 303

    reply = Comment.objects.get(name="Dee Moss")
    assert reply.parent_id == ada.pk
    expect(comment_item(page, ada).locator(f"#comment-{reply.pk}")).to_contain_text(AWAITING)


def test_editor_approves_a_held_comment_and_the_reader_sees_it(page, new_page, article, django_user_model):
    page.goto(article.get_absolute_url())
    form = page.locator("#respond form")
    fill_comment_form(form, comment="First time here: great coverage.", name="Eve Stone", email="eve@example.org")
    submit(page, form)
    held = Comment.objects.get(name="Eve Stone")
    expect(comment_item(page, held)).to_contain_text(AWAITING)

    django_user_model.objects.create_superuser("editor", "editor@newsroom.example", EDITOR_PASSWORD)
    editor = new_page()
    editor.goto(reverse("admin:comments_comment_changelist"))
    editor.get_by_label("Username").fill("editor")
    editor.get_by_label("Password").fill(EDITOR_PASSWORD)
    editor.get_by_role("button", name="Log in").click()
    expect(editor).to_have_url(re.compile(re.escape(reverse("admin:comments_comment_changelist"))))
    row = editor.locator("#result_list tbody tr").filter(has_text="Eve Stone")
    row.get_by_role("checkbox").check()
    editor.get_by_role("combobox", name=re.compile(r"^Action")).select_option(label="Approve")
    editor.locator(".actions").get_by_role("button").click()
    expect(editor.locator(".messagelist")).to_be_visible()

    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED

    page.reload()
    expect(comment_item(page, held)).to_contain_text("First time here: great coverage.")
    expect(comment_item(page, held)).not_to_contain_text(AWAITING)
    expect(page.locator("#comments").get_by_role("heading", name="1 comment")).to_be_visible()

    stranger = new_page()
    stranger.goto(article.get_absolute_url())
    expect(comment_item(stranger, held)).to_contain_text("First time here: great coverage.")


def test_keyboard_only_reader_reaches_fills_and_sends_the_form(page, article):
    page.goto(article.get_absolute_url())
    textarea = page.locator("#respond textarea")
    for _ in range(300):
        page.keyboard.press("Tab")
        if textarea.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the comment box cannot be reached with the Tab key")

    page.keyboard.type("Typed without a mouse.")
    page.keyboard.press("Tab")
    expect(field(page, "Name")).to_be_focused()
    page.keyboard.type("Fay Lin")
    page.keyboard.press("Tab")
    expect(field(page, "Email")).to_be_focused()
    page.keyboard.type("fay@example.org")
    page.keyboard.press("Tab")
    expect(field(page, "Website")).to_be_focused()
    # Past the website and the "save my details" box, to the button; the hidden trap field is skipped.
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    expect(page.locator("#respond form").get_by_role("button")).to_be_focused()
    submit(page, None, key="Enter")

    held = Comment.objects.get(name="Fay Lin")
    assert held.body == "Typed without a mouse."
    expect(comment_item(page, held)).to_contain_text(AWAITING)


def test_rejected_comment_comes_back_with_errors_and_no_accessibility_problem(axe, article, browser_errors):
    browser_errors.expect(r"status of 4\d\d")
    page = axe.page
    page.goto(article.get_absolute_url())
    form = page.locator("#respond form")
    field(form, "Comment").fill("No name, no email.")
    # The browser's own check would stop an incomplete form; the site's check must answer too.
    form.evaluate("form => { form.noValidate = true; }")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        submit(page, form)
    assert 400 <= posted.value.status < 500
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(field(page, "Comment")).to_have_value("No name, no email.")
    assert Comment.objects.count() == 0
    assert axe.violations(None) == []
