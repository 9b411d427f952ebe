"""Who is trusted: only what is proved (an account, the browser that earned it), never a typed email.

And what a comment's address tells: nothing about comments a reader may not see.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_set_status
from comments.tests.factories import comment_post, make_article, make_comment, make_user, trust_browser
from comments.trust import BROWSER_COOKIE

POST_URL = "/comments/post/"


@pytest.fixture
def article(db):
    return make_article(slug="the-article")


@pytest.fixture
def editor(db):
    return make_user("editor", staff=True, email="editor@example.com", first_name="Erin", last_name="Editor")


def comment_item(html, comment):
    start = html.index(f'id="comment-{comment.pk}"')
    return html[start : html.index("</article>", start)]


def test_an_anonymous_post_as_the_editor_is_held_and_never_shown(client, other_client, article, editor):
    """The attack: the editor's name, their email in another case and a link, posted anonymously."""
    make_comment(article, user=editor, name="Erin Editor", email="editor@example.com")
    # Before, any approved comment under the editor's email made that email trusted.
    make_comment(article, name="Erin Editor", email="editor@example.com")

    response = client.post(
        POST_URL,
        comment_post(article, name="editor", email="Editor@Example.com", comment="Official: see https://evil.example"),
    )

    forged = Comment.objects.latest("id")
    assert response.status_code == 303
    assert forged.status == Comment.Status.PENDING
    assert forged.held_reason == "Uses the name of a member of staff."
    assert "evil.example" not in other_client.get(article.get_absolute_url()).content.decode()


def test_the_editors_email_under_another_name_is_held_even_from_a_trusted_browser(client, article, editor):
    trust_browser(client, article)
    client.post(POST_URL, comment_post(article, name="A Reader", email=" EDITOR@example.COM "))
    forged = Comment.objects.latest("id")
    assert (forged.status, forged.held_reason) == (
        Comment.Status.PENDING,
        "Uses the email address of an account on this site without signing in.",
    )


def test_a_registered_readers_email_earns_no_trust_for_an_anonymous_post(client, article):
    reader = make_user("rita", email="rita@example.org")
    make_comment(article, user=reader, email="rita@example.org")
    client.post(POST_URL, comment_post(article, name="Rita", email="Rita@Example.org"))
    assert Comment.objects.latest("id").status == Comment.Status.PENDING


def test_a_byline_name_posted_anonymously_is_held(client, article):
    client.post(POST_URL, comment_post(article, name=f"  {article.author.name.upper()} "))
    assert Comment.objects.latest("id").held_reason == "Uses the name of a member of staff."


def test_the_browser_that_posted_an_approved_comment_is_trusted_and_no_other(client, other_client, article):
    first = client.post(POST_URL, comment_post(article, name="Lily", email="lily@example.org"))
    cookie = first.cookies[BROWSER_COOKIE]
    assert cookie["path"] == "/comments/" and cookie["httponly"] and cookie["samesite"] == "Lax"
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING and len(held.browser_token) == 64

    comment_set_status(comments=Comment.objects.filter(pk=held.pk), status=Comment.Status.APPROVED)

    again = client.post(POST_URL, comment_post(article, name="Lily", email="lily@example.org"))
    assert Comment.objects.latest("id").status == Comment.Status.APPROVED
    assert BROWSER_COOKIE not in again.cookies  # the browser keeps the token it has

    other_client.post(POST_URL, comment_post(article, name="Lily", email="lily@example.org"))
    assert Comment.objects.latest("id").status == Comment.Status.PENDING


def test_a_forged_browser_cookie_earns_nothing(client, article):
    approved = trust_browser(client, article)
    value = client.cookies[BROWSER_COOKIE].value
    client.cookies[BROWSER_COOKIE] = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    client.post(POST_URL, comment_post(article))
    newest = Comment.objects.latest("id")
    assert newest.pk != approved.pk and newest.status == Comment.Status.PENDING


