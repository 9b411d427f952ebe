"""Its author may edit or delete a comment for COMMENTS_EDIT_MINUTES; nobody else, never later."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.editing import EDIT_COOKIE
from comments.models import Comment, CommentRevision
from comments.services import comment_set_status
from comments.tests.factories import comment_post, make_article, make_comment, make_user, trust_browser
from comments.tests.test_posting import field_error, kept_comment

POST_URL = "/comments/post/"


@pytest.fixture
def article(db):
    return make_article(slug="the-article")


def edit_url(comment):
    return reverse("comments:edit", kwargs={"pk": comment.pk})


def delete_url(comment):
    return reverse("comments:delete", kwargs={"pk": comment.pk})


def post_approved(client, article, text="My first thought."):
    """A comment posted by this browser and approved at once (the browser was trusted before)."""
    trust_browser(client, article)
    response = client.post(POST_URL, comment_post(article, comment=text))
    comment = Comment.objects.get(body=text)
    assert comment.status == Comment.Status.APPROVED
    return response, comment


def thread(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    return html[html.index('id="comments"') :]


def test_the_author_edits_their_comment_without_javascript(
    client, other_client, article, django_capture_on_commit_callbacks
):
    response, comment = post_approved(client, article)
    assert EDIT_COOKIE in response.cookies and response.cookies[EDIT_COOKIE]["max-age"] == 600
    other_client.get(article.get_absolute_url())  # the shared page is in the cache

    # The author's page has the Edit link; the shared page nobody else gets has none.
    assert f'href="{edit_url(comment)}"' in thread(client, article)
    assert "comment-edit-link" not in thread(other_client, article)

    form = client.get(edit_url(comment))
    assert form.status_code == 200 and kept_comment(form.content.decode()) == "My first thought."
    assert "no-cache" in form["Cache-Control"] or "no-store" in form["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(edit_url(comment), {"comment": "My second thought."})

    assert saved.status_code == 303 and saved["Location"] == f"/the-article/#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.body == "My second thought." and comment.edited_at is not None
    assert comment.status == Comment.Status.APPROVED
    assert list(comment.revisions.values_list("body", "status")) == [("My first thought.", "approved")]
    # Announced: the shared page shows the new text at once, marked as edited.
    everyone = thread(other_client, article)
    assert "My second thought." in everyone and "My first thought." not in everyone
    assert '<span class="comment__edited">edited</span>' in everyone


def test_every_earlier_text_is_kept_and_shown_to_moderators(client, article):
    _response, comment = post_approved(client, article, "Version one.")
    client.post(edit_url(comment), {"comment": "Version two."})
    client.post(edit_url(comment), {"comment": "Version three."})
    assert list(CommentRevision.objects.filter(comment=comment).values_list("body", flat=True)) == [
        "Version one.",
        "Version two.",
    ]
    moderator = Client()
    moderator.force_login(make_user("mod", staff=True, moderator=True))
    admin_page = moderator.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()
    assert "Version one." in admin_page and "Version two." in admin_page and "Version three." in admin_page


def test_an_edit_that_adds_links_is_held_again(client, other_client, article, django_capture_on_commit_callbacks):
    _response, comment = post_approved(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(edit_url(comment), {"comment": "Now see https://one.example and https://two.example"})
    comment.refresh_from_db()
    assert (comment.status, comment.held_reason) == (Comment.Status.PENDING, "Contains 2 links.")
    assert Article.objects.get(pk=article.pk).comment_count == 1  # the trusting comment only
    assert "one.example" not in thread(other_client, article)
    # Its author still sees it, awaiting moderation, where the redirect leads.
    assert saved["Location"].endswith(f"#comment-{comment.pk}")
    assert "one.example" in thread(client, article)


def test_an_edit_without_new_links_keeps_the_status(client, article):
    response = client.post(POST_URL, comment_post(article, comment="See https://one.example"))
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING
    client.post(edit_url(held), {"comment": "See https://one.example, I meant."})
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING and held.body == "See https://one.example, I meant."
    assert response.status_code == 303


def test_an_edit_is_checked_as_a_new_comment_is(client, article):
    _response, comment = post_approved(client, article)
    refused = client.post(edit_url(comment), {"comment": "Bad\x0bcharacter"})
    assert refused.status_code == 400
    assert "invisible control" in field_error(refused.content.decode(), "comment")
    assert client.post(edit_url(comment), {"comment": "  "}).status_code == 400
    comment.refresh_from_db()
    assert comment.body == "My first thought." and not comment.revisions.exists()


def test_the_author_deletes_their_comment(client, other_client, article, django_capture_on_commit_callbacks):
    _response, comment = post_approved(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.post(delete_url(comment))
    assert deleted.status_code == 303 and deleted["Location"] == "/the-article/#comments"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.TRASH  # moderators still have it
    assert "My first thought." not in thread(other_client, article)
    assert client.get(delete_url(comment)).status_code == 405


def test_a_signed_in_author_edits_their_comment(client, article):
    reader = make_user("rita", first_name="Rita")
    comment = make_comment(article, user=reader, name="Rita", created_at=timezone.now())
    client.force_login(reader)
    assert f'href="{edit_url(comment)}"' in thread(client, article)
    assert client.post(edit_url(comment), {"comment": "Edited while signed in."}).status_code == 303
    other = Client()
    other.force_login(make_user("someone"))
    assert other.get(edit_url(comment)).status_code == 403
    assert "comment-edit-link" not in thread(other, article)


def test_after_the_window_the_edit_does_not_exist(client, article, settings):
    settings.COMMENTS_EDIT_MINUTES = 5
    _response, comment = post_approved(client, article)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=5, seconds=1))

    assert "comment-edit-link" not in thread(client, article)
    refused = client.get(edit_url(comment))
    assert refused.status_code == 403
    assert "for 5 minutes after posting it" in refused.content.decode()
    assert client.post(edit_url(comment), {"comment": "Too late."}).status_code == 403
    assert client.post(delete_url(comment)).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "My first thought." and comment.status == Comment.Status.APPROVED


def test_nobody_else_may_edit_even_with_the_id_in_their_cookie(client, other_client, article):
    _response, comment = post_approved(client, article)
    # Another browser copying the signed Edit-link cookie still lacks the author's browser token.
    other_client.cookies[EDIT_COOKIE] = client.cookies[EDIT_COOKIE].value
    assert other_client.get(edit_url(comment)).status_code == 403
    assert other_client.post(edit_url(comment), {"comment": "Hijacked."}).status_code == 403
    assert other_client.post(delete_url(comment)).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "My first thought."


def test_a_comment_the_reader_may_not_see_has_no_edit_page(client, other_client, article):
    client.post(POST_URL, comment_post(article, comment="Held, mine."))
    held = Comment.objects.get()
    assert client.get(edit_url(held)).status_code == 200  # its author may
    assert other_client.get(edit_url(held)).status_code == 404
    assert other_client.get("/comments/999999/edit/").status_code == 404
    comment_set_status(comments=Comment.objects.filter(pk=held.pk), status=Comment.Status.SPAM)
    assert client.get(edit_url(held)).status_code == 404


def test_editing_can_be_switched_off(client, article, settings):
    settings.COMMENTS_EDIT_MINUTES = 0
    response, comment = post_approved(client, article)
    assert EDIT_COOKIE not in response.cookies
    assert client.get(edit_url(comment)).status_code == 403
