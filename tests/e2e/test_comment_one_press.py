"""A new reader with JavaScript off posts a comment from a page the page cache
shares with one press of "Post Comment"."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment

from .content import build_newsroom
from .test_comment_flows import AWAITING, comment_item, fill_comment_form, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def article(transactional_db):
    return build_newsroom()["lead"]


@pytest.fixture(autouse=True)
def _real_guards(settings):
    """The real spam guard: a form sent under three seconds is refused (submit() waits for it)."""
    settings.COMMENTS_MIN_SECONDS = 3
    settings.COMMENTS_RATE_LIMITS = []


def test_one_press_posts_from_a_cached_page_without_javascript(new_page, article, settings):
    assert settings.PAGE_CACHE_SECONDS
    # Another reader's visit stores the page in the shared cache.
    first = new_page().goto(article.get_absolute_url())
    assert first.status == 200

    page = new_page(java_script_enabled=False)
    served = page.goto(article.get_absolute_url())
    # What the cache hands every anonymous reader: no CSRF token, no cookie, shareable.
    assert "s-maxage" in served.headers.get("cache-control", "")
    assert served.headers.get("etag") == first.headers.get("etag")
    expect(page.locator('#commentform input[name="csrfmiddlewaretoken"]')).to_have_value("")
    assert not page.context.cookies()

    form = page.locator("#respond form")
    fill_comment_form(form, comment="One press is enough.", name="Noor Haddad", email="noor@example.org")
    posted = submit(page, form)

    assert posted.status == 303
    comment = Comment.objects.get(name="Noor Haddad")
    assert comment.body == "One press is enough."
    expect(page).to_have_url(re.compile(rf"#comment-{comment.pk}$"))
    expect(comment_item(page, comment)).to_contain_text(AWAITING)


def test_a_post_from_another_site_is_refused_in_the_browser_and_the_text_kept(
    new_page, article, live_server, browser_errors
):
    """A page of another site with a form posting to ours: the browser says so, and nothing is stored."""
    browser_errors.expect(r"status of 403")
    page = new_page(java_script_enabled=False)
    attacker = (
        f'<!doctype html><title>Win a prize</title><form method="post" action="{live_server.url}/comments/post/">'
        f'<input type="hidden" name="article" value="{article.pk}">'
        '<input type="hidden" name="name" value="Mallory"><input type="hidden" name="email" value="m@example.org">'
        '<textarea name="comment">Sent from elsewhere.</textarea><button>Claim</button></form>'
    )
    page.route("http://prizes.example/", lambda route: route.fulfill(body=attacker, content_type="text/html"))
    page.goto("http://prizes.example/")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Claim").click()
    assert posted.value.request.headers.get("origin") == "http://prizes.example"
    assert posted.value.status == 403
    page.wait_for_load_state()
    expect(page.get_by_role("alert")).to_contain_text("sent from a page of another site")
    expect(page.locator("#respond textarea")).to_have_value("Sent from elsewhere.")
    assert not Comment.objects.filter(name="Mallory").exists()


def test_its_author_edits_the_comment_without_javascript(new_page, article):
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())
    form = page.locator("#respond form")
    fill_comment_form(form, comment="Typo in the frist line.", name="Ola Berg", email="ola@example.org")
    assert submit(page, form).status == 303
    comment = Comment.objects.get(name="Ola Berg")

    comment_item(page, comment).get_by_role("link", name="Edit or delete your comment").click()
    page.get_by_label(re.compile(r"^Comment")).fill("No typo in the first line.")
    with page.expect_response(lambda response: response.request.method == "POST") as saved:
        page.get_by_role("button", name="Save changes").click()
    assert saved.value.status == 303
    page.wait_for_load_state()
    expect(comment_item(page, comment)).to_contain_text("No typo in the first line.")
    expect(comment_item(page, comment).locator(".comment__edited")).to_have_text("edited")
    comment.refresh_from_db()
    assert comment.body == "No typo in the first line." and comment.revisions.count() == 1

    # Another reader sees no Edit link and cannot open the edit page.
    stranger = new_page(java_script_enabled=False)
    stranger.goto(article.get_absolute_url())
    expect(stranger.locator(".comment-edit-link")).to_have_count(0)


def test_a_thread_with_staff_and_edited_comments_and_the_edit_page_have_no_serious_accessibility_problem(axe, article):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from comments.tests.factories import make_comment

    editor = get_user_model().objects.create_user("desk", "desk@newsroom.example", "a-long-password", is_staff=True)
    make_comment(article, user=editor, name="The Desk", body="We have updated the story.", edited_at=timezone.now())
    axe.page.goto(article.get_absolute_url())
    form = axe.page.locator("#respond form")
    fill_comment_form(form, comment="Thanks for the update.", name="Ivo Petrov", email="ivo@example.org")
    assert submit(axe.page, form).status == 303
    mine = Comment.objects.get(name="Ivo Petrov")
    expect(comment_item(axe.page, mine).locator(".comment-edit-link")).to_be_visible()
    expect(axe.page.locator(".comment__badge--staff")).to_have_text("Staff")

    assert axe.violations(None) == []
    assert axe.violations(f"/comments/{mine.pk}/edit/") == []