def test_the_trust_cookie_does_not_split_the_shared_page_cache(client, other_client, article):
    assert BROWSER_COOKIE not in settings.PAGE_CACHE_PRIVATE_COOKIES
    trust_browser(client, article)
    shared = other_client.get(article.get_absolute_url())
    trusted = client.get(article.get_absolute_url())
    assert trusted.content == shared.content
    assert "private" not in trusted.get("Cache-Control", "")


def test_a_signed_in_reader_is_trusted_once_their_account_has_an_approved_comment(client, article):
    reader = make_user("rita", email="rita@example.org", first_name="Rita")
    client.force_login(reader)
    data = comment_post(article)
    del data["name"], data["email"]
    client.post(POST_URL, data)
    first = Comment.objects.get()
    assert (first.status, first.held_reason) == (Comment.Status.PENDING, "First comment from this account.")

    comment_set_status(comments=Comment.objects.filter(pk=first.pk), status=Comment.Status.APPROVED)
    client.post(POST_URL, {**data, "comment": "Another thought."})
    assert Comment.objects.latest("id").status == Comment.Status.APPROVED


def test_staff_comments_carry_a_badge_that_nobody_else_gets(client, article, editor):
    by_staff = make_comment(article, user=editor, name="Erin Editor", email="editor@example.com")
    impostor = make_comment(article, name="editor", email="editor@example.com")
    former = make_user("former", staff=True, is_active=False)
    by_former_staff = make_comment(article, user=former, name="Former")

    html = client.get(article.get_absolute_url()).content.decode()

    assert re.search(r'class="comment__badge comment__badge--staff">Staff<', comment_item(html, by_staff))
    assert "comment__badge" not in comment_item(html, impostor)
    assert "comment__badge" not in comment_item(html, by_former_staff)
    # An account's avatar colour follows the account, not the email an impostor can type.
    colour = re.compile(r"comment-avatar--(\d)")
    assert colour.search(comment_item(html, by_staff)).group(1) == str(by_staff.avatar_colour)
    for email in ("", "someone-else@example.org"):
        assert Comment(user=editor, name="Erin", email=email).avatar_colour == by_staff.avatar_colour
    assert Comment(name="editor", email="editor@example.com").avatar_colour == impostor.avatar_colour


# --- /comments/<id>/ ----------------------------------------------------------


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH])
def test_a_comment_a_reader_may_not_see_answers_as_one_that_does_not_exist(client, article, status):
    hidden = make_comment(article, status=status)
    missing = client.get("/comments/999999/")
    response = client.get(hidden.get_absolute_url())
    assert (response.status_code, response.has_header("Location")) == (404, False)
    assert (missing.status_code, missing.has_header("Location")) == (404, False)

    # The same page, but for the address it names and the request id.
    def page(response, address):
        return re.sub(r"[0-9a-f]{32}", "", response.content.decode().replace(address, "ADDRESS"))

    assert page(response, hidden.get_absolute_url()) == page(missing, "/comments/999999/")


def test_its_author_still_finds_their_held_comment(client, article):
    response = client.post(POST_URL, comment_post(article, comment="Mine, waiting."))
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING
    assert client.get(held.get_absolute_url())["Location"] == response["Location"]
    assert Client().get(held.get_absolute_url()).status_code == 404


def test_a_signed_in_author_finds_their_held_comment(client, article):
    reader = make_user("rita")
    held = make_comment(article, user=reader, status=Comment.Status.PENDING)
    client.force_login(reader)
    assert client.get(held.get_absolute_url())["Location"] == f"/the-article/#comment-{held.pk}"


def test_moderators_are_sent_to_a_hidden_comment_in_the_admin(client, article):
    client.force_login(make_user("mod", staff=True, moderator=True))
    for status in (Comment.Status.PENDING, Comment.Status.SPAM):
        hidden = make_comment(article, status=status)
        response = client.get(hidden.get_absolute_url())
        assert response["Location"] == reverse("admin:comments_comment_change", args=[hidden.pk])
    visible = make_comment(article)
    assert client.get(visible.get_absolute_url())["Location"] == f"/the-article/#comment-{visible.pk}"
